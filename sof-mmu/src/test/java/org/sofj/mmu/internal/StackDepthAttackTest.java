package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * Kernel code that runs on a user thread on the module's behalf (the syscalls behind
 * {@code mod_alloc}, {@code mod_free} and {@code fast_get}) against a module that exhausts its own
 * stack first: it recurses until {@link StackOverflowError}, then on the way back up makes the
 * call once at every depth, so that the overflow strikes every point of the kernel's path once
 * (a {@code StackOverflowError} may be caught, and is on the user-mode allow-list). Whatever depth
 * the overflow strikes at, the thread must be back in user mode, with user rights only, and the
 * kernel's books must add up.
 */
final class StackDepthAttackTest {
    private static final long TESTDATA = AddressMap.LIBRARY_BASE;

    private final Fixture fx = new Fixture();
    private final MemoryAccess mem = fx.system.access();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldLeaveTheThreadInUserModeAndTheBooksWholeWhateverDepthASyscallOverflowsAt() {
        final DriverHeap heap = fx.system.newDriverHeap("X", 65536);
        final MemoryDomain d = fx.system.newDomain("X0");
        assertEquals(0, d.addPartition(heap.memoryPartition()));
        assertEquals(0, d.addPartition(heap.controlPartition()));
        assertEquals(0, d.addPartition(new Partition("rodata", TESTDATA, 4 * 4096L,
                PartitionAttribute.P_RO_U_RO)));
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        final long control = heap.controlPartition().start();
        final long kernelFree = fx.system.heap(org.sofj.api.spi.HeapRegion.SYSTEM).stats()
                .freeBytes();
        final Fixture.Outcome<String> o = fx.asUser(d, () -> {
            final Probe p = new Probe(m);
            for (int round = 0; round < 3; round++) {
                p.down(0); // interpreted at first, then compiled: the frames change size
            }
            try {
                mem.getInt(control); // the heap struct: kernel only (P_RW_U_NA)
                return "read the heap struct with kernel rights after " + p.overflows
                        + " overflows in syscalls";
            } catch (MemoryFault expected) {
                return "user rights after " + p.overflows + " overflows in syscalls";
            }
        });
        assertTrue(o.error() == null, () -> "the probe threw " + o.error());
        assertTrue(o.value().startsWith("user rights after "), o.value());
        assertTrue(!o.value().equals("user rights after 0 overflows in syscalls"),
                "the probe must have overflowed inside the syscalls at least once");
        m.freeAll();
        assertEquals(0, heap.stats().usedBytes(), "no block of the driver heap left behind");
        assertEquals(0, fx.system.fastGet().liveEntries(), "no fast_get copy left behind");
        assertEquals(kernelFree, fx.system.heap(org.sofj.api.spi.HeapRegion.SYSTEM).stats()
                .freeBytes(), "no kernel memory left behind");
    }

    /** Recurses to the end of the stack, then calls into the kernel once at each depth. */
    private static final class Probe {
        private final ModuleMemory memory;
        private int overflows;

        Probe(ModuleMemory memory) {
            this.memory = memory;
        }

        int down(int depth) {
            try {
                down(depth + 1);
            } catch (StackOverflowError bottom) {
                // the end of the stack: turn back
            }
            try {
                final long a = memory.alloc(16);
                if (a != 0) {
                    memory.free(a);
                }
                final long c = memory.fastGet(TESTDATA, 4000);
                if (c != 0) {
                    memory.fastPut(c);
                }
            } catch (StackOverflowError e) {
                overflows++;
            }
            return depth;
        }
    }
}
