package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void shouldWriteThePrivateKeyReadableByItsOwnerOnly() throws IOException {
        final Path file = dir.resolve("owner.key");
        Files.writeString(file, "an older, world-readable file");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        LibraryKeys.writePrivateKey(LibraryKeys.generate().getPrivate(), file);
        assertEquals("rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void shouldRefuseAPrivateKeyOthersCanReadNamingTheFix() throws IOException {
        final Path file = dir.resolve("open.key");
        LibraryKeys.writePrivateKey(LibraryKeys.generate().getPrivate(), file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryKeys.readPrivateKey(file));
        assertEquals("key=" + file + " is open to others (mode rw-r--r--): a private key must"
                + " be the owner's alone; run chmod 600 " + file, e.getMessage());
    }

    @Test
    void shouldReadAPairWhenThePublicKeyIsThePrivateKeys() {
        final KeyPair key = LibraryKeys.generate();
        LibraryKeys.writePrivateKey(key.getPrivate(), dir.resolve("k.key"));
        LibraryKeys.writePublicKey(key.getPublic(), dir.resolve("k.pub"));
        final KeyPair read = LibraryKeys.readKeyPair(dir.resolve("k.key"), dir.resolve("k.pub"));
        assertEquals(key.getPublic(), read.getPublic());
        assertTrue(LibraryKeys.matches(read));
    }

    @Test
    void shouldRefuseAPublicKeyThatIsNotThePrivateKeys() {
        final KeyPair key = LibraryKeys.generate();
        final KeyPair other = LibraryKeys.generate();
        final Path k = dir.resolve("k.key");
        final Path p = dir.resolve("other.pub");
        LibraryKeys.writePrivateKey(key.getPrivate(), k);
        LibraryKeys.writePublicKey(other.getPublic(), p);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LibraryKeys.readKeyPair(k, p));
        assertEquals("pub=" + p + " (key id " + LibraryKeys.keyId(other.getPublic())
                + ") is not the public key of key=" + k
                + ": use the .pub file written with that key by sofj keygen", e.getMessage());
    }
}
