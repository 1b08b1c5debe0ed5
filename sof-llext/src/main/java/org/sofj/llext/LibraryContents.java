package org.sofj.llext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * What a library file holds, for {@code sofj inspect}. Reading does not verify the signature;
 * loading does.
 *
 * @param manifest       the binary manifest
 * @param sourceManifest the source manifest ({@code modules.toml}) text
 * @param signerKeyId    the signer's key id, see {@link LibraryKeys#keyId}
 * @param pluginJarBytes the size of the embedded plugin jar
 */
public record LibraryContents(BinaryManifest manifest, String sourceManifest, String signerKeyId,
        int pluginJarBytes) {

    /**
     * Validates that every reference component is given.
     *
     * @param manifest the binary manifest
     * @param sourceManifest the source manifest ({@code modules.toml}) text
     * @param signerKeyId the signer's key id, see {@link LibraryKeys#keyId}
     * @param pluginJarBytes the size of the embedded plugin jar
     * @throws NullPointerException if a component is null
     */
    public LibraryContents {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(sourceManifest, "sourceManifest");
        Objects.requireNonNull(signerKeyId, "signerKeyId");
    }

    /**
     * Reads a library file written by {@link LibraryPacker#pack}.
     *
     * @param file the library file
     * @return its contents
     * @throws LibraryLoadException {@code -EINVAL} if the file is truncated, not a library, or its
     *     binary manifest is malformed; {@code -ENOENT} if it does not exist
     */
    public static LibraryContents read(Path file) {
        final LibraryContainer c = LibraryContainer.read(file);
        return new LibraryContents(BinaryManifest.read(c.manifest()),
                new String(c.toml(), StandardCharsets.UTF_8), c.keyId(), c.pluginJar().length);
    }
}
