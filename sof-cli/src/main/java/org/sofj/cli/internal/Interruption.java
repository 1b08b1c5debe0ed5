package org.sofj.cli.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (SIGINT) or SIGTERM during a run: a shutdown hook stops the {@link Runner} after its
 * current tick and holds the JVM's exit until the command has written the WAV files and the
 * report of what it processed (at most {@link #GRACE_SECONDS}). The JVM then exits with the
 * signal's code, 130 for SIGINT and 143 for SIGTERM. Close it when the command is done.
 */
final class Interruption implements AutoCloseable {
    /** The longest the hook holds the exit for the report to be written. */
    static final int GRACE_SECONDS = 30;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean fired;

    private Interruption(Runner runner) {
        this.hook = new Thread(() -> {
            fired = true;
            runner.stop();
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sofj-interrupt");
    }

    /**
     * @param runner the run to stop on a signal
     * @return the installed hook
     */
    static Interruption install(Runner runner) {
        final Interruption i = new Interruption(runner);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** @return whether a signal stopped the run */
    boolean fired() {
        return fired;
    }

    @Override
    public void close() {
        finished.countDown();
        if (!fired) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM began shutting down after the run ended: the hook will find the latch
                // open and return at once
            }
        }
    }
}
