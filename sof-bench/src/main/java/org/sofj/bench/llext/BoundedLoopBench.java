package org.sofj.bench.llext;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One iteration of a loop the preemption rewriter leaves without a check on its back edge
 * (sof-llext {@code BoundedLoops}: a counted {@code for} of at most 64 instructions), so that the
 * worst case docs/threat-model.md states for such a loop is measured rather than assumed. Left
 * unchecked, the score times 2<sup>32</sup> was how long such a loop could keep its thread after
 * its preemption was requested; strip-mined (sof-llext {@code StripMining}, a check every
 * 2<sup>16</sup> iterations) the score times 2<sup>16</sup> is. {@code cachedReads}: seven reads
 * of a small array (in the cache); {@code missingReads}: 28 dependent reads of a random cycle
 * through 256 MiB (each misses the cache and the TLB), the most a body within 64 instructions
 * holds. Both loops are in the rule's shape ({@code PreemptionPointsTest} checks the same shapes
 * keep no check on their back edge).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class BoundedLoopBench {
    /** Loop iterations per benchmark call: the score is per iteration. */
    private static final int ITERATIONS = 4096;
    private static final int CYCLE = 1 << 26;

    private final int[] small = new int[64];
    private int[] cycle;
    private int at;

    /** Makes one random cycle through the large array (Sattolo's shuffle). */
    @Setup
    public void setUp() {
        cycle = new int[CYCLE];
        for (int i = 0; i < CYCLE; i++) {
            cycle[i] = i;
        }
        final SplittableRandom r = new SplittableRandom(1);
        for (int i = CYCLE - 1; i > 0; i--) {
            final int j = r.nextInt(i);
            final int t = cycle[i];
            cycle[i] = cycle[j];
            cycle[j] = t;
        }
        for (int i = 0; i < small.length; i++) {
            small[i] = i * 31;
        }
    }

    /** @return the sum, so the reads stay */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public long cachedReads() {
        final int[] a = small;
        long s = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            s += a[i & 63] + a[(i + 1) & 63] + a[(i + 2) & 63] + a[(i + 3) & 63]
                    + a[(i + 4) & 63] + a[(i + 5) & 63] + a[(i + 6) & 63];
        }
        return s;
    }

    /** @return where the chase ended (the next call goes on from there) */
    @Benchmark
    @OperationsPerInvocation(ITERATIONS)
    public int missingReads() {
        final int[] a = cycle;
        int p = at;
        for (int i = 0; i < ITERATIONS; i++) {
            p = a[a[a[a[a[a[a[a[a[a[a[a[a[a[
                    a[a[a[a[a[a[a[a[a[a[a[a[a[a[p]]]]]]]]]]]]]]]]]]]]]]]]]]]];
        }
        at = p;
        return p;
    }
}
