package org.sofj.mmu.internal;

import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * One memory system per benchmark JVM, shared by the user-thread executor and the benchmarks:
 * a domain "bench" with eight partitions (as a user instance has: heap, heap struct, sections,
 * BSS, buffers), the data partition last so a naive scan would pay for the others.
 */
public final class BenchMemory {
    /** The memory system. */
    public static final MmuMemorySystem SYSTEM = new MmuMemorySystem(MemoryLayout.defaults());
    /** The benchmark threads' domain. */
    public static final MemoryDomain DOMAIN = SYSTEM.newDomain("bench");
    /** The first address of the 64 KiB data partition the benchmarks read. */
    public static final long DATA = AddressMap.LIBRARY_BASE + 0x80000;

    static {
        for (int i = 0; i < 7; i++) {
            DOMAIN.addPartition(new Partition("other" + i, AddressMap.LIBRARY_BASE + i * 0x1000L,
                    0x1000, PartitionAttribute.P_RW_U_RW));
        }
        DOMAIN.addPartition(new Partition("data", DATA, 0x10000, PartitionAttribute.P_RW_U_RW));
    }

    private BenchMemory() {
    }

    /** @return the raw index of {@code address} in the backing buffer: for unchecked floors */
    public static int rawIndex(long address) {
        return (int) SYSTEM.backing().index(address, 1);
    }

    /** @return the backing buffer itself: reading it is the unchecked floor */
    public static org.agrona.concurrent.UnsafeBuffer raw() {
        return SYSTEM.backing().buffer();
    }
}
