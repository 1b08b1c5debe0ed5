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

    @Test
    void shouldNeverLetAStackOverflowStrikeTheDeepestSyscallPathOnceTheReserveHolds() {
        // The reserve is the proof: wherever the module's stack ends, either the reserve itself
        // overflows (before anything changes) or the deepest path a syscall takes (fast_get of a
        // new large copy granted to the domain, its put, which removes the grant, and a heap
        // block taken and given back) runs to its end. Each depth is tried interpreted and
        // compiled; an overflow inside the body, after the reserve held, fails the test.
        final DriverHeap heap = fx.system.newDriverHeap("X", 65536);
        final MemoryDomain d = fx.system.newDomain("X0");
        assertEquals(0, d.addPartition(heap.memoryPartition()));
        assertEquals(0, d.addPartition(heap.controlPartition()));
        assertEquals(0, d.addPartition(new Partition("rodata", TESTDATA, 4 * 4096L,
                PartitionAttribute.P_RO_U_RO)));
        final Domain domain = (Domain) d;
        final FastGet fastGet = fx.system.fastGet();
        final long[] counts = new long[3]; // reserve overflowed, body ran, body overflowed
        final java.util.function.Supplier<Integer> deepest = () -> {
            try {
                final long copy = fastGet.get(heap, domain, TESTDATA, 4000);
                if (copy != 0) {
                    fastGet.put(domain, copy);
                }
                final long block = heap.alloc(16, 64);
                heap.free(block);
                counts[1]++;
            } catch (StackOverflowError inside) {
                counts[2]++;
            }
            return 0;
        };
        final Fixture.Outcome<Void> o = fx.asUser(d, () -> {
            final Reserve r = new Reserve(fx.system, deepest, counts);
            for (int round = 0; round < 3; round++) {
                r.down(0); // interpreted at first, then compiled: the frames change size
            }
        });
        assertTrue(o.error() == null, () -> "the probe threw " + o.error());
        assertTrue(counts[0] > 0, "the reserve must have overflowed at some depth");
        assertTrue(counts[1] > 0, "the body must have run at some depth");
        assertEquals(0, counts[2], "a StackOverflowError struck the deepest syscall path after "
                + "the reserve of " + MmuMemorySystem.SYSCALL_STACK_FRAMES + " frames held");
        assertEquals(0, fastGet.liveEntries(), "no fast_get copy left behind");
        assertEquals(0, heap.stats().usedBytes(), "no block of the driver heap left behind");
    }

    /** Recurses to the end of the stack, then makes the syscall once at each depth. */
    private static final class Reserve {
        private final MmuMemorySystem system;
        private final java.util.function.Supplier<Integer> body;
        private final long[] counts;

        Reserve(MmuMemorySystem system, java.util.function.Supplier<Integer> body,
                long[] counts) {
            this.system = system;
            this.body = body;
            this.counts = counts;
        }

        int down(int depth) {
            try {
                down(depth + 1);
            } catch (StackOverflowError bottom) {
                // the end of the stack: turn back
            }
            try {
                system.syscall(body);
            } catch (StackOverflowError e) {
                counts[0]++;
            }
            return depth;
        }
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
                // a copy and a block held, then the module's own freeAll: it must not drop
                // from the books what it has not given back
                memory.fastGet(TESTDATA + 4096, 4000);
                memory.alloc(32);
                freeAllDeeper(depth % 64); // deeper than the gets, by a different step each time
            } catch (StackOverflowError e) {
                overflows++;
            }
            return depth;
        }

        private int freeAllDeeper(int frames) {
            return frames == 0 ? memory.freeAll() : freeAllDeeper(frames - 1) + 1;
        }
    }
}
