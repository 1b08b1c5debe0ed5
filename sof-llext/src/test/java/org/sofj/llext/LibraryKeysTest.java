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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM files of {@link LibraryKeys}. */
final class LibraryKeysTest {
    private static final byte[] MESSAGE = "SOFJLIB1".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void shouldReadBackThePublicKeyWhenWrittenAsPem() throws IOException {
        final KeyPair key = LibraryKeys.generate();
        final Path file = dir.resolve("signer.pub");
        LibraryKeys.writePublicKey(key.getPublic(), file);
        final PublicKey read = LibraryKeys.readPublicKey(file);
        assertEquals(key.getPublic(), read);
        assertArrayEquals(key.getPublic().getEncoded(), read.getEncoded());
        assertTrue(Files.readString(file).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void shouldSignWithThePrivateKeyWhenReadBackFromPem() throws IOException {
        final KeyPair key = LibraryKeys.generate();
        final Path file = dir.resolve("signer.key");
        LibraryKeys.writePrivateKey(key.getPrivate(), file);
        final PrivateKey read = LibraryKeys.readPrivateKey(file);
        assertArrayEquals(key.getPrivate().getEncoded(), read.getEncoded());
        assertTrue(LibraryKeys.verify(key.getPublic(), MESSAGE, LibraryKeys.sign(read, MESSAGE)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }

    @Test
    void shouldTrustEveryKeyFileGiven() {
        final KeyPair a = LibraryKeys.generate();
        final KeyPair b = LibraryKeys.generate();
        LibraryKeys.writePublicKey(a.getPublic(), dir.resolve("a.pub"));
        LibraryKeys.writePublicKey(b.getPublic(), dir.resolve("b.pub"));
        final Set<PublicKey> trusted = LibraryKeys.trustedKeys(
                List.of(dir.resolve("a.pub"), dir.resolve("b.pub"), dir.resolve("a.pub")));
        assertEquals(Set.of(a.getPublic(), b.getPublic()), trusted);
    }

    @Test
    void shouldFailNamingTheFileWhenThePemBodyIsCorrupt() throws IOException {
        final Path file = dir.resolve("bad.pub");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA!!\n"
                + "-----END PUBLIC KEY-----\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryKeys.readPublicKey(file));
        assertTrue(e.getMessage().contains("file=" + file), e.getMessage());
    }

    @Test
    void shouldFailNamingTheFileWhenThePemHoldsNoEd25519Key() throws IOException {
        final Path file = dir.resolve("short.pub");
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryKeys.trustedKeys(List.of(file)));
        assertEquals("file=" + file + " holds no Ed25519 public key", e.getMessage());
    }

    @Test
    void shouldFailNamingTheFileWhenAPrivateKeyIsReadAsPublic() {
        final Path file = dir.resolve("signer.key");
        LibraryKeys.writePrivateKey(LibraryKeys.generate().getPrivate(), file);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryKeys.readPublicKey(file));
        assertEquals("file=" + file + " is not a PEM PUBLIC KEY", e.getMessage());
    }
}
