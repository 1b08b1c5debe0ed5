package org.sofj.api.spi;

import java.security.PublicKey;
import java.util.Set;

/**
 * Creates the library loader (implemented by {@code sof-llext}). Found with
 * {@link java.util.ServiceLoader}; public no-arg constructor, nothing expensive before
 * {@link #create}.
 */
public interface LibraryLoaderProvider {

    /**
     * Creates a loader that places library sections in {@code memory} and accepts libraries
     * signed by one of {@code trustedKeys}.
     *
     * @param memory      the memory system
     * @param trustedKeys the Ed25519 keys whose signatures are trusted
     * @return the loader
     */
    LibraryLoader create(MemorySystem memory, Set<PublicKey> trustedKeys);
}
