package org.sofj.mmu.internal;

import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * A driver heap ({@code drv->user_heap}): a page-aligned block of the global user heap, plus a
 * control struct on its own page of the kernel-only system heap. The struct holds the heap's
 * bounds, written by the kernel; user code can never reach it, a syscall can through the
 * {@code P_RW_U_NA} partition (spec 3.4 row 4).
 *
 * <pre>
 *   control struct (one page, little-endian)
 *   0        4        8                16               24
 *   +--------+--------+----------------+----------------+
 *   | "KHEA" | flags  | start (u64)    | size (u64)     |
 *   +--------+--------+----------------+----------------+
 * </pre>
 */
final class SimDriverHeap extends SimHeap implements DriverHeap {
    static final int CONTROL_MAGIC = 0x4145484B; // "KHEA" little-endian

    private final SimHeap userHeap;
    private final SimHeap systemHeap;
    private final long controlAddress;
    private boolean removed;

    SimDriverHeap(String name, long start, long size, long controlAddress, SimHeap userHeap,
            SimHeap systemHeap, Backing backing) {
        super("driver:" + name, start, size, backing);
        this.userHeap = userHeap;
        this.systemHeap = systemHeap;
        this.controlAddress = controlAddress;
        final int index = (int) backing.index(controlAddress, 24);
        backing.buffer().putInt(index, CONTROL_MAGIC);
        backing.buffer().putLong(index + 8, start);
        backing.buffer().putLong(index + 16, size);
    }

    @Override
    public Partition memoryPartition() {
        return Partition.pageAligned(name(), start(), size(), PartitionAttribute.P_RW_U_RW);
    }

    @Override
    public Partition controlPartition() {
        return Partition.pageAligned(name() + ":k_heap", controlAddress, MemoryRegions.PAGE_SIZE,
                PartitionAttribute.P_RW_U_NA);
    }

    /** @return the control struct's simulated address */
    long controlAddress() {
        return controlAddress;
    }

    @Override
    public synchronized int remove() {
        if (removed) {
            return -Errno.ENOENT;
        }
        if (stats().allocationCount() > 0) {
            return -Errno.EBUSY;
        }
        removed = true;
        userHeap.free(start());
        systemHeap.free(controlAddress);
        return 0;
    }
}
