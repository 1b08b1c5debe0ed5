package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

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

    @Test
    void shouldPackAndSignAJarThatLinks() {
        final Path out = dir.resolve("gain-1.0.sofjlib");
        Packing.pack(Plugins.gainJar(dir, ""), KEY, out);
        final LibraryContents c = LibraryContents.read(out);
        assertEquals(LibraryKeys.keyId(KEY.getPublic()), c.signerKeyId());
        assertTrue(c.manifest().entries().get(0).userMode());
    }

    @Test
    void shouldFailWithTheLoadersLinesWhenAUserModuleReferencesTheConsole() {
        final Path jar = Plugins.gainJar(dir, "System.out.println(n);");
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
