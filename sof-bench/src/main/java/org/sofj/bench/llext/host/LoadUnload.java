package org.sofj.bench.llext.host;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Set;
import java.util.function.IntSupplier;

import org.sofj.api.memory.MemoryLayout;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.internal.LlextLibraryLoaderProvider;
import org.sofj.mmu.internal.MmuProvider;

/**
 * One library load (verify, hashes, manifests, link check, layer, providers) and unload, through
 * the SPI as the runtime calls it. Loaded inside the host layer; the benchmark sees it only as an
 * {@link IntSupplier} and an {@link AutoCloseable}, JDK types both sides share.
 */
public final class LoadUnload implements IntSupplier, AutoCloseable {
    private final Path library;
    private final MemorySystem memory;
    private final LibraryLoader loader;

    /**
     * @param library the packed library file
     * @param signer  the key it was signed with
     */
    public LoadUnload(Path library, PublicKey signer) {
        this.library = library;
        this.memory = new MmuProvider().create(MemoryLayout.defaults());
        this.loader = new LlextLibraryLoaderProvider().create(memory, Set.of(signer));
    }

    /** @return the number of module types loaded, so the work cannot be eliminated */
    @Override
    public int getAsInt() {
        final int modules = loader.load(1, library).modules().size();
        final int rc = loader.unload(1);
        if (rc != 0) {
            throw new IllegalStateException("unload rc=" + rc);
        }
        return modules;
    }

    @Override
    public void close() {
        memory.close();
    }
}
