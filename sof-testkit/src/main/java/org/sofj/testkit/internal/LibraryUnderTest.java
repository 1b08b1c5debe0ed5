package org.sofj.testkit.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.sofj.api.ApiVersion;
import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.SourceManifests;

/**
 * The plugin library a provider under test comes from, as the loader would see it: the jar (or
 * the build's classes directory, zipped in memory) holding the provider's class, its
 * {@code module-info.class} and its {@code META-INF/sofj/modules.toml}. Tells the test kit what
 * the loader will: its link check, and the manifest's own description of the module.
 *
 * @param name     the jar's file name (or the directory's), as refusals name it
 * @param jar      the library's content as a jar, with a manifest (the library's own, or one
 *                 written from {@code describe} when it has none)
 * @param manifest whether the manifest is the library's own
 * @param notAPlugin why the provider is not in a plugin module (a provider class in a test's own
 *                 classes, say), or {@code null} when it is; {@code jar} is empty then
 */
public record LibraryUnderTest(String name, byte[] jar, boolean manifest, String notAPlugin) {
    private static final String MODULE_INFO = "module-info.class";

    /** Copies. */
    public LibraryUnderTest {
        jar = jar.clone();
    }

    /**
     * @param provider    the provider under test
     * @param description what its {@code describe} says about the module under test
     * @return the library, or why there is none ({@link #notAPlugin})
     */
    public static LibraryUnderTest of(ModuleProvider provider, ModuleDescription description) {
        final CodeSource cs = provider.getClass().getProtectionDomain().getCodeSource();
        if (cs == null || cs.getLocation() == null) {
            return none(provider.getClass().getName() + " has no code location");
        }
        final Path where;
        try {
            where = Path.of(cs.getLocation().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return none(provider.getClass().getName() + " comes from " + cs.getLocation()
                    + ", not a file");
        }
        final byte[] jar = Files.isDirectory(where) ? zip(where) : read(where);
        final Path file = where.getFileName();
        final String name = file == null ? where.toString() : file.toString();
        if (entry(jar, MODULE_INFO) == null) {
            return none(where + " has no " + MODULE_INFO + ": " + provider.getClass().getName()
                    + " is not in a plugin module");
        }
        if (entry(jar, SourceManifests.PATH) != null) {
            return new LibraryUnderTest(name, jar, true, null);
        }
        final String toml = SourceManifests.toToml("test", "0.0.0", ApiVersion.CURRENT,
                List.of(new SourceManifests.Described(provider.getClass().getName(),
                        description)));
        return new LibraryUnderTest(name, with(jar, SourceManifests.PATH, toml), false, null);
    }

    private static LibraryUnderTest none(String why) {
        return new LibraryUnderTest("", new byte[0], false, why);
    }

    /**
     * @param provider    the provider under test
     * @param description what its {@code describe} says
     * @return where the library's own manifest disagrees with {@code describe}, one line each
     */
    public List<String> disagreements(ModuleProvider provider, ModuleDescription description) {
        if (!manifest) {
            return List.of();
        }
        return SourceManifests.disagreements(entry(jar, SourceManifests.PATH), List.of(
                new SourceManifests.Described(provider.getClass().getName(), description)));
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static byte[] zip(Path dir) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes);
                Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new ZipEntry(dir.relativize(p).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(p));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return bytes.toByteArray();
    }

    private static byte[] with(byte[] jar, String name, String text) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
                ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (!e.isDirectory()) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    out.write(in.readAllBytes());
                    out.closeEntry();
                }
            }
            out.putNextEntry(new ZipEntry(name));
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite a jar in memory", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] entry(byte[] jar, String name) {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a jar in memory", e);
        }
        return null;
    }
}
