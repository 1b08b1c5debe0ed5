package org.sofj.api.spi;

import org.sofj.api.memory.MemoryRegions;

/**
 * An allocator over a region of simulated memory (SOF's {@code k_heap}/{@code sof_heap}).
 * Addresses are simulated; {@link MemoryRegions#NULL} means failure. Double frees and foreign
 * pointers are reported as errors and change nothing.
 *
 * <p>Thread-safe. Cold path: allocate in {@code init} or {@code prepare}, never per tick. The
 * allocator's own bookkeeping lives on the Java heap, outside simulated memory, so a module can
 * never corrupt it.
 */
public interface Heap {

    /** {@return the heap's name, e.g. {@code "system"} or {@code "driver:gain"}} */
    String name();

    /** {@return the first simulated address of the heap's region} */
    long start();

    /** {@return the region's size in bytes} */
    long size();

    /**
     * Allocates {@code size} bytes aligned to {@code alignment}.
     *
     * @param size      bytes, {@code > 0}
     * @param alignment a power of two
     * @return the address, or {@link MemoryRegions#NULL} if {@code size <= 0} or no free block
     *     fits (the heap stays usable)
     * @throws IllegalArgumentException if {@code alignment} is not a power of two
     */
    long alloc(long size, long alignment);

    /**
     * As {@link #alloc} and zero-filled.
     *
     * @param size      bytes, {@code > 0}
     * @param alignment a power of two
     * @return the address, or {@link MemoryRegions#NULL}
     */
    long zalloc(long size, long alignment);

    /**
     * Frees a block this heap returned.
     *
     * @param address the block's address
     * @return 0; {@code -Errno.EINVAL} for an address inside this heap that is not a live block's
     *     start (a double free or an interior pointer); {@code -Errno.ENOENT} for an address
     *     outside this heap (a foreign pointer)
     */
    int free(long address);

    /**
     * The size of a live block.
     *
     * @param address the block's address
     * @return its size in bytes, or -1 if {@code address} is not a live block's start
     */
    long blockSize(long address);

    /** {@return a consistent snapshot of the heap's statistics} */
    HeapStats stats();
}
