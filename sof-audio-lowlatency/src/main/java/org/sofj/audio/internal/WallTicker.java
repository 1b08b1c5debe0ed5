package org.sofj.audio.internal;

import java.util.function.LongSupplier;

/**
 * Wall time for one core, as a duty cycle (Agrona {@code Agent} style): {@link #doWork()} is one
 * iteration, callable from a test with a stepped clock; {@link #idle} is the park-then-spin wait
 * between iterations, which the core's thread runs.
 *
 * <p>Deadlines are absolute, {@code start + n * period}, so lateness never accumulates into
 * drift. A tick that starts more than half a period late is a <em>late tick</em>. When two or more
 * further deadlines have also passed (the host stalled the thread), those ticks are
 * <em>skipped</em> rather than run back to back: the stall and the number of skipped ticks are
 * counted and the tick's full lateness is recorded, so nothing is hidden.
 *
 * <p>Threads: one thread calls {@link #start} and {@link #doWork}; counters are readable from any
 * thread. No allocation after construction.
 */
final class WallTicker {
    /** Park until this long before a deadline, then spin: the OS timer overshoots by ~100 us. */
    static final long SPIN_MARGIN_NANOS = 200_000;

    private final LlCore core;
    private final LongSupplier clock;
    private final long periodNanos;
    private final LatencyRecorder lateness;
    private long startNanos;
    private long nextTick;
    private long tickDeadline = Long.MIN_VALUE; // this core's thread only
    private volatile long lateTicks;
    private volatile long stalls;
    private volatile long skippedTicks;

    WallTicker(LlCore core, LongSupplier clock, long periodNanos, LatencyRecorder lateness) {
        this.core = core;
        this.clock = clock;
        this.periodNanos = periodNanos;
        this.lateness = lateness;
    }

    /**
     * Sets tick 0's deadline.
     *
     * @param start the clock value of tick 0's deadline
     */
    void start(long start) {
        startNanos = start;
        nextTick = 0;
    }

    /**
     * One iteration: runs the due tick if its deadline has come.
     *
     * @return 0 if a tick ran, else the nanoseconds left until the next deadline
     */
    long doWork() {
        final long now = clock.getAsLong();
        final long deadline = startNanos + nextTick * periodNanos;
        if (now - deadline < 0) {
            return deadline - now;
        }
        final long late = now - deadline;
        lateness.record(late);
        long tick = nextTick;
        if (late > periodNanos / 2) {
            lateTicks++; // single writer: this core's thread
        }
        if (late >= 2 * periodNanos) {
            final long skipped = late / periodNanos;
            stalls++;
            skippedTicks += skipped;
            tick += skipped;
        }
        nextTick = tick + 1; // before running, so a throwing task cannot repeat the tick
        tickDeadline = deadline;
        core.tick(tick, now);
        return 0;
    }

    /**
     * How long to park before the next {@link #doWork()}: until {@link #SPIN_MARGIN_NANOS}
     * before the deadline; 0 means spin.
     *
     * @param untilDeadline what {@link #doWork()} returned
     * @return nanoseconds to park, or 0
     */
    static long parkNanos(long untilDeadline) {
        return untilDeadline > SPIN_MARGIN_NANOS ? untilDeadline - SPIN_MARGIN_NANOS : 0;
    }

    /** @return the deadline of the tick this core's thread runs or ran last; its thread only */
    long tickDeadline() {
        return tickDeadline;
    }

    long lateTicks() {
        return lateTicks;
    }

    long stalls() {
        return stalls;
    }

    long skippedTicks() {
        return skippedTicks;
    }
}
