package org.sofj.cli.internal;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.Callable;

import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LibraryPacker;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sofj pack}: a plugin jar into a signed library. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Packs a modular plugin jar (with META-INF/sofj/modules.toml) into a "
                + "signed library file, as rimage does (docs/library-format.md).")
final class PackCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PLUGIN.jar", description = "the plugin jar")
    private Path jar;

    @Option(names = "--key", required = true, paramLabel = "SIGNER.key",
            description = "the private key (from sofj keygen)")
    private Path key;

    @Option(names = "--pub", paramLabel = "SIGNER.pub",
            description = "its public key (default: SIGNER.pub beside SIGNER.key)")
    private Path pub;

    @Option(names = "--output", required = true, paramLabel = "LIB.sofjlib",
            description = "the library file to write")
    private Path output;

    @Option(names = "--no-load-check", description = "keep the library even if a runtime "
            + "trusting the key would not load it (to test refusals; by default pack deletes it "
            + "and exits 3)")
    private boolean noLoadCheck;

    PackCommand() {
    }

    @Override
    public Integer call() {
        final Path pubFile = pub != null ? pub : key.resolveSibling(
                key.getFileName().toString().replaceFirst("\\.key$", "") + ".pub");
        for (Path p : new Path[] {jar, key, pubFile}) {
            if (!Files.isRegularFile(p)) {
                throw new CliException(p + ": no such file");
            }
        }
        final KeyPair pair;
        try {
            pair = LibraryKeys.readKeyPair(key, pubFile);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
        final BinaryManifest m;
        try {
            m = LibraryPacker.pack(jar, pair, output);
        } catch (SofException e) {
            throw new CliException(jar + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new CliException(jar + ": " + e.getCause().getMessage());
        }
        final LoadCheck check = noLoadCheck ? null
                : LoadCheck.of(output, java.util.Set.of(pair.getPublic()));
        if (check != null && !check.loads()) {
            delete(output);
            throw new CliException(jar + ": packed, but a runtime trusting " + pubFile
                    + " would not load it, so " + output + " was not kept: " + check.line(),
                    Main.EXIT_REFUSED);
        }
        spec.commandLine().getOut().println("packed " + jar + " -> " + output + ": library \""
                + m.header().name() + "\" " + m.header().version() + ", "
                + m.entries().size() + " modules, signed by "
                + LibraryKeys.keyId(pair.getPublic()));
        return 0;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            throw new CliException(p + ": would not load and cannot be deleted: "
                    + e.getMessage());
        }
    }
}
