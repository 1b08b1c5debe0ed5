package org.sofj.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.sofj.runtime.SofRuntime;

/**
 * A wall clock for tests with real tick threads: the runtime reads it as its {@code nanoTime},
 * the test (or a scripted module, to stand for the host taking time) moves it, and
 * {@link #step} waits, bounded, for the tick thread to follow.
 */
final class SteppedClock implements LongSupplier {
    /** One millisecond: one LL tick. */
    static final long MS = 1_000_000L;
    /** The longest any wait in these tests may take. */
    static final long BOUND = TimeUnit.SECONDS.toNanos(20);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Moves the clock without waiting (from any thread, a module's included). */
    void advance(long nanos) {
        now.addAndGet(nanos);
    }

    /** Moves the clock and waits, bounded, until {@code rt}'s tick thread has run a tick. */
    void step(SofRuntime rt, long nanos) {
        final long before = rt.ticks();
        now.addAndGet(nanos);
        final long limit = System.nanoTime() + BOUND;
        while (rt.ticks() == before && System.nanoTime() < limit) {
            Thread.onSpinWait();
        }
    }
}
