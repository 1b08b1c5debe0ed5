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

    /**
     * {@link #run(long, long)} with a reading of the scheduler's clock that the caller took when
     * nothing but the scheduler's own steps ran since (the tick's start, or the read that ended
     * the task before on this thread), and the read that ended this task's last interval, if
     * nothing but this method's own bookkeeping ran after it: the scheduler hands it to the next
     * task, or to the core's first inline DP run, as the start of its interval (issue 16;
     * docs/scheduling.md, "How process time is taken"). By default runs {@link #run(long, long)}
     * and returns {@link #NO_TIME}.
     *
     * @param tick       the tick number since the scheduler started, from 0
     * @param startNanos a clock reading to start from, or {@link #NO_TIME}
     * @return the read that ended this task's last interval, or {@link #NO_TIME}
     */
    default long runFrom(long tick, long startNanos) {
        run(tick, startNanos);
        return NO_TIME;
    }

    /** No clock reading passed: {@link #run(long, long)}. */
    long NO_TIME = Long.MIN_VALUE;
}
