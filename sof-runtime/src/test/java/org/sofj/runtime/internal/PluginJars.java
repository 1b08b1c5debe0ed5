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
     * The fields and {@code process} of a user-mode passthru for a test library: what its first
     * source holds goes to its first sink, copied through a {@code MemoryAccess access} field the
     * class declares or inherits. Needs {@code org.sofj.api.audio.*} imported.
     */
    static final String PASSTHRU = "  private final AudioRegion in = new AudioRegion();\n"
            + "  private final AudioRegion out = new AudioRegion();\n"
            + "  public int process(Source[] s, Sink[] k) {\n"
            + "    final int n = s[0].getDataAvailable();\n"
            + "    if (n == 0 || k[0].getFreeSize() < n) return 0;\n"
            + "    s[0].getData(n, in); k[0].getBuffer(n, out);\n"
            + "    long done = 0;\n"
            + "    while (done < n) {\n"
            + "      final long src = in.addressAt(done), dst = out.addressAt(done);\n"
            + "      final long chunk = Math.min(n - done, Math.min(in.bufferStart()"
            + " + in.bufferSize() - src, out.bufferStart() + out.bufferSize() - dst));\n"
            + "      access.copy(src, dst, chunk);\n"
            + "      done += chunk;\n"
            + "    }\n"
            + "    k[0].commitBuffer(n);\n"
            + "    return s[0].releaseData(n);\n  }\n";

    /**
     * Compiles and signs a test library of user-mode types ({@link #userModules}) as
     * {@code dir/name.sofjlib}: {@code sources} without a module-info, which this adds (module
     * {@code test.name}, providing {@code provider}).
     *
     * @return the library file
     */
    static Path packUser(Path dir, String name, Map<String, String> sources, String provider,
            int uuidBase, java.security.KeyPair key, String... types) throws Exception {
        final Map<String, String> all = new java.util.LinkedHashMap<>(sources);
        all.put("module-info.java", moduleInfo("test." + name, provider));
        final Path library = dir.resolve(name + ".sofjlib");
        org.sofj.llext.LibraryPacker.pack(build(dir, name, all,
                userModules(name, provider, uuidBase, types)), key, library);
        return library;
    }

    /** The {@code module-info.java} of a test library: it provides {@code provider}. */
    static String moduleInfo(String module, String provider) {
        return "module " + module + " { requires org.sofj.api;"
                + " provides org.sofj.api.spi.ModuleProvider with " + provider + "; }";
    }

    /**
     * The {@code modules.toml} of a test library whose types are all user-mode, made by one
     * provider class, with ibs and obs of one tick; the UUIDs end in {@code uuidBase}, then the
     * numbers after it.
     */
    static String userModules(String library, String provider, int uuidBase, String... names) {
        final StringBuilder t = new StringBuilder("name = \"" + library
                + "\"\nversion = \"1.0.0\"\napi_version = \"1.0.0\"\n");
        for (int i = 0; i < names.length; i++) {
            t.append("[[module]]\nname = \"").append(names[i]).append("\"\nuuid = \"")
                    .append(String.format("0c0d6a2e-5f6e-4d8b-9a57-3a1f0f4a7e%02d", uuidBase + i))
                    .append("\"\nprovider = \"").append(provider).append("\"\nuser_mode = 1\n"
                            + "ibs = 384\nobs = 384\n");
        }
        return t.toString();
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
