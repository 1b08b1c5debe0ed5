package org.sofj.maven;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;

import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.sofj.llext.LibraryKeys;

/**
 * Makes an Ed25519 signing key pair, as {@code sofj keygen} does: {@code PREFIX.key} (owner-only,
 * mode 0600) and {@code PREFIX.pub}. Needs no project:
 * {@code mvn org.sofj:sofj-maven-plugin:keygen -Dsofj.keygen.out=$HOME/.sofj/me}.
 */
@Mojo(name = "keygen", requiresProject = false, threadSafe = true)
public final class KeygenMojo extends AbstractMojo {
    /** Writes {@code PREFIX.key} and {@code PREFIX.pub}; keep it outside any project. */
    @Parameter(property = "sofj.keygen.out", required = true)
    private String out;

    /** For Maven. */
    public KeygenMojo() {
    }

    @Override
    public void execute() throws MojoFailureException {
        final Path key = Path.of(out + ".key");
        final Path pub = Path.of(out + ".pub");
        for (Path p : new Path[] {key, pub}) {
            if (Files.exists(p)) {
                throw new MojoFailureException(p + ": already exists; keygen never replaces a"
                        + " key");
            }
        }
        try {
            final Path parent = key.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new MojoFailureException("cannot create the directory of " + key, e);
        }
        final KeyPair pair = LibraryKeys.generate();
        LibraryKeys.writePrivateKey(pair.getPrivate(), key);
        LibraryKeys.writePublicKey(pair.getPublic(), pub);
        getLog().info("sofj: wrote " + key + " (mode 0600) and " + pub + ", key id "
                + LibraryKeys.keyId(pair.getPublic()));
    }
}
