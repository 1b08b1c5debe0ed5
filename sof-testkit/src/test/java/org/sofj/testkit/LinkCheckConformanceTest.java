package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.LinkCheck;

/**
 * The kit tells the truth the loader will tell: a plugin built in a temporary directory, run
 * through the conformance checks from its own jar.
 */
final class LinkCheckConformanceTest {
    private static final String PROVIDER = "package com.example.loud;\n"
            + "import java.util.*;\n"
            + "import org.sofj.api.*;\n"
            + "import org.sofj.api.audio.*;\n"
            + "import org.sofj.api.spi.ModuleProvider;\n"
            + "public final class LoudProvider implements ModuleProvider {\n"
            + "    public Set<String> moduleNames() { return Set.of(\"loud\"); }\n"
            + "    public ProcessingModule create(String n) { return new Loud(); }\n"
            + "    public Optional<ModuleDescription> describe(String n) {\n"
            + "        return Optional.of(ModuleDescription.builder(\"loud\", UUID.fromString(\n"
            + "            \"5c1b2f4e-8d6a-4b5c-9e7f-0a1b2c3d4e5f\")).userMode(true).build());\n"
            + "    }\n"
            + "}\n";
    private static final String MODULE = "package com.example.loud;\n"
            + "import org.sofj.api.*;\n"
            + "import org.sofj.api.audio.*;\n"
            + "final class Loud implements ProcessingModule {\n"
            + "    public int init(ModuleContext c) { %s return 0; }\n"
            + "    public int process(Source[] in, Sink[] out) { return -Errno.ENODATA; }\n"
            + "}\n";
    private static final String TOML = "name = \"loud\"\nversion = \"1.0.0\"\n"
            + "api_version = \"1.0.0\"\n\n[[module]]\nname = \"loud\"\n"
            + "uuid = \"5c1b2f4e-8d6a-4b5c-9e7f-0a1b2c3d4e5f\"\n"
            + "provider = \"com.example.loud.LoudProvider\"\nuser_mode = %d\n";

    @TempDir
    Path dir;

    private Path jar(String init, String toml) throws IOException, URISyntaxException {
        final Path src = dir.resolve("src/com/example/loud");
        Files.createDirectories(src);
        Files.writeString(dir.resolve("src/module-info.java"), "module com.example.loud {\n"
                + "  requires org.sofj.api;\n  provides org.sofj.api.spi.ModuleProvider with"
                + " com.example.loud.LoudProvider;\n}\n");
        Files.writeString(src.resolve("LoudProvider.java"), PROVIDER);
        Files.writeString(src.resolve("Loud.java"), String.format(MODULE, init));
        final Path classes = dir.resolve("classes");
        final String api = Path.of(ModuleProvider.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI()).toString();
        final StringWriter log = new StringWriter();
        final List<String> args = new ArrayList<>(List.of("--release", "17", "-d",
                classes.toString(), "--module-path", api));
        try (Stream<Path> s = Files.walk(dir.resolve("src"))) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        assertEquals(0, ToolProvider.findFirst("javac").orElseThrow().run(new PrintWriter(log),
                new PrintWriter(log), args.toArray(new String[0])), log.toString());
        if (toml != null) {
            Files.createDirectories(classes.resolve("META-INF/sofj"));
            Files.writeString(classes.resolve("META-INF/sofj/modules.toml"), toml);
        }
        final Path jar = dir.resolve("loud-1.0.jar");
        try (OutputStream f = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(f);
                Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(classes.relativize(p).toString()));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        }
        return jar;
    }

    private static ModuleProvider provider(URLClassLoader loader) throws Exception {
        return loader.loadClass("com.example.loud.LoudProvider").asSubclass(ModuleProvider.class)
                .getConstructor().newInstance();
    }

    @Test
    void shouldFailTheLinkCheckWithTheLoadersLinesWhenTheModuleTouchesTheConsole()
            throws Exception {
        final Path jar = jar("System.out.flush();", String.format(TOML, 1));
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                getClass().getClassLoader())) {
            final ConformanceReport r = Conformance.check(provider(loader), "loud",
                    ConformanceOptions.defaults());
            final CheckResult link = r.result(Check.LINK_CHECK);
            assertEquals(CheckResult.Status.FAILED, link.status(), r.toString());
            final List<String> lines = LinkCheck.check(Files.readAllBytes(jar), "loud-1.0.jar");
            assertEquals(lines.size() + " refused reference(s):\n    "
                    + String.join("\n    ", lines), link.detail());
            assertTrue(link.detail().contains("loud-1.0.jar"), link.detail());
        }
    }

    @Test
    void shouldPassTheLinkCheckWhenTheModuleKeepsToTheApi() throws Exception {
        final Path jar = jar("", String.format(TOML, 1));
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                getClass().getClassLoader())) {
            final ConformanceReport r = Conformance.check(provider(loader), "loud",
                    ConformanceOptions.defaults());
            assertEquals(CheckResult.Status.PASSED, r.result(Check.LINK_CHECK).status(),
                    r.toString());
        }
    }

    @Test
    void shouldRefuseToRunWhenTheJarsManifestAndDescribeDisagree() throws Exception {
        final Path jar = jar("", String.format(TOML, 0));
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()},
                getClass().getClassLoader())) {
            final ModuleProvider p = provider(loader);
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Conformance.check(p, "loud", ConformanceOptions.defaults()));
            assertEquals("loud-1.0.jar: META-INF/sofj/modules.toml: module \"loud\": user_mode"
                    + " = 0, but com.example.loud.LoudProvider.describe(\"loud\") says 1",
                    e.getMessage());
        }
    }
}
