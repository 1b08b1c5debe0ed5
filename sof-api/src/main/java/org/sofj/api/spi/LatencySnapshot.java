package org.sofj.api.spi;

/**
 * A latency distribution at one moment, in nanoseconds.
 *
 * @param count samples
 * @param p50   median
 * @param p99   99th percentile
 * @param p999  99.9th percentile
 * @param max   largest sample
 */
public record LatencySnapshot(long count, long p50, long p99, long p999, long max) {

    /** No samples. */
    public static final LatencySnapshot EMPTY = new LatencySnapshot(0, 0, 0, 0, 0);
}
