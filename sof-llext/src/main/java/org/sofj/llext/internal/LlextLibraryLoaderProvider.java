package org.sofj.llext.internal;

import java.security.PublicKey;
import java.util.Objects;
import java.util.Set;

import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.LibraryLoaderProvider;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.internal.load.LlextLibraryLoader;

/**
 * Creates {@link LlextLibraryLoader}s. Found with {@link java.util.ServiceLoader}.
 *
 * <p>The memory system is required by the SPI; this loader does not place library sections in
 * it (section placement and domain mapping belong to a later step), so it is only checked.
 */
public final class LlextLibraryLoaderProvider implements LibraryLoaderProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LlextLibraryLoaderProvider() {
    }

    @Override
    public LibraryLoader create(MemorySystem memory, Set<PublicKey> trustedKeys) {
        Objects.requireNonNull(memory, "memory");
        return new LlextLibraryLoader(trustedKeys);
    }
}
