package org.sofj.bench.llext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The benchmark's plugin: module {@code bench.plugin} with four module types {@code MOD0..MOD3},
 * each its own provider and module class (eight classes for the link check), user mode. Compiled
 * with {@code javax.tools} against the host module jar.
 */
final class BenchPlugin {
    /** The plugin's module name. */
    static final String MODULE = "bench.plugin";
    /** Module types in the library. */
    static final int MODULES = 4;
    /** Every class of the plugin, by binary name: a provider and a module class per type. */
    static final List<String> CLASSES = classes();

    private BenchPlugin() {
    }

    /**
     * Compiles and jars the plugin.
     *
     * @param dir     a scratch directory
     * @param hostJar the module path to compile against (holds {@code org.sofj.api})
     * @return the plugin jar
     */
    static Path build(Path dir, Path hostJar) {
        try {
            final Path src = Files.createDirectories(dir.resolve("src/bench/plugin"));
            final Path classes = Files.createDirectories(dir.resolve("classes"));
            final List<Path> files = new ArrayList<>();
            final StringBuilder provides = new StringBuilder();
            for (int i = 0; i < MODULES; i++) {
                files.add(Files.writeString(src.resolve("P" + i + ".java"), provider(i)));
                files.add(Files.writeString(src.resolve("M" + i + ".java"), module(i)));
                provides.append(i == 0 ? "" : ", ").append("bench.plugin.P").append(i);
            }
            files.add(Files.writeString(dir.resolve("src/module-info.java"), "module " + MODULE
                    + " { requires org.sofj.api; provides org.sofj.api.spi.ModuleProvider with "
                    + provides + "; }"));
            compile(files, hostJar, classes);
            return jar(classes, dir.resolve("bench-plugin.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> classes() {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < MODULES; i++) {
            names.add(MODULE + ".P" + i);
            names.add(MODULE + ".M" + i);
        }
        return List.copyOf(names);
    }

    private static String provider(int i) {
        return "package bench.plugin;\npublic final class P" + i
                + " implements org.sofj.api.spi.ModuleProvider {\n"
                + "  public java.util.Set<String> moduleNames() { return java.util.Set.of(\"MOD"
                + i + "\"); }\n"
                + "  public org.sofj.api.ProcessingModule create(String n) { return new M" + i
                + "(); }\n}\n";
    }

    private static String module(int i) {
        return "package bench.plugin;\npublic final class M" + i
                + " implements org.sofj.api.ProcessingModule {\n"
                + "  private int frames;\n"
                + "  public int init(org.sofj.api.ModuleContext c) { return 0; }\n"
                + "  public int process(org.sofj.api.audio.Source[] in,"
                + " org.sofj.api.audio.Sink[] out) { frames += in.length + out.length;"
                + " return 0; }\n}\n";
    }

    /** @return the source manifest for the four module types */
    static String toml() {
        final StringBuilder t = new StringBuilder("name = \"benchlib\"\nversion = \"1.0.0\"\n"
                + "api_version = \"1.0.0\"\n");
        for (int i = 0; i < MODULES; i++) {
            t.append("\n[[module]]\nname = \"MOD").append(i).append("\"\nuuid = \"")
                    .append(String.format("0000000%d-0000-4000-8000-00000000000%d", i, i))
                    .append("\"\nprovider = \"bench.plugin.P").append(i)
                    .append("\"\nuser_mode = 1\n");
        }
        return t.toString();
    }

    private static void compile(List<Path> files, Path hostJar, Path out) throws IOException {
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final StringWriter log = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null,
                StandardCharsets.UTF_8)) {
            final List<String> args = List.of("--module-path", hostJar.toString(), "-d",
                    out.toString(), "-nowarn");
            if (!javac.getTask(log, fm, null, args, null,
                    fm.getJavaFileObjectsFromPaths(files)).call()) {
                throw new IllegalStateException("javac failed:\n" + log);
            }
        }
    }

    private static Path jar(Path classes, Path out) throws IOException {
        final TreeMap<String, byte[]> entries = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                entries.put(classes.relativize(p).toString().replace('\\', '/'),
                        Files.readAllBytes(p));
            }
        }
        entries.put("META-INF/sofj/modules.toml", toml().getBytes(StandardCharsets.UTF_8));
        try (OutputStream file = Files.newOutputStream(out);
                JarOutputStream jar = new JarOutputStream(file)) {
            for (var e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        }
        return out;
    }
}
