package org.sofj.maven;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryPacker;
import org.sofj.llext.LinkCheck;

/** The pack goal's steps on files, without Maven: link check, then pack and sign. */
final class Packing {
    private Packing() {
    }

    /**
     * Link-checks a plugin jar as the loader will, then packs and signs it.
     *
     * @param jar the plugin jar
     * @param key the signing key pair, already checked
     * @param out the library file to write
     * @return the binary manifest written
     * @throws IllegalArgumentException with the loader's own lines, one per refused reference, or
     *     naming the jar and what the packer refused; nothing is written then
     */
    static BinaryManifest pack(Path jar, KeyPair key, Path out) {
        try {
            final List<String> refusals = LinkCheck.check(jar);
            if (!refusals.isEmpty()) {
                throw new IllegalArgumentException(String.join("\n", refusals));
            }
            return LibraryPacker.pack(jar, key, out);
        } catch (SofException e) {
            throw new IllegalArgumentException(jar.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
