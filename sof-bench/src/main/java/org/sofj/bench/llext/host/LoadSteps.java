package org.sofj.bench.llext.host;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntSupplier;

import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.internal.link.LinkChecker;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.LibraryContainer;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.ModuleHasher;
import org.sofj.llext.internal.pack.PluginJar;
import org.sofj.llext.internal.pack.PluginValidator;

/**
 * The steps of a first library load one at a time, each over inputs the previous steps made once
 * (so a step's time is its own): read the container, compute the signed message (three SHA-256),
 * verify the Ed25519 signature of that 136-byte message, parse both manifests, read the plugin
 * jar, hash its pages, check the manifests agree (rebuild manifest.bin), link-check the classes.
 * Defining the layer and its providers is what a cached re-load adds to reading the container
 * and the signed message. Loaded inside the host layer; the benchmark sees JDK types only.
 */
public final class LoadSteps implements Function<String, IntSupplier> {
    private final Map<String, IntSupplier> steps;

    /**
     * @param library the packed library file
     * @param signer  the key it was signed with
     */
    public LoadSteps(Path library, PublicKey signer) {
        final LibraryContainer c = LibraryContainer.read(library);
        final byte[] message = c.signedMessage();
        final PluginJar jar = PluginJar.read(c.pluginJar());
        final SourceManifest source = SourceManifestParser.parse(c.toml());
        final String name = library.getFileName().toString();
        final String hash = ModuleHasher.hash(jar);
        steps = Map.of(
                "container", () -> LibraryContainer.read(library).pluginJar().length,
                "signedMessage", () -> c.signedMessage().length,
                "ed25519", () -> LibraryKeys.verify(signer, message, c.signature()) ? 1 : 0,
                "manifests", () -> BinaryManifest.read(c.manifest()).entries().size()
                        + SourceManifestParser.parse(c.toml()).modules().size(),
                "pluginJar", () -> PluginJar.read(c.pluginJar()).entries().size(),
                "hash", () -> ModuleHasher.hash(jar).length(),
                "agreement", () -> {
                    PluginValidator.validate(source, jar);
                    return ManifestBuilder.build(source, jar, hash).toBytes().length;
                },
                "linkCheck", () -> LinkChecker.check(jar, source, name).passed() ? 1 : 0);
    }

    @Override
    public IntSupplier apply(String step) {
        final IntSupplier s = steps.get(step);
        if (s == null) {
            throw new IllegalArgumentException("step=" + step + " is not one of "
                    + steps.keySet());
        }
        return s;
    }
}
