package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;

/** mod_alloc family, free-all and the leak report; scenario 7. */
final class ModuleMemoryTest {
    private final Fixture fx = new Fixture();
    private final DriverHeap heap = fx.system.newDriverHeap("X", 4096);
    private final MemoryDomain domain = fx.system.newDomain("X0");
    private final ModuleMemory memory = fx.system.newModuleMemory("comp 0x1000", heap, domain);

    @AfterEach
    void close() {
        fx.close();
    }

    private void mapHeap() {
        assertEquals(0, domain.addPartition(heap.memoryPartition()));
        assertEquals(0, domain.addPartition(heap.controlPartition()));
    }

    @Test
    void shouldAllocateFromUserCodeWhileADirectReadOfTheHeapStructFaults() {
        mapHeap();
        final long control = ((SimDriverHeap) heap).controlAddress();
        final Fixture.Outcome<Long> alloc = fx.asUser(domain, () -> memory.alloc(64));
        assertNull(alloc.error());
        final long a = alloc.value();
        assertTrue(a >= heap.start() && a + 64 <= heap.start() + heap.size(),
                "inside the driver heap");
        assertTrue(fx.asUser(domain, () -> fx.system.access().getInt(control)).faulted());
        assertNull(fx.asUser(domain, () -> fx.system.access().putLong(a, 7L)).error());
        assertEquals(7L, fx.system.access().getLong(a));
    }

    @Test
    void shouldFaultModAllocWhenTheDomainCannotReachTheHeapStruct() {
        domain.addPartition(heap.memoryPartition());
        final Fixture.Outcome<Long> alloc = fx.asUser(domain, () -> memory.alloc(64));
        assertTrue(alloc.faulted(), "the syscall's verification kills the thread: " + alloc);
        assertEquals(0, heap.stats().allocationCount());
    }

    @Test
    void shouldTrackFreeAndReportLeaks() {
        final long a = memory.alloc(100);
        final long z = memory.zalloc(32);
        final long aligned = memory.alignedAlloc(16, 256);
        assertTrue(MemoryRegions.isAligned(a, 64));
        assertTrue(MemoryRegions.isAligned(aligned, 256));
        assertEquals(0L, fx.system.access().getLong(z));
        assertEquals(0, memory.free(z));
        assertEquals(List.of(new Allocation(a, 100, Allocation.Kind.HEAP),
                new Allocation(aligned, 16, Allocation.Kind.HEAP)), memory.liveAllocations());
        assertEquals(2, memory.freeAll());
        assertEquals(0, heap.stats().usedBytes(), "free-all returns every byte");
        assertTrue(memory.liveAllocations().isEmpty());
    }

    @Test
    void shouldAnswerSofsCodesForBadFrees() {
        assertEquals(0, memory.free(MemoryRegions.NULL));
        assertEquals(-Errno.ENOENT, memory.free(heap.start()));
        final ModuleMemory other = fx.system.newModuleMemory("comp 0x2000", heap, domain);
        final long theirs = other.alloc(8);
        assertEquals(-Errno.ENOENT, memory.free(theirs), "another instance's allocation");
        assertEquals(8, heap.blockSize(theirs));
        assertEquals(MemoryRegions.NULL, memory.alloc(0));
        assertEquals(MemoryRegions.NULL, memory.alloc(8192), "larger than the driver heap");
        assertThrows(IllegalArgumentException.class, () -> memory.alignedAlloc(8, 8192));
    }

    @Test
    void shouldAllocateFromTheSystemHeapForAKernelInstance() {
        final ModuleMemory kernel = fx.system.newModuleMemory("comp 0x3000",
                fx.system.heap(HeapRegion.SYSTEM), null);
        final long a = kernel.alloc(128);
        assertNotEquals(0, a);
        assertTrue(a >= AddressMap.SYSTEM_HEAP_BASE && a < AddressMap.SHARED_BUFFER_HEAP_BASE);
        assertEquals(1, kernel.freeAll());
    }
}
