package org.sofj.llext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Objects;

import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.LibraryContainer;
import org.sofj.llext.internal.pack.ManifestBuilder;
import org.sofj.llext.internal.pack.PluginJar;
import org.sofj.llext.internal.pack.PluginValidator;

/**
 * Packs a plugin jar into a signed library: the rimage analog behind {@code sofj pack}.
 *
 * <p>Steps: read the modular jar; parse its {@code META-INF/sofj/modules.toml}; check it against
 * the jar's {@code module-info} (the plugin requires only {@code org.sofj.api}, exports nothing,
 * and declares every manifest provider in {@code provides org.sofj.api.spi.ModuleProvider});
 * compute section sizes and per-module SHA-256 hashes; write the binary manifest in SOF's layout;
 * sign with Ed25519. Packing does not link-check the bytecode: loading does, as llext links at
 * load. The output format is described in {@code docs/library-format.md}.
 */
public final class LibraryPacker {

    private LibraryPacker() {
    }

    /**
     * Packs and signs a plugin jar.
     *
     * @param pluginJar the modular plugin jar
     * @param signer    the Ed25519 key pair to sign with
     * @param output    where to write the library file (replaced if present)
     * @return the binary manifest written
     * @throws LibraryLoadException     {@code -EINVAL} naming the key, module and value (source
     *     manifest) or the module-info problem
     * @throws UncheckedIOException     if a file cannot be read or written
     * @throws IllegalArgumentException if {@code signer} is not an Ed25519 key pair, or its
     *     public key is not its private key's (the library would name the wrong signer)
     */
    public static BinaryManifest pack(Path pluginJar, KeyPair signer, Path output) {
        Objects.requireNonNull(signer, "signer");
        if (!LibraryKeys.matches(signer)) {
            throw new IllegalArgumentException("signer: the public key (key id "
                    + LibraryKeys.keyId(signer.getPublic()) + ") is not the private key's own");
        }
        final byte[] jar;
        try {
            jar = Files.readAllBytes(pluginJar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pluginJar, e);
        }
        final LibraryContainer container = pack(jar, signer);
        container.write(output);
        return BinaryManifest.read(container.manifest());
    }

    static LibraryContainer pack(byte[] jarBytes, KeyPair signer) {
        final PluginJar jar = PluginJar.read(jarBytes);
        final SourceManifest source = SourceManifestParser.parse(jar.sourceManifest());
        PluginValidator.validate(source, jar);
        final BinaryManifest manifest = ManifestBuilder.build(source, jar);
        return LibraryContainer.sign(manifest.toBytes(), jar.sourceManifest(), jarBytes, signer);
    }
}
