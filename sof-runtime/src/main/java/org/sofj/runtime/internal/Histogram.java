package org.sofj.runtime.internal;

import org.sofj.api.spi.LatencySnapshot;

/**
 * An allocation-free latency histogram for one writer thread: log2 buckets with 16 linear
 * sub-buckets each (relative error below 1/16). Snapshots from other threads are approximate
 * while the writer runs, never torn into negative values.
 */
final class Histogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] counts = new long[64 * SUB];
    /** Written by the one recording thread; a reader's snapshot may be a few samples behind. */
    private long total;
    private long max;

    /** Records a non-negative value (nanoseconds). Hot path: no allocation. */
    void record(long value) {
        final long v = Math.max(0, value);
        counts[index(v)]++;
        if (v > max) {
            max = v;
        }
        total++;
    }

    private static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        final int log = 63 - Long.numberOfLeadingZeros(v);
        final int sub = (int) (v >>> (log - SUB_BITS)) & (SUB - 1);
        return (log - SUB_BITS + 1) * SUB + sub;
    }

    private static long upperBound(int index) {
        if (index < SUB) {
            return index;
        }
        final int log = index / SUB + SUB_BITS - 1;
        final long sub = index % SUB;
        return ((SUB + sub + 1) << (log - SUB_BITS)) - 1;
    }

    /** @return a snapshot: percentiles are bucket upper bounds, capped at the exact max */
    LatencySnapshot snapshot() {
        final long n = total;
        if (n == 0) {
            return LatencySnapshot.EMPTY;
        }
        return new LatencySnapshot(n, percentile(n, 0.50), percentile(n, 0.99),
                percentile(n, 0.999), max);
    }

    private long percentile(long n, double q) {
        final long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(upperBound(i), max);
            }
        }
        return max;
    }
}
