package org.sofj.bench.llext.host;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Set;
import java.util.function.IntSupplier;

import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemoryLayout;
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
    private final PublicKey signer;
    private final boolean reuse;
    private final LibraryLoader loader;

    /**
     * @param library the packed library file
     * @param signer  the key it was signed with
     * @param reuse   true: every load goes through one loader, which verifies the library once
     *                and re-loads it from its verification cache; false: every load makes a new
     *                loader, so every load verifies in full
     */
    public LoadUnload(Path library, PublicKey signer, boolean reuse) {
        this.library = library;
        this.signer = signer;
        this.reuse = reuse;
        this.memory = new MmuProvider().create(MemoryLayout.defaults());
        this.loader = new LlextLibraryLoaderProvider().create(memory, Set.of(signer));
    }

    /** @return the number of module types loaded, so the work cannot be eliminated */
    @Override
    public int getAsInt() {
        final LibraryLoader l = reuse ? loader
                : new LlextLibraryLoaderProvider().create(memory, Set.of(signer));
        final int modules = l.load(1, library).modules().size();
        final int rc = l.unload(1);
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
