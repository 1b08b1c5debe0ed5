package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.llext.LibraryContents;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LinkCheck;

/** The pack goal's logic: the loader's link check, then pack and sign. */
final class PackingTest {
    private static final KeyPair KEY = LibraryKeys.generate();

    @TempDir
    Path dir;

    /** A user-mode gain whose create() runs {@code body}, jarred with the written manifest. */
    private Path jar(String body) throws IOException {
        final Map<String, String> sources = new HashMap<>(Plugins.gain(
                Plugins.description(192, true)));
        sources.put("com/example/gain/GainProvider.java", sources
                .get("com/example/gain/GainProvider.java")
                .replace("return null;", body + " return null;"));
        final Path classes = Plugins.compile(dir, sources);
        ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0");
        final Path jar = dir.resolve("gain-1.0.jar");
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

    @Test
    void shouldPackAndSignAJarThatLinks() throws IOException {
        final Path out = dir.resolve("gain-1.0.sofjlib");
        Packing.pack(jar(""), KEY, out);
        final LibraryContents c = LibraryContents.read(out);
        assertEquals(LibraryKeys.keyId(KEY.getPublic()), c.signerKeyId());
        assertTrue(c.manifest().entries().get(0).userMode());
    }

    @Test
    void shouldFailWithTheLoadersLinesWhenAUserModuleReferencesTheConsole() throws IOException {
        final Path jar = jar("System.out.println(n);");
        final Path out = dir.resolve("gain-1.0.sofjlib");
        final List<String> lines = LinkCheck.check(jar);
        assertTrue(!lines.isEmpty(), "the loader refuses the console");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Packing.pack(jar, KEY, out));
        assertEquals(String.join("\n", lines), e.getMessage(), "the loader's own lines");
        assertTrue(e.getMessage().startsWith("gain-1.0.jar: ") && e.getMessage().contains(
                "com.example.gain.GainProvider"), e.getMessage());
        assertTrue(Files.notExists(out), "nothing packed");
    }
}
