package org.sofj.api.spi;

/**
 * A task the LL scheduler runs once per tick on its core's thread, e.g. one module of a pipeline
 * (SOF's {@code module_adapter_copy}). Hot path: no allocation, no blocking.
 */
public interface LlTask {

    /** {@return a name for reports} */
    String name();

    /**
     * Runs one tick's work.
     *
     * @param tick the tick number since the scheduler started, from 0
     */
    void run(long tick);

    /**
     * Runs one tick's work, given a reading of the scheduler's clock ({@code SchedulerConfig
     * nanoTime}) taken at the tick's start, when nothing but the scheduler's own entry into the
     * tick ran since: a task that times its work on that clock may start its first interval from
     * it instead of reading the clock again (a read costs 25-35 ns on the project's machine kind).
     * The scheduler passes it to the first task of a virtual-time tick that read its timestamp and
     * did not wait to enter; otherwise {@link #NO_TIME}. Calls {@link #run(long)} by default.
     *
     * @param tick      the tick number since the scheduler started, from 0
     * @param tickNanos the tick's clock reading, or {@link #NO_TIME}
     */
    default void run(long tick, long tickNanos) {
        run(tick);
    }

    /** No clock reading passed: {@link #run(long, long)}. */
    long NO_TIME = Long.MIN_VALUE;
}
