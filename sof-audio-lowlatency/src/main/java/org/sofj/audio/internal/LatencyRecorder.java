package org.sofj.audio.internal;

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

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST, DIGITS);
    private final Histogram cumulative = new Histogram(1, HIGHEST, DIGITS);
    private Histogram interval;

    /**
     * Records one sample. One writer thread at a time; no allocation.
     *
     * @param nanos the latency; negative values count as 0
     */
    void record(long nanos) {
        recorder.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST));
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
