package org.sofj.api.memory;

import java.util.List;

/**
 * A module instance's memory, SOF's {@code mod_alloc} family: allocations from the instance's
 * heap (a user module's driver heap), tracked per instance and all returned when the instance is
 * deleted ({@code mod_free_all}); plus {@code fast_get}/{@code fast_put}.
 *
 * <p>Addresses are simulated addresses; {@link MemoryRegions#NULL} (0) means failure, as NULL does
 * in SOF. The module reads and writes what it allocates through {@link MemoryAccess}.
 *
 * <p>Call from the instance's own threads (its DP thread, or the proxy worker acting for it) or
 * from the kernel. Allocation calls are cold-path: do them in {@code init} or {@code prepare},
 * never in {@code process}. They allocate nothing on the Java heap except for tracking.
 */
public interface ModuleMemory {

    /**
     * {@code mod_alloc}: allocates {@code size} bytes aligned to the cache line (64 bytes).
     *
     * @param size the number of bytes, {@code > 0}
     * @return the simulated address, or {@link MemoryRegions#NULL} if {@code size} is 0 or
     *     negative, or the heap has no room
     */
    long alloc(long size);

    /**
     * {@code mod_zalloc}: as {@link #alloc} and zeroed.
     *
     * @param size the number of bytes, {@code > 0}
     * @return the simulated address, or {@link MemoryRegions#NULL} on failure
     */
    long zalloc(long size);

    /**
     * {@code mod_alloc_align}: allocates {@code size} bytes aligned to {@code alignment}.
     *
     * @param size      the number of bytes, {@code > 0}
     * @param alignment a power of two, at most the page size
     * @return the simulated address, or {@link MemoryRegions#NULL} on failure
     * @throws IllegalArgumentException if {@code alignment} is not a power of two
     */
    long alignedAlloc(long size, long alignment);

    /**
     * {@code mod_free}: returns one allocation, or drops one fast_get reference.
     *
     * @param address an address this instance obtained, or {@link MemoryRegions#NULL}
     * @return 0 on success or for NULL; {@code -Errno.ENOENT} if the address is not one of this
     *     instance's live allocations (nothing changes)
     */
    int free(long address);

    /**
     * {@code mod_free_all}: returns every live allocation and fast_get reference of the instance.
     * The runtime calls it when the instance is deleted; a module may call it from {@code reset}.
     *
     * @return the number of allocations that were still live
     */
    int freeAll();

    /**
     * {@code mod_fast_get}: a fast copy of read-only data at {@code dramAddress}, shared by
     * reference count with other callers of the same address as SOF's rules say: copies up to
     * 2048 bytes live in the instance's heap; larger copies are page-aligned and granted
     * read-only to the calling user domain.
     *
     * @param dramAddress the simulated address of the read-only source data
     * @param size        its size in bytes
     * @return the copy's address, or {@link MemoryRegions#NULL} if the address is already shared
     *     with another size, or allocation or grant failed
     */
    long fastGet(long dramAddress, long size);

    /**
     * {@code mod_fast_put}: drops a reference obtained by {@link #fastGet}; the same as
     * {@link #free}.
     *
     * @param address the address {@link #fastGet} returned
     * @return 0, or {@code -Errno.ENOENT} if it is not a live reference of this instance
     */
    int fastPut(long address);

    /**
     * The leak report: every allocation and fast_get reference the instance still holds, in
     * allocation order. Cold path; allocates the list.
     *
     * @return an immutable snapshot
     */
    List<Allocation> liveAllocations();
}
