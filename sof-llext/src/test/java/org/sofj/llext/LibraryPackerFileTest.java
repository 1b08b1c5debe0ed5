package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;

/** {@link LibraryPacker#pack(Path, KeyPair, Path)} and {@link LibraryContents#read} on files. */
final class LibraryPackerFileTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final String TOML = TestPlugins.toml("1.0.0", "user_mode = 1\nis_pages = 2");
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    private Path jarFile() throws IOException {
        return Files.write(dir.resolve("gain.jar"), TestPlugins.jar(classes, TOML));
    }

    @Test
    void shouldReadBackWhatPackWroteWhenPackingAJarFile() throws IOException {
        final Path jar = jarFile();
        final Path out = dir.resolve("gain.sofjlib");
        final BinaryManifest written = LibraryPacker.pack(jar, KEY, out);
        final LibraryContents read = LibraryContents.read(out);
        assertEquals(written, read.manifest());
        assertEquals(TOML, read.sourceManifest());
        assertEquals(LibraryKeys.keyId(KEY.getPublic()), read.signerKeyId());
        assertEquals(Files.size(jar), read.pluginJarBytes());
        assertEquals("gainlib", read.manifest().header().name());
        assertEquals(2, read.manifest().entries().get(0).config().isPages());
    }

    @Test
    void shouldWriteTheSameBytesWhenPackingTwice() throws IOException {
        final Path jar = jarFile();
        LibraryPacker.pack(jar, KEY, dir.resolve("a.sofjlib"));
        LibraryPacker.pack(jar, KEY, dir.resolve("b.sofjlib"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.sofjlib")),
                Files.readAllBytes(dir.resolve("b.sofjlib")), "Ed25519 and zip are deterministic");
    }

    @Test
    void shouldReplaceAnExistingOutputFile() throws IOException {
        final Path out = Files.writeString(dir.resolve("gain.sofjlib"), "stale");
        LibraryPacker.pack(jarFile(), KEY, out);
        assertEquals("gainlib", LibraryContents.read(out).manifest().header().name());
    }

    @Test
    void shouldRefuseToSignWhenThePublicKeyIsNotThePrivateKeys() throws IOException {
        final KeyPair other = LibraryKeys.generate();
        final KeyPair mixed = new KeyPair(other.getPublic(), KEY.getPrivate());
        final Path out = dir.resolve("gain.sofjlib");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryPacker.pack(jarFile(), mixed, out));
        assertEquals("signer: the public key (key id " + LibraryKeys.keyId(other.getPublic())
                + ") is not the private key's own", e.getMessage());
        assertTrue(Files.notExists(out), "nothing written");
    }

    @Test
    void shouldFailNamingTheFileWhenTheJarIsMissing() {
        final Path missing = dir.resolve("missing.jar");
        final RuntimeException e = assertThrows(RuntimeException.class,
                () -> LibraryPacker.pack(missing, KEY, dir.resolve("out.sofjlib")));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void shouldRefuseToReadAFileThatIsNotALibrary() throws IOException {
        final Path notALibrary = Files.write(dir.resolve("x.sofjlib"),
                "not a zip".getBytes(StandardCharsets.US_ASCII));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> LibraryContents.read(notALibrary));
        assertEquals(-Errno.EINVAL, e.errno(), e.getMessage());
    }

    @Test
    void shouldAnswerEnoentWhenReadingAMissingFile() {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> LibraryContents.read(dir.resolve("none.sofjlib")));
        assertEquals(-Errno.ENOENT, e.errno(), e.getMessage());
    }
}
