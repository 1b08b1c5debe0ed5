package org.sofj.audio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.HdrHistogram.Histogram;
import org.sofj.api.spi.LatencySnapshot;

/**
 * A latency distribution in nanoseconds, recorded by one thread and read by any: the only class
 * that touches HdrHistogram (a filename-derived automatic module), so its name stays in one place.
 *
 * <p>{@link #record} is the hot path: wait-free, no allocation, no fence (values above
 * {@link #HIGHEST} are clamped, so the histogram never resizes). It must be called by one thread
 * at a time; a later call from another thread is fine once the first is done. It writes one
 * histogram inside a sequence lock: the sequence number is odd while a sample is being written,
 * and the writer only stores it (release order), where HdrHistogram's recorder took two atomic
 * updates of its phaser per sample (issue 16: a DP run records one sample).
 * {@link #snapshot()} may be called from any thread; it copies the histogram between two equal
 * even sequence numbers (retrying while a sample is being written) and may allocate.
 */
final class LatencyRecorder {
    /** The largest value kept exactly: 60 s. Larger samples are recorded as this value. */
    static final long HIGHEST = 60_000_000_000L;
    /** Two significant digits (1 %) keeps each histogram a few KiB. */
    private static final int DIGITS = 2;
    private static final VarHandle ZEROS;
    private static final VarHandle SEQ;

    static {
        try {
            ZEROS = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "zeros",
                    long.class);
            SEQ = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "seq", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Every sample so far but {@link #zeros}: the writer's, read under {@link #seq}. */
    private final Histogram live = new Histogram(1, HIGHEST, DIGITS);
    /** A consistent copy of {@link #live}; under this object's lock. */
    private final Histogram cumulative = new Histogram(1, HIGHEST, DIGITS);
    /** Odd while the writer writes {@link #live}; written by the writer only. */
    @SuppressWarnings("unused") // through SEQ
    private volatile long seq;
    /** Samples of 0 recorded by {@link #recordZero}; written by the one writer thread. */
    private volatile long zeros;

    /**
     * Records one sample. One writer thread at a time; no allocation.
     *
     * @param nanos the latency; negative values count as 0
     */
    void record(long nanos) {
        final long s = (long) SEQ.getOpaque(this); // the writer's own
        SEQ.setOpaque(this, s + 1);
        VarHandle.storeStoreFence(); // the odd number before the sample's stores
        try {
            live.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST));
        } finally {
            SEQ.setRelease(this, s + 2); // the sample's stores before the even number
        }
    }

    /**
     * Records a sample of 0 (every virtual-clock tick's lateness) as a plain counter increment:
     * no sequence lock, no histogram index. The same writer rule as {@link #record}; no allocation. A snapshot counts them as 0 ns
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
        for (int tries = 0; ; tries++) {
            final long before = (long) SEQ.getAcquire(this);
            if ((before & 1) == 0) {
                live.copyInto(cumulative); // racy reads, kept only if no sample began meanwhile
                VarHandle.loadLoadFence();
                if ((long) SEQ.getOpaque(this) == before) {
                    break;
                }
            }
            if (tries < 100) {
                Thread.onSpinWait(); // a sample takes tens of nanoseconds
            } else {
                Thread.yield(); // the writer was descheduled inside one
            }
        }
        final long z = zeros;
        if (z > 0) {
            cumulative.recordValueWithCount(0, z);
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
