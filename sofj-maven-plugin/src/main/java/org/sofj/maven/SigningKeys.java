package org.sofj.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;

import org.sofj.llext.LibraryKeys;

/**
 * Where the build finds its signing key: never in the project (a key committed with the code is
 * no secret), but in the environment ({@code SOFJ_KEY}, and {@code SOFJ_PUB} when the public key
 * is not the {@code .pub} beside it) or in the user's Maven settings (a {@code <server>} whose
 * {@code <privateKey>} is the key file). The environment wins.
 */
final class SigningKeys {
    /** The environment variable naming the private key file. */
    static final String KEY_ENV = "SOFJ_KEY";
    /** The environment variable naming its public key file. */
    static final String PUB_ENV = "SOFJ_PUB";

    private SigningKeys() {
    }

    /**
     * Finds and reads the signing key pair, environment first.
     *
     * @param env the environment
     * @param serverId the settings server that may hold the key
     * @param settingsKey that server's {@code privateKey}, or null
     * @return the key pair, checked: owner-only private key, matching public key
     * @throws IllegalArgumentException one line saying what is missing or wrong, and the fix
     */
    static KeyPair find(Map<String, String> env, String serverId, String settingsKey) {
        final String fromEnv = env.get(KEY_ENV);
        final Path key;
        if (fromEnv != null && !fromEnv.isBlank()) {
            key = Path.of(fromEnv);
        } else if (settingsKey != null && !settingsKey.isBlank()) {
            key = Path.of(settingsKey);
        } else {
            throw new IllegalArgumentException("no signing key: set " + KEY_ENV + " to a private"
                    + " key file, or give <server><id>" + serverId + "</id><privateKey>PATH"
                    + "</privateKey></server> in ~/.m2/settings.xml (make one with mvn"
                    + " org.sofj:sofj-maven-plugin:keygen -Dsofj.keygen.out=PREFIX); the key is"
                    + " never read from the project");
        }
        final String pubEnv = env.get(PUB_ENV);
        final Path pub = pubEnv != null && !pubEnv.isBlank() ? Path.of(pubEnv)
                : key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", "")
                        + ".pub");
        for (Path p : new Path[] {key, pub}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException((p == key ? "key=" : "pub=") + p
                        + ": no such file");
            }
        }
        return LibraryKeys.readKeyPair(key, pub);
    }
}
