package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.sofj.api.Errno;

/** Plugin jars compiled from source in a test's directory, against sof-api only. */
final class PluginJars {
    private PluginJars() {
    }

    /**
     * Compiles {@code sources} (file name to text, {@code module-info.java} included) and writes
     * them with {@code toml} as {@code META-INF/sofj/modules.toml} into {@code dir/name.jar}.
     *
     * @return the jar
     */
    static Path build(Path dir, String name, Map<String, String> sources, String toml)
            throws IOException, URISyntaxException {
        final Path src = Files.createDirectories(dir.resolve(name + "-src"));
        final Path out = Files.createDirectories(dir.resolve(name + "-classes"));
        final List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> e : sources.entrySet()) {
            final Path f = src.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            files.add(f);
        }
        final Path api = Path.of(Errno.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI());
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final StringWriter log = new StringWriter();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null,
                StandardCharsets.UTF_8)) {
            assertTrue(javac.getTask(log, fm, null, List.of("--module-path", api.toString(), "-d",
                    out.toString()), null, fm.getJavaFileObjectsFromPaths(files)).call(),
                    log.toString());
        }
        final Path jar = dir.resolve(name + ".jar");
        try (OutputStream os = Files.newOutputStream(jar);
                ZipOutputStream zip = new ZipOutputStream(os);
                Stream<Path> walk = Files.walk(out)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                zip.putNextEntry(new ZipEntry(out.relativize(p).toString().replace('\\', '/')));
                zip.write(Files.readAllBytes(p));
            }
            zip.putNextEntry(new ZipEntry("META-INF/sofj/modules.toml"));
            zip.write(toml.getBytes(StandardCharsets.UTF_8));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return jar;
    }
}
