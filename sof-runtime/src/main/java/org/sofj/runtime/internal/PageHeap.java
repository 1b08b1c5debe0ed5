package org.sofj.runtime.internal;

import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapStats;

/**
 * A view of a heap that hands out whole, page-aligned pages: under least-privilege sharing a
 * buffer granted to a domain must not share a page with anything else, because partitions are
 * page-granular. Sizes and statistics are the underlying heap's.
 */
final class PageHeap implements Heap {
    private final Heap heap;

    PageHeap(Heap heap) {
        this.heap = heap;
    }

    @Override
    public String name() {
        return heap.name() + "/pages";
    }

    @Override
    public long start() {
        return heap.start();
    }

    @Override
    public long size() {
        return heap.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Zeroed, as {@link #zalloc}: the pages are granted whole to a user domain, and a buffer
     * zeroes only its own bytes at RESET, so the rest of its last page (and all of it, bound
     * while its pipeline runs or pauses) showed what the pages' last holder left there, such
     * as a paused pipeline's audio in a ring its unbind freed ({@code LeftoverPagesAttackTest}).
     * Cold path (a bind).
     */
    @Override
    public long alloc(long size, long alignment) {
        return zalloc(size, alignment);
    }

    @Override
    public long zalloc(long size, long alignment) {
        if (size <= 0) {
            return MemoryRegions.NULL;
        }
        return heap.zalloc(MemoryRegions.alignUp(size, MemoryRegions.PAGE_SIZE),
                Math.max(alignment, MemoryRegions.PAGE_SIZE));
    }

    @Override
    public int free(long address) {
        return heap.free(address);
    }

    @Override
    public long blockSize(long address) {
        return heap.blockSize(address);
    }

    @Override
    public HeapStats stats() {
        return heap.stats();
    }
}
