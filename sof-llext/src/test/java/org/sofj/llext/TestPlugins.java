package org.sofj.llext;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.sofj.api.Errno;
import org.sofj.llext.internal.pack.JarWriter;
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * Builds plugin libraries inside tests: writes module sources, compiles them against the sof-api
 * jar with {@code javax.tools}, jars them with {@link JarWriter} and packs them.
 */
public final class TestPlugins {
    /** The uuid of the standard module. */
    public static final String GAIN_UUID = "61bca9a8-18d0-4a18-8e7b-2639219804b7";

    private TestPlugins() {
    }

    /** @return the sof-api jar (or classes directory) the tests run against */
    public static Path apiJar() {
        try {
            return Path.of(Errno.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The standard plugin: module {@code test.plugin}, provider {@code test.plugin.GainProvider}
     * offering {@code GAIN}, whose instances' {@code toString()} is {@code variant}.
     *
     * @param variant a marker compiled into the classes
     * @return relative source path to source text
     */
    public static Map<String, String> sources(String variant) {
        final Map<String, String> s = new LinkedHashMap<>();
        s.put("module-info.java", "module test.plugin { requires org.sofj.api;"
                + " provides org.sofj.api.spi.ModuleProvider with test.plugin.GainProvider; }");
        s.put("test/plugin/GainProvider.java", "package test.plugin;\n"
                + "public final class GainProvider implements org.sofj.api.spi.ModuleProvider {\n"
                + "  public java.util.Set<String> moduleNames() { return java.util.Set.of(\"GAIN\"); }\n"
                + "  public org.sofj.api.ProcessingModule create(String n) { return new Gain(); }\n"
                + "}\n");
        s.put("test/plugin/Gain.java", "package test.plugin;\n"
                + "public final class Gain implements org.sofj.api.ProcessingModule {\n"
                + "  public int init(org.sofj.api.ModuleContext c) { return 0; }\n"
                + "  public int process(org.sofj.api.audio.Source[] in, org.sofj.api.audio.Sink[] out)"
                + " { return 0; }\n"
                + "  @Override public String toString() { return \"" + variant + "\"; }\n"
                + "}\n");
        return s;
    }

    /**
     * Compiles one module's sources against sof-api.
     *
     * @param dir     a scratch directory
     * @param sources relative source path to text, {@code module-info.java} included
     * @return class entry name to bytes, {@code module-info.class} included
     */
    public static Map<String, byte[]> compile(Path dir, Map<String, String> sources) {
        try {
            final Path src = Files.createDirectories(dir.resolve("src"));
            final Path out = Files.createDirectories(dir.resolve("classes"));
            final List<String> args = new ArrayList<>(List.of("--module-path",
                    apiJar().toString(), "-d", out.toString(), "-nowarn"));
            final List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                final Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f);
            }
            final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            final StringWriter log = new StringWriter();
            try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null,
                    StandardCharsets.UTF_8)) {
                if (!javac.getTask(log, fm, null, args, null,
                        fm.getJavaFileObjectsFromPaths(files)).call()) {
                    throw new IllegalStateException("javac failed:\n" + log);
                }
            }
            return read(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, byte[]> read(Path out) throws IOException {
        final Map<String, byte[]> classes = new TreeMap<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                classes.put(out.relativize(p).toString().replace('\\', '/'),
                        Files.readAllBytes(p));
            }
        }
        return classes;
    }

    /**
     * A source manifest with one module {@code GAIN}.
     *
     * @param apiVersion  the api_version value
     * @param moduleExtra extra lines for the {@code [[module]]} table
     * @return the TOML text
     */
    public static String toml(String apiVersion, String moduleExtra) {
        return "name = \"gainlib\"\nversion = \"1.2.3\"\napi_version = \"" + apiVersion + "\"\n\n"
                + "[[module]]\nname = \"GAIN\"\nuuid = \"" + GAIN_UUID + "\"\n"
                + "provider = \"test.plugin.GainProvider\"\n" + moduleExtra + "\n";
    }

    /**
     * @param classes class entries
     * @param toml    the source manifest
     * @return the plugin jar's bytes
     */
    public static byte[] jar(Map<String, byte[]> classes, String toml) {
        final Map<String, byte[]> entries = new TreeMap<>(classes);
        entries.put("META-INF/sofj/modules.toml", toml.getBytes(StandardCharsets.UTF_8));
        return JarWriter.sorted(entries);
    }

    /**
     * Packs a plugin jar into a library file.
     *
     * @param dir    where to write it
     * @param jar    the plugin jar
     * @param signer the signing key
     * @param name   the file name
     * @return the library file
     */
    public static Path pack(Path dir, byte[] jar, KeyPair signer, String name) {
        final LibraryContainer c = LibraryPacker.pack(jar, signer);
        final Path file = dir.resolve(name);
        c.write(file);
        return file;
    }
}
