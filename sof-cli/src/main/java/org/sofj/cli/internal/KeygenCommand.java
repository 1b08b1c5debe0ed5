package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import org.sofj.llext.LibraryKeys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sofj keygen}: an Ed25519 signing key pair as PEM files. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Makes an Ed25519 key pair for signing libraries: PREFIX.key (private, "
                + "PKCS#8 PEM: keep it secret, never commit it) and PREFIX.pub (public, X.509 "
                + "PEM: give it to whoever loads your libraries).")
final class KeygenCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "PREFIX",
            description = "writes PREFIX.key and PREFIX.pub")
    private Path prefix;

    @Option(names = "--force", description = "replace existing files")
    private boolean force;

    KeygenCommand() {
    }

    @Override
    public Integer call() throws Exception {
        final Path key = Path.of(prefix + ".key");
        final Path pub = Path.of(prefix + ".pub");
        for (Path p : new Path[] {key, pub}) {
            if (Files.exists(p) && !force) {
                throw new CliException(p + ": already exists (use --force to replace it)");
            }
        }
        final Path parent = key.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        final KeyPair pair = LibraryKeys.generate();
        LibraryKeys.writePrivateKey(pair.getPrivate(), key);
        LibraryKeys.writePublicKey(pair.getPublic(), pub);
        final PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + key + " and " + pub + " (key id "
                + LibraryKeys.keyId(pair.getPublic()) + ")");
        return 0;
    }
}
