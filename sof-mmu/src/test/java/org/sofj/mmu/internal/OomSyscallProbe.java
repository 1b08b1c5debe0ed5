package org.sofj.mmu.internal;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * The module's side of {@link OomSyscallAttackTest}, run in a JVM of its own with a small heap:
 * on a user thread it fills the Java heap, then gives back a few bytes at a time and makes the
 * syscalls ({@code mod_alloc}, {@code mod_free}, {@code fast_get} of a new large copy,
 * {@code fast_put}, {@code freeAll}) at every step, so that an {@link OutOfMemoryError} (which a
 * module may catch) strikes each point of the kernel's paths in turn. Afterwards the books must
 * add up: the thread has user rights only, and once the module's memory is freed nothing of the
 * driver heap, the kernel heap or the fast_get registry is left, and every heap's used and free
 * bytes add up to its size (a block lost between the two would not). Prints one line, {@code held ...} or
 * {@code broken ...}; exits 0 either way (the test reads the line).
 */
public final class OomSyscallProbe {
    private static final long TESTDATA = AddressMap.LIBRARY_BASE;
    /** Sources of distinct large copies, so that each fast_get makes a new copy. */
    private static final int SOURCES = 4;
    /** Steps of 16 bytes per round: past what one round of calls needs. */
    private static final int STEPS = 512;
    /** Where the probe is, for a report of an error that escaped it (constants: no allocation). */
    private static volatile String phase = "start";

    private OomSyscallProbe() {
    }

    public static void main(String[] args) {
        final int rounds = Integer.parseInt(args[0]);
        final Fixture fx = new Fixture();
        final MemoryAccess mem = fx.system.access();
        final DriverHeap heap = fx.system.newDriverHeap("X", 65536);
        final MemoryDomain d = fx.system.newDomain("X0");
        d.addPartition(heap.memoryPartition());
        d.addPartition(heap.controlPartition());
        d.addPartition(new Partition("rodata", TESTDATA, SOURCES * 8 * 4096L,
                PartitionAttribute.P_RO_U_RO));
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        final long control = heap.controlPartition().start();
        final long kernelFree = fx.system.heap(HeapRegion.SYSTEM).stats().freeBytes();
        final String[] value = new String[1];
        final Throwable[] error = new Throwable[1];
        final Thread user = fx.system.newUserThread("user-X0", d, 4096, () -> {
            try {
                value[0] = attack(m, mem, control, rounds);
            } catch (Throwable e) {
                error[0] = e;
            }
        });
        user.start();
        try {
            user.join(600_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        final Fixture.Outcome<String> o = new Fixture.Outcome<>(value[0], user.isAlive()
                ? new AssertionError("the probe did not end") : error[0]);
        final List<String> broken = new ArrayList<>();
        if (o.error() != null) {
            final StackTraceElement[] at = o.error().getStackTrace();
            broken.add("the probe threw " + o.error() + " in " + phase + " at "
                    + List.of(at).subList(0, Math.min(at.length, 6)));
        } else if (!o.value().startsWith("user rights")) {
            broken.add(o.value());
        }
        m.freeAll();
        check(broken, "driver heap", heap.stats(), 0);
        check(broken, "kernel heap", fx.system.heap(HeapRegion.SYSTEM).stats(), -1);
        check(broken, "user heap", fx.system.heap(HeapRegion.USER).stats(), -1);
        if (fx.system.fastGet().liveEntries() != 0) {
            broken.add(fx.system.fastGet().liveEntries() + " fast_get copies left");
        }
        final long free = fx.system.heap(HeapRegion.SYSTEM).stats().freeBytes();
        if (free != kernelFree) {
            broken.add("kernel heap free " + free + " bytes, was " + kernelFree);
        }
        fx.close();
        System.out.println((broken.isEmpty() ? "held " : "broken " + broken + " ")
                + (o.value() == null ? "" : o.value()));
    }

    private static String attack(ModuleMemory m, MemoryAccess mem, long control, int rounds) {
        final Probe p = new Probe(m);
        p.calls(); // warm: classes loaded, lambdas linked, before the heap is full
        int escaped = 0;
        for (int r = 0; r < rounds; r++) {
            try {
                p.round();
            } catch (OutOfMemoryError e) {
                // one that got past the probe's own handlers (seen in "the steps", about 1 run
                // in 8 with the fill kept reachable; probably the JVM reallocating objects C2 had
                // scalar-replaced as the frame deoptimizes to reach the handler, which needs heap
                // too): the module's own loss; the books are checked all the same
                escaped++;
            }
        }
        phase = "the last access";
        final String ooms = p.ooms + " OutOfMemoryErrors in syscalls (" + escaped
                + " rounds ended by one outside the probe's handlers)";
        try {
            mem.getInt(control); // the heap struct: kernel only (P_RW_U_NA)
            return "kernel rights after " + ooms;
        } catch (MemoryFault expected) {
            return "user rights after " + ooms;
        }
    }

    private static void check(List<String> broken, String what, HeapStats s, long used) {
        if (s.usedBytes() + s.freeBytes() != s.size()) {
            broken.add(what + ": used " + s.usedBytes() + " + free " + s.freeBytes()
                    + " != size " + s.size());
        }
        if (used >= 0 && s.usedBytes() != used) {
            broken.add(what + ": " + s.usedBytes() + " bytes used, expected " + used);
        }
    }

    /** Fills the heap, then makes room in small steps, calling into the kernel at each. */
    private static final class Probe {
        private final ModuleMemory memory;
        private int ooms;

        Probe(ModuleMemory memory) {
            this.memory = memory;
        }

        void round() {
            phase = "a round's start";
            final Object[] tail = new Object[1 << 16]; // the last bytes, 16 at a time
            final List<Object[]> chunks = new ArrayList<>();
            try {
                while (true) {
                    final Object[] c = new Object[1024];
                    chunks.add(c);
                    for (int n = 0; n < c.length; n++) {
                        c[n] = new byte[16];
                    }
                }
            } catch (OutOfMemoryError full) {
                // full for chunks: fill what is left with the smallest objects
            }
            phase = "the fill";
            int filled = 0;
            try {
                while (filled < tail.length) {
                    tail[filled] = new byte[0];
                    filled++;
                }
            } catch (OutOfMemoryError full) {
                // the heap is full: give back 16 bytes a step
            }
            phase = "the steps";
            for (int i = filled - 1; i >= 0 && i >= filled - STEPS; i--) {
                tail[i] = null;
                try {
                    calls();
                } catch (OutOfMemoryError e) {
                    ooms++;
                }
            }
            // the fill stays until every step has run: else the JIT may find it dead and the
            // collector frees it, and the steps strike the syscalls only a few times
            Reference.reachabilityFence(chunks);
            phase = "a round's end";
        }

        void calls() {
            final long a = memory.alloc(16);
            if (a != 0) {
                memory.free(a);
            }
            for (int s = 0; s < SOURCES; s++) {
                final long c = memory.fastGet(TESTDATA + s * 8 * 4096L, 4000 + s);
                if (c != 0) {
                    memory.fastPut(c);
                }
            }
            memory.fastGet(TESTDATA, 4000); // held, then the module's own freeAll
            memory.alloc(32);
            memory.freeAll();
        }
    }
}
