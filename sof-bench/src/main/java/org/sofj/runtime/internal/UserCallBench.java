package org.sofj.runtime.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.bench.BenchFlags;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * What one call into a user-mode LL module costs over the same call in kernel mode, resolved
 * finely enough to compare with a process boundary (issue 16, item 2). One tick (virtual clock)
 * of tone -> {@link #calls} passthrus (LL) -> host_out, every passthru in kernel mode or every one
 * in user mode (own domain and driver heap, the tick thread switched into it for each call, every
 * access checked). The difference of the two ticks divided by {@link #calls} is the overhead of
 * one user call: the domain switch in and out, the allocation-budget reads, the EXECUTE check of
 * its text, the fault count, and the checked accesses of the module itself. {@link #childRoundTrip}
 * is the floor of a process sandbox in the same run: one period (384 bytes) sent to a child
 * {@code cat} over a pipe and read back, as {@code sofj bench --isolation}'s child column does.
 *
 * <p>{@link #main} runs all three and prints the overhead per user call and the ratio
 * {@code child round trip / user-call overhead} (the goal is at least 100x).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class UserCallBench {
    private static final AudioFormat FORMAT = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
    private static final BaseConfig CONFIG = new BaseConfig(0, 384, 384, 0, 0, FORMAT);

    /** The passthrus' mode: all kernel or all user. */
    @Param({"kernel", "user"})
    String mode;
    /** Passthrus in the chain, each one call per tick. */
    @Param({"8"})
    int calls;
    private SofRuntime runtime;
    private HostEndpoints endpoints;
    private int out;
    private final byte[] drain = new byte[4096];

    /** Builds and starts tone -> {@link #calls} passthrus -> host_out. */
    @Setup(Level.Trial)
    public void setUp() {
        endpoints = new HostEndpoints();
        runtime = SofRuntime.builder().builtIn(endpoints)
                .builtIn(new IsolationCostBench.Modules("user".equals(mode), false)).build();
        runtime.createPipeline(1, 0);
        runtime.setPipelineState(1, PipelineState.RESET);
        int previous = create("tone", 0);
        for (int i = 0; i < calls; i++) {
            final int pass = create("pass", i);
            runtime.bind(previous, 0, pass, 0);
            previous = pass;
        }
        out = create(HostEndpoints.HOST_OUT, 0);
        runtime.bind(previous, 0, out, 0);
        runtime.setPipelineState(1, PipelineState.RUNNING);
    }

    private int create(String name, int instance) {
        return runtime.initInstance(new InstanceSpec(runtime.moduleId(0, name), instance, 0, 1,
                ProcDomain.LL, CONFIG, null, 0, 0));
    }

    /** Closes the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /** @return bytes drained from the output: one tick of the whole chain */
    @Benchmark
    public int tick() {
        runtime.runTicks(1);
        return endpoints.port(out).read(drain, 0, drain.length);
    }

    /**
     * Measures by CPU time, as a shared machine allows (JMH's wall-clock errors there are larger
     * than the differences): a kernel chain, a user chain and a child process in one JVM, each
     * timed in turn per round, the least CPU time of each over the rounds. Prints the overhead of
     * one user call and the child's round trip over it.
     *
     * @param args {@code [calls [rounds [ticks per round]]]}, default {@code 8 9 20000}
     * @throws IOException if the child process fails
     */
    public static void main(String[] args) throws IOException {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        final int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        final UserCallBench kernel = chain("kernel", n);
        final UserCallBench user = chain("user", n);
        final ChildRoundTripBench.Child child = new ChildRoundTripBench.Child();
        child.start();
        final ChildRoundTripBench echo = new ChildRoundTripBench();
        try {
            final long[][] best = new long[3][];
            for (int r = -2; r < rounds; r++) { // two untimed warm-up rounds
                final long[][] t = {timed(ticks, kernel::tick), timed(ticks, user::tick),
                    timed(ticks, () -> echo.childRoundTrip(child))};
                for (int i = 0; r >= 0 && i < 3; i++) {
                    best[i] = best[i] == null ? t[i] : new long[] {Math.min(best[i][0], t[i][0]),
                        Math.min(best[i][1], t[i][1])};
                }
            }
            final double k = best[0][1] / (double) ticks;
            final double u = best[1][1] / (double) ticks;
            final double perCall = (u - k) / n;
            final double childWall = best[2][0] / (double) ticks;
            final double childCpu = best[2][1] / (double) ticks;
            System.out.printf(Locale.ROOT, "load average %.2f; %d rounds of %d, least CPU time "
                    + "of each%n", ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage(), rounds, ticks);
            System.out.printf(Locale.ROOT, "tick with %d passthrus, CPU ns: kernel %.1f, user "
                    + "%.1f (wall %.1f, %.1f); one user call over a kernel call: %.1f ns CPU%n",
                    n, k, u, best[0][0] / (double) ticks, best[1][0] / (double) ticks, perCall);
            System.out.printf(Locale.ROOT, "child round trip: %.1f ns wall, %.1f ns CPU of this "
                    + "JVM; child / user-call overhead: %s (wall), %s (CPU)%n", childWall,
                    childCpu, ratio(childWall, perCall), ratio(childCpu, perCall));
        } finally {
            child.stop();
            kernel.tearDown();
            user.tearDown();
        }
    }

    private static UserCallBench chain(String mode, int calls) {
        final UserCallBench b = new UserCallBench();
        b.mode = mode;
        b.calls = calls;
        b.setUp();
        return b;
    }

    /** One operation of a measurement. */
    private interface Op {
        int run() throws IOException;
    }

    /** @return {wall, CPU of every Java thread} nanoseconds for {@code ops} calls of {@code op} */
    private static long[] timed(int ops, Op op) throws IOException {
        final long cpu = cpuNanos();
        final long wall = System.nanoTime();
        int sink = 0;
        for (int i = 0; i < ops; i++) {
            sink += op.run();
        }
        final long[] t = {System.nanoTime() - wall, cpuNanos() - cpu};
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return t;
    }

    /** The CPU time of every live Java thread (the tick runs on the caller's, DP on others). */
    private static long cpuNanos() {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : bean.getAllThreadIds()) {
            sum += Math.max(0, bean.getThreadCpuTime(id));
        }
        return sum;
    }

    private static String ratio(double a, double b) {
        return b > 0 ? String.format(Locale.ROOT, "%.0fx", a / b) : "n/a (no overhead resolved)";
    }
}
