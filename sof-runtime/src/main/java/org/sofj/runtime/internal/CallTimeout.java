package org.sofj.runtime.internal;

/**
 * When a proxied control call has timed out (both proxy variants). A timeout is about a hung
 * module, so it is never measured on the injected clock: an embedder that advances a virtual
 * clock from another thread, or steps it by a second at once, must not time out a healthy call,
 * and a clock that nobody steps must not hold the IPC thread forever. The call is judged on the
 * serving thread (the shared worker, or the instance's DP thread) in real time and CPU time:
 * <ul>
 *   <li>before {@code timeout} of real time has passed, it is never timed out;</li>
 *   <li>after that, it is timed out once the serving thread has used another {@code timeout} of
 *       CPU time, so a module that computes past its timeout is caught after about twice the
 *       timeout, while a call the host stalled (a GC pause, a descheduled thread, steal) uses
 *       no CPU in the stall and is not charged for it; this is how a DP body past its hold limit
 *       is judged ({@code LlCore.hung}, sof-audio-lowlatency);</li>
 *   <li>whatever the CPU time says, it is timed out after {@code max(timeout,}
 *       {@link #REAL_FLOOR_NANOS}{@code )} of real time: a module blocked without using CPU
 *       is hung too;</li>
 *   <li>on a JVM that cannot measure threads' CPU time, {@code timeout} of real time alone.</li>
 * </ul>
 * Real time here is what the waiting IPC thread saw pass ({@link SeenTime}): a step between two
 * of its looks longer than {@link SeenTime#MAX_STEP_NANOS} is time in which the JVM or the host
 * ran none of the call's threads (a suspended JVM, a long safepoint), and counts as that much
 * only; before, a JVM stopped for 2 s inside a healthy call with the default timeout had the call
 * timed out and the module FAULTED on its resume.
 * Nothing of this is read before the first timeout of real time has passed, so a call that
 * completes in time costs one {@link System#nanoTime()} per idle step past the spins, as before.
 *
 * <p>Threads: one waiter at a time (the IPC thread).
 */
final class CallTimeout {
    /**
     * The most real time a call is waited for whatever its thread's CPU time says, and the least
     * it is waited for when its thread keeps using CPU less than the timeout.
     */
    static final long REAL_FLOOR_NANOS = 1_000_000_000L;

    private final long timeoutNanos;
    /** The call's real time, without steps in which the waiter itself was not run. */
    private final SeenTime seen = new SeenTime();
    /** The serving thread's CPU time past the first timeout: the mark a DP run is judged by. */
    private final OverdueRun cpu = new OverdueRun();
    private Thread server;

    /** @param timeoutNanos the proxy timeout ({@code Long.MAX_VALUE}: never) */
    CallTimeout(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("timeoutNanos must be > 0: " + timeoutNanos);
        }
        this.timeoutNanos = timeoutNanos;
    }

    /** Starts judging a call served by {@code serving}; call before the request is posted. */
    void start(Thread serving) {
        this.server = serving;
        this.seen.start();
        this.cpu.reset();
    }

    /** @return whether the call started last has timed out (see the class comment) */
    boolean expired() {
        final long elapsed = seen.look();
        if (elapsed < timeoutNanos) {
            return false;
        }
        return elapsed >= Math.max(timeoutNanos, REAL_FLOOR_NANOS)
                || cpu.computedOn(server, timeoutNanos);
    }
}
