package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.PartitionAttribute;

final class HeapTest {
    private final Fixture fx = new Fixture();
    private final Heap heap = new SimHeap("test", AddressMap.LIBRARY_BASE, 4096,
            fx.system.backing());

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldAlignEveryBlock() {
        for (long align : new long[] {1, 8, 64, 256, 1024}) {
            final long a = heap.alloc(3, align);
            assertTrue(MemoryRegions.isAligned(a, align), "align=" + align + " a=" + a);
        }
        assertThrows(IllegalArgumentException.class, () -> heap.alloc(8, 3));
    }

    @Test
    void shouldReturnNullOnExhaustionAndStayUsable() {
        final long a = heap.alloc(4000, 8);
        assertNotEquals(0, a);
        assertEquals(MemoryRegions.NULL, heap.alloc(200, 8));
        assertEquals(MemoryRegions.NULL, heap.alloc(0, 8));
        assertEquals(MemoryRegions.NULL, heap.alloc(-1, 8));
        assertNotEquals(0, heap.alloc(96, 8), "the remaining 96 bytes are still usable");
        assertEquals(0, heap.free(a));
        assertNotEquals(0, heap.alloc(4000, 8));
    }

    @Test
    void shouldCoalesceNeighboursOnFree() {
        final long a = heap.alloc(1024, 8);
        final long b = heap.alloc(1024, 8);
        final long c = heap.alloc(1024, 8);
        heap.alloc(1024, 8);
        assertEquals(0, heap.stats().freeBytes());
        heap.free(a);
        heap.free(c);
        assertEquals(1024, heap.stats().largestFreeBlock(), "fragmented: two 1 KiB holes");
        assertEquals(MemoryRegions.NULL, heap.alloc(2048, 8));
        heap.free(b);
        assertEquals(3072, heap.stats().largestFreeBlock(), "a, b and c coalesced");
        assertNotEquals(0, heap.alloc(3072, 8));
    }

    @Test
    void shouldReturnAlignmentPaddingToTheFreeList() {
        heap.alloc(8, 8);
        final long aligned = heap.alloc(64, 1024);
        assertEquals(AddressMap.LIBRARY_BASE + 1024, aligned);
        final long small = heap.alloc(16, 8);
        assertTrue(small < aligned, "the padding before the aligned block is reused");
    }

    @Test
    void shouldKeepStatsAndHighWaterMark() {
        final long a = heap.alloc(1000, 8);
        final long b = heap.alloc(500, 8);
        heap.free(a);
        final HeapStats s = heap.stats();
        assertEquals(4096, s.size());
        assertEquals(500, s.usedBytes());
        assertEquals(3596, s.freeBytes());
        assertEquals(1, s.allocationCount());
        assertEquals(1500, s.highWaterMark());
        assertEquals(500, heap.blockSize(b));
        assertEquals(-1, heap.blockSize(a));
    }

    @Test
    void shouldReportBadFreesWithoutCorruption() {
        final long a = heap.alloc(64, 8);
        assertEquals(0, heap.free(a));
        assertEquals(-Errno.EINVAL, heap.free(a), "double free");
        final long b = heap.alloc(64, 8);
        assertEquals(-Errno.EINVAL, heap.free(b + 8), "interior pointer");
        assertEquals(-Errno.ENOENT, heap.free(AddressMap.USER_HEAP_BASE), "foreign pointer");
        assertEquals(64, heap.stats().usedBytes());
        assertEquals(0, heap.free(b));
        assertEquals(4096, heap.stats().largestFreeBlock());
    }

    @Test
    void shouldZeroOnZalloc() {
        final long a = heap.alloc(64, 8);
        fx.system.access().putLong(a, -1L);
        heap.free(a);
        final long z = heap.zalloc(64, 8);
        assertEquals(a, z);
        assertEquals(0L, fx.system.access().getLong(z));
    }

    @Test
    void shouldCarveDriverHeapsPageAlignedFromTheUserHeapAndReturnThem() {
        final Heap user = fx.system.heap(HeapRegion.USER);
        final long before = user.stats().usedBytes();
        final DriverHeap d = fx.system.newDriverHeap("X", 100);
        assertEquals(4096, d.size(), "rounded up to a page: SOF's default driver heap");
        assertTrue(MemoryRegions.isAligned(d.start(), MemoryRegions.PAGE_SIZE));
        assertTrue(d.start() >= user.start() && d.start() + d.size() <= user.start() + user.size());
        assertEquals(before + 4096, user.stats().usedBytes());
        final DriverHeap big = fx.system.newDriverHeap("Y", 3 * 4096 + 1);
        assertEquals(4 * 4096, big.size(), "a requested size wins");
        assertEquals(PartitionAttribute.P_RW_U_NA, d.controlPartition().attribute());
        assertTrue(d.controlPartition().start() >= AddressMap.SYSTEM_HEAP_BASE
                && d.controlPartition().start() < AddressMap.SHARED_BUFFER_HEAP_BASE,
                "the control struct lives in the kernel-only system heap");
        final long block = d.alloc(64, 64);
        assertEquals(-Errno.EBUSY, d.remove());
        d.free(block);
        assertEquals(0, d.remove());
        assertEquals(0, big.remove());
        assertEquals(before, user.stats().usedBytes());
        assertEquals(-Errno.ENOENT, d.remove());
    }

    @Test
    void shouldReturnNullWhenTheUserHeapCannotHoldADriverHeap() {
        assertNull(fx.system.newDriverHeap("huge", 2L << 20));
        assertEquals(0, fx.system.heap(HeapRegion.USER).stats().usedBytes());
    }
}
