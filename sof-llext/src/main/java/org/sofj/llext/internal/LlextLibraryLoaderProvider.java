package org.sofj.llext.internal;

import java.security.PublicKey;
import java.util.Set;

import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.LibraryLoaderProvider;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.internal.load.LlextLibraryLoader;

/**
 * Creates {@link LlextLibraryLoader}s. Found with {@link java.util.ServiceLoader}.
 *
 * <p>The loader maps module sections into the memory system's library region
 * ({@link org.sofj.api.spi.HeapRegion#LIBRARY}) when a module type gets its first instance.
 */
public final class LlextLibraryLoaderProvider implements LibraryLoaderProvider {

    /** For {@link java.util.ServiceLoader}. */
    public LlextLibraryLoaderProvider() {
    }

    @Override
    public LibraryLoader create(MemorySystem memory, Set<PublicKey> trustedKeys) {
        return new LlextLibraryLoader(memory, trustedKeys);
    }
}
