package org.sofj.audio.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Stops this whole JVM for a while, as a host does that suspends the process (SIGSTOP, then
 * SIGCONT from a shell, which is not stopped with it): no thread of the JVM runs meanwhile. Linux
 * and other POSIX hosts; every wait is bounded.
 */
final class JvmSuspend {
    /** How long the JVM is stopped: whole seconds, for the shell's sleep. */
    static final long NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    private JvmSuspend() {
    }

    /**
     * @param start counted down where the JVM is to be stopped
     * @param errors where a failure of the shell goes
     * @return a started thread that stops the JVM once {@code start} is counted down
     */
    static Thread after(CountDownLatch start, java.util.Queue<Throwable> errors) {
        final Thread t = new Thread(() -> {
            try {
                if (start.await(BOUND_NANOS, TimeUnit.NANOSECONDS)) {
                    final long pid = ProcessHandle.current().pid();
                    // no pipe to this JVM: one left for the garbage collector to close would
                    // change the open descriptors under a later test that counts them
                    final Process p = new ProcessBuilder("sh", "-c", "kill -STOP " + pid
                            + "; sleep " + NANOS / 1_000_000_000L + "; kill -CONT " + pid)
                            .redirectInput(ProcessBuilder.Redirect.INHERIT)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                    if (!p.waitFor(BOUND_NANOS, TimeUnit.NANOSECONDS) || p.exitValue() != 0) {
                        errors.add(new AssertionError("the shell's kill or sleep failed"));
                    }
                }
            } catch (Exception e) {
                errors.add(e);
            }
        }, "suspender");
        t.start();
        return t;
    }

    /**
     * Computes until two consecutive reads of the clock are half of {@link #NANOS} apart (the
     * JVM did not run between them), or a bound of real time.
     *
     * @return the longest step seen
     */
    static long computeThroughIt() {
        long last = System.nanoTime();
        final long bound = last + BOUND_NANOS;
        long longest = 0;
        while (longest < NANOS / 2 && last - bound < 0) {
            final long now = System.nanoTime();
            longest = Math.max(longest, now - last);
            last = now;
        }
        return longest;
    }
}
