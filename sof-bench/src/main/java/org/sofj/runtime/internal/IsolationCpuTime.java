package org.sofj.runtime.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The tick thread's CPU time per tick of {@link IsolationCostBench}'s pipeline (tone -> passthru
 * -> host_out, virtual clock, DP inline) with the passthru as a kernel LL, a user LL, a kernel DP
 * and a user DP module, in one JVM, the four timed in turn each round, the least of each over the
 * rounds (issue 16: what a user call and an inline DP run cost over a kernel LL call, by CPU time,
 * which a shared machine allows better than wall time). Every run here is on the calling thread,
 * so its CPU time is the whole tick.
 *
 * <p>{@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks.jar
 * org.sofj.runtime.internal.IsolationCpuTime [rounds [ticks per round [cell]]]}, default 30 and
 * 20000 and every cell (0-3 in the order above: one only, for a profiler).
 */
public final class IsolationCpuTime {
    private static final String[][] CELLS = {{"kernel", "LL"}, {"user", "LL"}, {"kernel", "DP"},
        {"user", "DP"}};

    private IsolationCpuTime() {
    }

    /**
     * @param args {@code [rounds [ticks per round]]}
     */
    public static void main(String[] args) {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final int ticks = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final int only = args.length > 2 ? Integer.parseInt(args[2]) : -1; // one cell (profiling)
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final IsolationCostBench[] cells = new IsolationCostBench[CELLS.length];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new IsolationCostBench();
            cells[i].mode = CELLS[i][0];
            cells[i].domain = CELLS[i][1];
            cells[i].setUp();
        }
        try {
            final long[] best = new long[cells.length];
            java.util.Arrays.fill(best, Long.MAX_VALUE);
            int sink = 0;
            for (int r = -5; r < rounds; r++) { // five untimed warm-up rounds
                for (int i = 0; i < cells.length; i++) {
                    if (only >= 0 && i != only) {
                        continue;
                    }
                    final long t0 = threads.getCurrentThreadCpuTime();
                    for (int n = 0; n < ticks; n++) {
                        sink += cells[i].tick();
                    }
                    final long t = threads.getCurrentThreadCpuTime() - t0;
                    if (r >= 0) {
                        best[i] = Math.min(best[i], t);
                    }
                }
            }
            final double k = best[0] / (double) ticks;
            System.out.printf(Locale.ROOT, "load average %.2f; %d rounds of %d ticks, least "
                    + "tick-thread CPU time of each (sink %d)%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), rounds,
                    ticks, sink);
            for (int i = 0; i < cells.length; i++) {
                final double v = best[i] / (double) ticks;
                System.out.printf(Locale.ROOT, "%s %s: %.1f ns per tick, +%.1f ns, %.3fx kernel "
                        + "LL%n", CELLS[i][0], CELLS[i][1], v, v - k, v / k);
            }
        } finally {
            for (IsolationCostBench c : cells) {
                c.tearDown();
            }
        }
    }
}
