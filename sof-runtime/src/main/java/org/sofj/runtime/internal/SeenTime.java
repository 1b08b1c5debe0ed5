package org.sofj.runtime.internal;

/**
 * Real time as a waiter that looks at it often has seen it pass: the steps between its looks,
 * each counted as at most {@link #MAX_STEP_NANOS}. A longer step is time in which the waiter
 * itself did not run: the JVM was stopped (a suspended process, a long safepoint) or the host ran
 * none of its threads, and the thread it waits for was stopped with it. A judge that counts real
 * time to tell a module that blocks from a host that is slow counts this instead, so a second the
 * JVM spent suspended is not a second the module blocked. A waiter that looks at least every
 * 10 ms (each wait here parks at most that) counts every other step in full; one the host keeps
 * off the CPU only takes longer to decide. One waiter; no allocation.
 */
final class SeenTime {
    /** The longest step between two looks counted in full: ten times a waiter's longest park. */
    static final long MAX_STEP_NANOS = 100_000_000L;
    private long last;
    private long seen;

    /** Starts counting from zero, now. */
    void start() {
        last = System.nanoTime();
        seen = 0;
    }

    /** @return the real time seen since {@link #start}, in nanoseconds, this look included */
    long look() {
        final long now = System.nanoTime();
        seen += Math.min(now - last, MAX_STEP_NANOS);
        last = now;
        return seen;
    }
}
