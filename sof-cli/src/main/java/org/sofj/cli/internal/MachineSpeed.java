package org.sofj.cli.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * How fast the machine runs fixed work right now: the benches' yardstick for telling a slow
 * trial of sofj from a slow machine.
 *
 * <p>On the project's 2-vCPU machine a whole render trial sometimes runs 1.4-1.8x slower, every
 * component alike. Traced over single long sessions (docs/BENCHMARKS.md, "The slow trials are
 * the host", 2026-12-01) the slowness starts and ends in the middle of a session, with no
 * compile of the shared code and no session boundary, and this loop, whose compiled code never
 * changes, slows by the same factor at the same moments, as does a C program outside the JVM.
 * So the benches time this loop around each trial and say when a slow trial ran on a slow
 * machine, rather than leaving a reader to guess.
 *
 * <p>The loop is audio-like work on java.base alone (a ramp converted to integers, a Q31 gain
 * with saturation, a copy over 96 samples: the shape of a tick of 48 stereo frames), so it is
 * as sensitive to the machine as a tick is, and it calls no sofj code, so no session reshapes
 * it. It runs on the calling thread and is timed by that thread's CPU time where the JVM can
 * measure it, so a preemption does not count.
 */
final class MachineSpeed {
    /** Runs of the loop per reading; the least counts. */
    static final int RUNS = 5;
    /** Passes over the 96 samples per run: about 0.45 ms on the project's machine. */
    static final int PASSES = 4000;
    /**
     * A trial more than this factor slower than its chain's best is called slow (more than 15%
     * under the best trial's rate), and a reading this factor above the run's least is a slow
     * machine.
     */
    static final double SLOW = 1 / 0.85;

    private static final int SAMPLES = 96;
    /** Readings {@link #warmUp} takes. */
    private static final int WARM_UP_READS = 20;
    private final int[] ramp = new int[SAMPLES];
    private final int[] out = new int[SAMPLES];
    private final double[] phase = new double[SAMPLES];
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
    /** What the loops computed, kept so the JIT cannot drop them. */
    private int sink;

    /**
     * @return the least time of {@link #RUNS} runs of the loop, in ns of the calling thread's
     *     CPU time (wall time where the JVM cannot measure CPU time)
     */
    long read() {
        long best = Long.MAX_VALUE;
        for (int k = 0; k < RUNS; k++) {
            final long t0 = now();
            sink += loop(ramp, out, phase, PASSES);
            best = Math.min(best, now() - t0);
        }
        return best;
    }

    /** Reads the loop often enough that C2 has compiled it before a trial's first reading. */
    void warmUp() {
        for (int i = 0; i < WARM_UP_READS; i++) {
            read();
        }
    }

    /**
     * Runs a trial's timed rounds with a reading before the first and after each, outside
     * them.
     *
     * @param rounds how many rounds
     * @param round  one round
     * @return the trial's reading: the {@link #median} of the readings
     */
    long around(int rounds, Runnable round) {
        final long[] readings = new long[rounds + 1];
        readings[0] = read();
        for (int i = 0; i < rounds; i++) {
            round.run();
            readings[i + 1] = read();
        }
        return median(readings);
    }

    /**
     * A trial's reading: the median of those taken around its rounds. A trial reads slow only
     * when all its rounds were slow (its best round counts), so the machine was slow through most
     * of it; the median says so where the least would take one fast reading at its edge.
     *
     * @param readings the readings ({@link #read}); not changed
     * @return their median, the mean of the middle two for an even count; 0 for none
     */
    static long median(long[] readings) {
        if (readings.length == 0) {
            return 0;
        }
        final long[] v = readings.clone();
        java.util.Arrays.sort(v);
        final int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private long now() {
        return cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** @return what the loops computed so far (so their work is observable) */
    int checksum() {
        return sink;
    }

    /**
     * The fixed work: a ramp as doubles to integers, a Q31 gain of 0.75 with saturation, a copy
     * back, over {@code a.length} samples, {@code passes} times.
     *
     * @return a checksum of the result: the same for the same arguments and starting arrays
     */
    static int loop(int[] a, int[] b, double[] d, int passes) {
        int h = 0;
        for (int r = 0; r < passes; r++) {
            for (int i = 0; i < a.length; i++) {
                d[i] = (i * 0.1 + r) * 1.5e3;
                a[i] = (int) d[i] + r;
            }
            for (int i = 0; i < a.length; i++) {
                final long v = ((long) a[i] * 0x6000_0000L) >> 31;
                b[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
            }
            System.arraycopy(b, 0, a, 0, a.length);
            h += a[r % a.length];
        }
        return h;
    }

    /**
     * What a reader should make of a chain's trials: a line for each trial more than
     * {@link #SLOW} under the chain's best, saying whether the machine ran as much slower
     * around it. A loop at its usual speed does not clear the machine of everything: other
     * processes that share the CPU with a trial slow it by its CPU time too (their cache
     * traffic), while the loop's least run can fall between them.
     *
     * @param chain     the chain's label
     * @param cpuRates  each trial's rate by CPU time (x real time, higher is faster)
     * @param readings  each trial's machine reading (ns, {@link #read}; lower is faster)
     * @param leastRead the least trial reading of the whole run (the machine at its fastest)
     * @return one line per slow trial, none if the trials agree, and a line for the chain
     *     when every trial ran while the loop read more than {@link #SLOW} its run's fastest
     *     (the trials then agree with each other, all slow)
     */
    static String notes(String chain, double[] cpuRates, long[] readings, long leastRead) {
        double best = 0;
        for (double r : cpuRates) {
            best = Math.max(best, r);
        }
        final StringBuilder b = new StringBuilder();
        // every trial slow alike: no trial disagrees with the best, so say it of the row
        final long fastest = java.util.Arrays.stream(readings).min().orElse(0);
        if (leastRead > 0 && fastest > 0) {
            final double machine = fastest / (double) leastRead;
            if (machine > SLOW) {
                b.append(String.format(Locale.ROOT, "note: %s, every trial: the machine-speed "
                        + "loop read at least %.2fx the run's fastest around each: the machine "
                        + "was slow through the whole row, not sofj (docs/BENCHMARKS.md, \"The "
                        + "slow trials are the host\")%n", chain, machine));
            }
        }
        for (int t = 0; t < cpuRates.length; t++) {
            final double slower = best / cpuRates[t];
            if (!(slower > SLOW)) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "note: %s, trial %d: %.2fx slower by CPU time "
                    + "than the chain's best trial; ", chain, t + 1, slower));
            if (readings[t] <= 0 || leastRead <= 0) {
                b.append(String.format("the machine's speed was not read%n"));
                continue;
            }
            final double machine = readings[t] / (double) leastRead;
            b.append(String.format(Locale.ROOT, "the machine-speed loop read %.2fx the run's "
                    + "fastest around it: %s%n", machine, machine > SLOW
                    ? "the machine was slow then, not sofj (docs/BENCHMARKS.md, \"The slow "
                    + "trials are the host\")"
                    : "not the host's slow state; other work on this machine (load average), a JIT "
                    + "still compiling (the settle line) or sofj itself"));
        }
        return b.toString();
    }
}
