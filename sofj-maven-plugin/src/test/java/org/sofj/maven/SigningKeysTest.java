package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.llext.LibraryKeys;

/** Where the pack goal finds its key, and the key rules it inherits. */
final class SigningKeysTest {
    @TempDir
    Path dir;

    private KeyPair write(String prefix) {
        final KeyPair k = LibraryKeys.generate();
        LibraryKeys.writePrivateKey(k.getPrivate(), dir.resolve(prefix + ".key"));
        LibraryKeys.writePublicKey(k.getPublic(), dir.resolve(prefix + ".pub"));
        return k;
    }

    @Test
    void shouldTakeTheKeyFromTheEnvironmentBeforeTheSettings() {
        final KeyPair env = write("env");
        write("settings");
        final KeyPair found = SigningKeys.find(Map.of("SOFJ_KEY",
                dir.resolve("env.key").toString()), "sofj", dir.resolve("settings.key")
                .toString());
        assertEquals(env.getPublic(), found.getPublic());
    }

    @Test
    void shouldTakeTheKeyFromTheSettingsServerWithItsPubBeside() {
        final KeyPair k = write("me");
        assertEquals(k.getPublic(), SigningKeys.find(Map.of(), "sofj",
                dir.resolve("me.key").toString()).getPublic());
    }

    @Test
    void shouldSayWhereToPutTheKeyWhenThereIsNone() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.find(Map.of(), "sofj", null));
        assertEquals("no signing key: set SOFJ_KEY to a private key file, or give <server><id>"
                + "sofj</id><privateKey>PATH</privateKey></server> in ~/.m2/settings.xml (make"
                + " one with mvn org.sofj:sofj-maven-plugin:keygen -Dsofj.keygen.out=PREFIX);"
                + " the key is never read from the project", e.getMessage());
    }

    @Test
    void shouldRefuseAPublicKeyThatIsNotThePrivateKeys() {
        write("me");
        final KeyPair other = write("other");
        final Path key = dir.resolve("me.key");
        final Path pub = dir.resolve("other.pub");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.find(Map.of("SOFJ_KEY", key.toString(), "SOFJ_PUB",
                        pub.toString()), "sofj", null));
        assertEquals("pub=" + pub + " (key id " + LibraryKeys.keyId(other.getPublic())
                + ") is not the public key of key=" + key
                + ": use the .pub file written with that key by sofj keygen", e.getMessage());
    }

    @Test
    void shouldRefuseAPrivateKeyOthersCanRead() throws IOException {
        write("open");
        final Path key = dir.resolve("open.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-rw-r--"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.find(Map.of("SOFJ_KEY", key.toString()), "sofj", null));
        assertEquals("key=" + key + " is open to others (mode rw-rw-r--): a private key must be"
                + " the owner's alone; run chmod 600 " + key, e.getMessage());
    }

    @Test
    void shouldNameAMissingKeyFile() {
        final Path key = dir.resolve("none.key");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SigningKeys.find(Map.of("SOFJ_KEY", key.toString()), "sofj", null));
        assertEquals("key=" + key + ": no such file", e.getMessage());
    }
}
