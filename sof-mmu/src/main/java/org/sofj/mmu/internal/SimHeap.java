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
            if (aligned + bytes <= blockEnd) {
                take(blockStart, blockEnd, aligned, bytes);
                return aligned;
            }
        }
        return MemoryRegions.NULL;
    }

    private void take(long blockStart, long blockEnd, long aligned, long bytes) {
        free.remove(blockStart);
        if (aligned > blockStart) {
            free.put(blockStart, aligned - blockStart);
        }
        if (aligned + bytes < blockEnd) {
            free.put(aligned + bytes, blockEnd - aligned - bytes);
        }
        live.put(aligned, bytes);
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

    @Override
    public synchronized int free(long address) {
        if (address < start || address >= start + size) {
            return -Errno.ENOENT;
        }
        final Long bytes = live.remove(address);
        if (bytes == null) {
            return -Errno.EINVAL;
        }
        used -= bytes;
        long blockStart = address;
        long blockSize = bytes;
        final Map.Entry<Long, Long> before = free.floorEntry(address);
        if (before != null && before.getKey() + before.getValue() == address) {
            blockStart = before.getKey();
            blockSize += before.getValue();
            free.remove(before.getKey());
        }
        final Long after = free.get(address + bytes);
        if (after != null) {
            free.remove(address + bytes);
            blockSize += after;
        }
        free.put(blockStart, blockSize);
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
