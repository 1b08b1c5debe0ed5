package org.sofj.audio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import org.sofj.api.spi.LatencySnapshot;

/**
 * A latency distribution in nanoseconds, recorded by one thread and read by any: the only class
 * that touches HdrHistogram (a filename-derived automatic module), so its name stays in one place.
 *
 * <p>{@link #record} is the hot path: wait-free, no allocation (values above {@link #HIGHEST} are
 * clamped, so the histogram never resizes). It must be called by one thread at a time (a
 * {@link SingleWriterRecorder}); a later call from another thread is fine once the first is
 * done. {@link #snapshot()} may be called from any thread; it folds the interval recorded so far
 * into a cumulative histogram and may allocate.
 */
final class LatencyRecorder {
    /** The largest value kept exactly: 60 s. Larger samples are recorded as this value. */
    static final long HIGHEST = 60_000_000_000L;
    /** Two significant digits (1 %) keeps each histogram a few KiB. */
    private static final int DIGITS = 2;
    private static final VarHandle ZEROS;

    static {
        try {
            ZEROS = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "zeros",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST, DIGITS);
    private final Histogram cumulative = new Histogram(1, HIGHEST, DIGITS);
    private Histogram interval;
    /** Samples of 0 recorded by {@link #recordZero}; written by the one writer thread. */
    private volatile long zeros;
    /** How many of {@link #zeros} the cumulative histogram holds; under this object's lock. */
    private long zerosFolded;

    /**
     * Records one sample. One writer thread at a time; no allocation.
     *
     * @param nanos the latency; negative values count as 0
     */
    void record(long nanos) {
        recorder.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST));
    }

    /**
     * Records a sample of 0 (every virtual-clock tick's lateness) as a plain counter increment:
     * {@link #record} enters and leaves the recorder's phaser, two atomic updates per sample.
     * The same writer rule as {@link #record}; no allocation. A snapshot counts them as 0 ns
     * samples.
     */
    void recordZero() {
        ZEROS.setRelease(this, zeros + 1);
    }

    /**
     * Everything recorded so far. Any thread; allocates.
     *
     * @return the snapshot
     */
    LatencySnapshot snapshot() {
        return of(cumulative());
    }

    /**
     * The combined distribution of several recorders. Any thread; allocates.
     *
     * @param recorders the recorders
     * @return the snapshot
     */
    static LatencySnapshot merged(LatencyRecorder... recorders) {
        final Histogram all = new Histogram(1, HIGHEST, DIGITS);
        for (LatencyRecorder r : recorders) {
            all.add(r.cumulative());
        }
        return of(all);
    }

    private synchronized Histogram cumulative() {
        interval = interval == null ? recorder.getIntervalHistogram()
                : recorder.getIntervalHistogram(interval);
        cumulative.add(interval);
        final long z = zeros;
        if (z > zerosFolded) {
            cumulative.recordValueWithCount(0, z - zerosFolded);
            zerosFolded = z;
        }
        return cumulative.copy();
    }

    private static LatencySnapshot of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return LatencySnapshot.EMPTY;
        }
        return new LatencySnapshot(h.getTotalCount(), h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
