package org.sofj.mmu.internal;

import java.util.ArrayList;
import java.util.List;

import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * The fixed base addresses of the simulated address space. Each region owns one 256 MiB slot
 * ({@code address >>> 28}), so a region may be at most 256 MiB minus a guard page; everything in
 * a slot past its region, and slots without a region, are unmapped.
 *
 * <pre>
 *   slot  base          region               rights (kernel / user)
 *   ----  ------------  -------------------  ------------------------------------------------
 *   0     0x0000_0000   (unmapped: NULL)     -
 *   1     0x1000_0000   kernel-text          RX / RX, mapped in every domain (spec 3.6)
 *   2     0x2000_0000   system-heap          RW / none: kernel objects, heap control structs
 *   3     0x3000_0000   shared-buffer-heap   RW / per partition (or global if SOF-compatible)
 *   4     0x4000_0000   user-heap            RW / per partition: driver heaps are carved here
 *   5     0x5000_0000   library              RW / per partition: module text/rodata/data/bss
 *   6     0x6000_0000   stacks               RW / own stack only: user thread stacks
 *   7     0x7000_0000   hostbox              RW / per partition (RO during a proxied call)
 *   8     0x8000_0000   reply-buffer         RW / per partition (RW during GET_CONF)
 * </pre>
 */
final class AddressMap {
    static final int SLOT_SHIFT = 28;
    static final long SLOT_SIZE = 1L << SLOT_SHIFT;
    static final int SLOTS = 16;

    static final long KERNEL_TEXT_BASE = 0x1000_0000L;
    static final long SYSTEM_HEAP_BASE = 0x2000_0000L;
    static final long SHARED_BUFFER_HEAP_BASE = 0x3000_0000L;
    static final long USER_HEAP_BASE = 0x4000_0000L;
    static final long LIBRARY_BASE = 0x5000_0000L;
    static final long STACKS_BASE = 0x6000_0000L;
    static final long HOSTBOX_BASE = 0x7000_0000L;
    static final long REPLY_BUFFER_BASE = 0x8000_0000L;

    /** Room for user thread stacks: 1 MiB, 256 stacks of 4 KiB. */
    static final long STACKS_BYTES = 0x100000L;

    static final String KERNEL_TEXT = "kernel-text";
    static final String SYSTEM_HEAP = "system-heap";
    static final String SHARED_BUFFER_HEAP = "shared-buffer-heap";
    static final String USER_HEAP = "user-heap";
    static final String LIBRARY = "library";
    static final String STACKS = "stacks";
    static final String HOSTBOX = "hostbox";
    static final String REPLY_BUFFER = "reply-buffer";

    private AddressMap() {
    }

    /**
     * The regions of a layout, in address order, as partitions with their kernel-side rights.
     *
     * @throws IllegalArgumentException naming the region if it does not fit its slot
     */
    static List<Partition> regions(MemoryLayout layout) {
        final List<Partition> regions = new ArrayList<>();
        regions.add(region(KERNEL_TEXT, KERNEL_TEXT_BASE, layout.kernelTextBytes(),
                PartitionAttribute.P_RX_U_RX));
        regions.add(region(SYSTEM_HEAP, SYSTEM_HEAP_BASE, layout.systemHeapBytes(),
                PartitionAttribute.P_RW_U_NA));
        regions.add(region(SHARED_BUFFER_HEAP, SHARED_BUFFER_HEAP_BASE,
                layout.sharedBufferHeapBytes(), PartitionAttribute.P_RW_U_RW));
        regions.add(region(USER_HEAP, USER_HEAP_BASE, layout.userHeapBytes(),
                PartitionAttribute.P_RW_U_RW));
        regions.add(region(LIBRARY, LIBRARY_BASE, layout.libraryRegionBytes(),
                PartitionAttribute.P_RW_U_RW));
        regions.add(region(STACKS, STACKS_BASE, STACKS_BYTES, PartitionAttribute.P_RW_U_RW));
        regions.add(region(HOSTBOX, HOSTBOX_BASE, layout.hostboxBytes(),
                PartitionAttribute.P_RW_U_RW));
        regions.add(region(REPLY_BUFFER, REPLY_BUFFER_BASE, layout.replyBufferBytes(),
                PartitionAttribute.P_RW_U_RW));
        return regions;
    }

    private static Partition region(String name, long base, long size, PartitionAttribute attr) {
        if (size > SLOT_SIZE - MemoryRegions.PAGE_SIZE) {
            throw new IllegalArgumentException(name + " size=" + size + " does not fit its slot at 0x"
                    + Long.toHexString(base) + ": at most " + (SLOT_SIZE - MemoryRegions.PAGE_SIZE)
                    + " bytes (it would overlap the next region)");
        }
        return new Partition(name, base, size, attr);
    }
}
