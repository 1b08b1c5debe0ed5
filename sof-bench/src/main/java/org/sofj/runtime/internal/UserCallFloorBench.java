package org.sofj.runtime.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;
import org.sofj.bench.BenchFlags;

/**
 * The parts a user LL call pays that a kernel LL call does not (issue 16 item 2), each alone on
 * a kernel thread (the JMH thread, as the tick thread): the thread's allocation counter read
 * through the runtime's {@link Allocations} and through the by-id method, the domain switch in
 * and out ({@code enterDomain}/{@code leaveDomain}: two atomic updates of the MMU's switched
 * count and the switch's look-ups), the same plus the EXECUTE check of a 64 KiB text the call
 * makes for a library module, and the clock read every LL call (kernel or user) pays, for scale.
 * What the floor of a lone user call is on this JDK, measured rather than assumed; 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class UserCallFloorBench {
    private static final long TEXT = 0x5000_0000L; // the library region's base (AddressMap)
    private static final long TEXT_SIZE = 0x1_0000L;

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private long threadId;
    private MemorySystem memory;
    private MemoryDomain domain;
    private MemoryAccess kernel;

    /** A memory system with one domain that holds a text partition, as a library module's. */
    @Setup(Level.Trial)
    public void setUp() {
        threadId = Thread.currentThread().getId();
        memory = new org.sofj.mmu.internal.MmuProvider().create(MemoryLayout.defaults());
        domain = memory.newDomain("bench");
        if (domain.addPartition(new Partition("text", TEXT, TEXT_SIZE,
                PartitionAttribute.P_RX_U_RX)) != 0) {
            throw new IllegalStateException("text partition refused");
        }
        kernel = memory.access();
        Allocations.current(); // enables the counter, as the runtime does
    }

    /** Closes the memory system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        memory.close();
    }

    /** @return the counter: what the runtime reads before and after a lone user call */
    @Benchmark
    public long allocationCounter() {
        return Allocations.current();
    }

    /** @return the same counter through {@code getThreadAllocatedBytes(id)} */
    @Benchmark
    public long allocationCounterById() {
        return threads.getThreadAllocatedBytes(threadId);
    }

    /** The domain switch in and out, nothing in between. */
    @Benchmark
    public void domainSwitch() {
        memory.enterDomain(domain);
        memory.leaveDomain();
    }

    /** The switch with the text's EXECUTE check inside, as a library module's call makes it. */
    @Benchmark
    public void domainSwitchWithExecuteCheck() {
        memory.enterDomain(domain);
        try {
            kernel.check(TEXT, TEXT_SIZE, AccessKind.EXECUTE);
        } finally {
            memory.leaveDomain();
        }
    }

    /** @return the kernel's clock: one read ends every LL call, kernel or user */
    @Benchmark
    public long clockRead() {
        return System.nanoTime();
    }

    /**
     * The same five operations timed by the thread's CPU time, in rounds of {@code ops} calls
     * each, the operations taking turns, the least round of each: on a machine shared with other
     * work, JMH's wall-clock averages of a few nanoseconds are not usable, this is.
     * {@code java -cp benchmarks.jar org.sofj.runtime.internal.UserCallFloorBench [rounds [ops]]}
     *
     * @param args {@code [rounds [ops per round]]}, default 30 and 1,000,000
     */
    public static void main(String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final int ops = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        final UserCallFloorBench b = new UserCallFloorBench();
        b.setUp();
        final java.lang.management.ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final String[] names = {"allocationCounter", "allocationCounterById", "domainSwitch",
            "domainSwitchWithExecuteCheck", "clockRead"};
        final long[] best = new long[names.length];
        java.util.Arrays.fill(best, Long.MAX_VALUE);
        long sink = 0;
        try {
            for (int r = -5; r < rounds; r++) { // five untimed warm-up rounds
                for (int op = 0; op < names.length; op++) {
                    final long t0 = cpu.getCurrentThreadCpuTime();
                    sink += b.run(op, ops);
                    final long t = cpu.getCurrentThreadCpuTime() - t0;
                    if (r >= 0) {
                        best[op] = Math.min(best[op], t);
                    }
                }
            }
        } finally {
            b.tearDown();
        }
        System.out.printf(java.util.Locale.ROOT, "load average %.2f; %d rounds of %d calls, least "
                + "CPU time (sink %d)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds, ops,
                sink & 1);
        for (int op = 0; op < names.length; op++) {
            System.out.printf(java.util.Locale.ROOT, "%-30s %6.1f ns%n", names[op],
                    best[op] / (double) ops);
        }
    }

    private long run(int op, int ops) {
        long sink = 0;
        for (int i = 0; i < ops; i++) {
            switch (op) {
                case 0:
                    sink += allocationCounter();
                    break;
                case 1:
                    sink += allocationCounterById();
                    break;
                case 2:
                    domainSwitch();
                    break;
                case 3:
                    domainSwitchWithExecuteCheck();
                    break;
                default:
                    sink += clockRead();
                    break;
            }
        }
        return sink;
    }
}
