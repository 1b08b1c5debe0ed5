package org.sofj.mmu.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapStats;

/**
 * A first-fit allocator with alignment and coalescing over one range of simulated memory. Its
 * bookkeeping (free list by address, live blocks) lives on the Java heap, outside simulated
 * memory, so nothing a module writes can corrupt it; double frees and foreign pointers are
 * reported, not followed. Alignment padding in front of a block goes back to the free list.
 *
 * <p>Thread-safe (synchronized): a cold-path allocator.
 */
class SimHeap implements Heap {
    private final String name;
    private final long start;
    private final long size;
    private final Backing backing;
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private final Map<Long, Long> live = new HashMap<>();
    private long used;
    private long highWater;

    SimHeap(String name, long start, long size, Backing backing) {
        this.name = Objects.requireNonNull(name, "name");
        if (size <= 0) {
            throw new IllegalArgumentException("heap=" + name + " size=" + size
                    + " must be positive");
        }
        this.start = start;
        this.size = size;
        this.backing = backing;
        free.put(start, size);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long start() {
        return start;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public synchronized long alloc(long bytes, long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("heap=" + name + " alignment=" + alignment
                    + " must be a positive power of two");
        }
        if (bytes <= 0) {
            return MemoryRegions.NULL;
        }
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            final long blockStart = e.getKey();
            final long blockEnd = blockStart + e.getValue();
            final long aligned = MemoryRegions.alignUp(blockStart, alignment);
            if (aligned <= blockEnd && bytes <= blockEnd - aligned) { // never aligned + bytes:
                // a module's size near Long.MAX_VALUE wrapped it negative and "fitted"
                take(blockStart, blockEnd, aligned, bytes);
                return aligned;
            }
        }
        return MemoryRegions.NULL;
    }

    /**
     * Takes {@code [aligned, aligned + bytes)} out of the free block. Atomic against an
     * {@link OutOfMemoryError}, which a module can arrange to strike inside a syscall: every key
     * and value is boxed before the first change, and each map insertion that may allocate comes
     * before the removals, undone if it fails, so the block is either taken whole or left free.
     */
    private void take(long blockStart, long blockEnd, long aligned, long bytes) {
        final Long start = blockStart;
        final Long at = aligned;
        final Long size = bytes;
        final Long tail = aligned + bytes < blockEnd ? aligned + bytes : null;
        final Long tailSize = tail == null ? null : blockEnd - aligned - bytes;
        final Long front = aligned > blockStart ? aligned - blockStart : null;
        try {
            live.put(at, size);
            if (tail != null) {
                free.put(tail, tailSize);
            }
        } catch (OutOfMemoryError | StackOverflowError e) {
            live.remove(at);
            if (tail != null) {
                free.remove(tail, tailSize); // a key inside the block: never there before
            }
            throw e;
        }
        if (front != null) {
            free.put(start, front); // an existing key: no allocation
        } else {
            free.remove(start);
        }
        used += bytes;
        highWater = Math.max(highWater, used);
    }

    @Override
    public long zalloc(long bytes, long alignment) {
        final long address = alloc(bytes, alignment);
        if (address != MemoryRegions.NULL) {
            final UnsafeBuffer buffer = backing.buffer();
            buffer.setMemory((int) backing.index(address, bytes), (int) bytes, (byte) 0);
        }
        return address;
    }

    /**
     * Frees a block, coalescing it with its free neighbours. Atomic against an
     * {@link OutOfMemoryError} (see {@link #take}): the lookups and boxing come first, then the
     * one insertion that may allocate, then the removals, which do not.
     */
    @Override
    public synchronized int free(long address) {
        if (address < start || address >= start + size) {
            return -Errno.ENOENT;
        }
        final Long at = address;
        final Long bytes = live.get(at);
        if (bytes == null) {
            return -Errno.EINVAL;
        }
        long blockStart = address;
        long blockSize = bytes;
        final Map.Entry<Long, Long> before = free.floorEntry(at);
        final boolean merged = before != null && before.getKey() + before.getValue() == address;
        if (merged) {
            blockStart = before.getKey();
            blockSize += before.getValue();
        }
        final Long afterKey = address + bytes;
        final Long after = free.get(afterKey);
        if (after != null) {
            blockSize += after;
        }
        final Long coalesced = blockSize;
        free.put(merged ? before.getKey() : at, coalesced); // the only step that may allocate
        if (after != null) {
            free.remove(afterKey);
        }
        live.remove(at);
        used -= bytes;
        return 0;
    }

    @Override
    public synchronized long blockSize(long address) {
        final Long bytes = live.get(address);
        return bytes == null ? -1 : bytes;
    }

    @Override
    public synchronized HeapStats stats() {
        long largest = 0;
        long freeBytes = 0;
        for (long b : free.values()) {
            largest = Math.max(largest, b);
            freeBytes += b;
        }
        return new HeapStats(size, used, freeBytes, largest, live.size(), highWater);
    }

    /** @return whether {@code [address, address + length)} lies in this heap's range */
    boolean contains(long address, long length) {
        return address >= start && length >= 0 && length <= start + size - address;
    }

    @Override
    public String toString() {
        return "Heap[" + name + " 0x" + Long.toHexString(start) + "+0x" + Long.toHexString(size)
                + "]";
    }
}
