package org.sofj.maven;

import java.nio.file.Path;
import java.security.KeyPair;

import org.sofj.api.SofException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.LibraryPacker;

/** The pack goal's steps on files, without Maven: link check, then pack and sign. */
final class Packing {
    private Packing() {
    }

    /**
     * @param jar the plugin jar
     * @param key the signing key pair, already checked
     * @param out the library file to write
     * @return the binary manifest written
     * @throws IllegalArgumentException naming the jar and the first refusal, as the loader does
     */
    static BinaryManifest pack(Path jar, KeyPair key, Path out) {
        try {
            return LibraryPacker.pack(jar, key, out);
        } catch (SofException e) {
            throw new IllegalArgumentException(jar.getFileName() + ": " + e.getMessage(), e);
        }
    }
}
