package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Preemption;

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

    /**
     * A syscall on a thread the runtime abandoned ({@link Preemption#abandon}: a tick thread back
     * from a call that did not return in time) is refused at its start and changes nothing: no
     * block taken or freed, the books as they were; the instance's other threads go on.
     */
    @Test
    void shouldRefuseEverySyscallOfAnAbandonedThreadAndChangeNothing() {
        mapHeap();
        final long kept = fx.asUser(domain, () -> memory.alloc(64)).value();
        assertNotEquals(0, kept);
        final Supplier<?>[] calls = {() -> memory.alloc(32), () -> memory.zalloc(32),
            () -> memory.free(kept), memory::freeAll};
        for (Supplier<?> call : calls) {
            final Fixture.Outcome<?> o = fx.asUser(domain, () -> {
                final Preemption.Request r = Preemption.abandon(Thread.currentThread(), "test");
                try {
                    return call.get();
                } finally {
                    r.withdraw();
                }
            });
            assertTrue(Preemption.isPreemption(o.error()), "refused: " + o);
            assertEquals(1, heap.stats().allocationCount(), "the heap as it was");
            assertEquals(1, memory.liveAllocations().size(), "the books as they were");
        }
        // another thread of the instance, while one is abandoned, is not refused
        final Preemption.Request other = Preemption.abandon(Thread.currentThread(), "the test's");
        try {
            final Fixture.Outcome<Integer> o = fx.asUser(domain, () -> memory.free(kept));
            assertNull(o.error());
            assertEquals(0, o.value());
        } finally {
            other.withdraw();
        }
        assertEquals(0, heap.stats().allocationCount());
    }
}
