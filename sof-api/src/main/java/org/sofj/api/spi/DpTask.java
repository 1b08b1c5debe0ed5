package org.sofj.api.spi;

/**
 * A DP task: SOF's state machine {@code INIT -> QUEUED <-> RUNNING -> (CANCEL | COMPLETED)}
 * (spec 4.9). Unlike SOF, a cancelled or completed task can be scheduled again.
 */
public interface DpTask {
    /** {@code SOF_TASK_STATE_RESCHEDULE}: run again when ready. */
    int RESCHEDULE = 0;
    /** {@code SOF_TASK_STATE_COMPLETED}: done. */
    int COMPLETED = 1;
    /** {@code SOF_TASK_STATE_CANCEL}: stop. */
    int CANCEL = 2;

    /** The task's states. */
    enum State {
        /** Created, never scheduled. */
        INIT,
        /** Waiting for readiness. */
        QUEUED,
        /** Woken; running or about to run on its thread. */
        RUNNING,
        /** Cancelled. */
        CANCEL,
        /** Completed. */
        COMPLETED
    }

    /** {@return the current state} */
    State state();

    /**
     * {@code scheduler_dp_task_shedule}: from INIT, CANCEL or COMPLETED to QUEUED, with the
     * startup delay set. Kernel only.
     *
     * @return 0 (also if already queued or running); {@code -Errno.EINVAL} if freed
     */
    int schedule();

    /**
     * {@code scheduler_dp_task_stop}: to CANCEL and off the list; waits for a running body to
     * return (bounded).
     *
     * @return 0, or {@code -Errno.ETIMEDOUT} if the body did not return in time
     */
    int cancel();

    /** Cancels and ends the task's thread; the task cannot be scheduled again. */
    void free();

    /**
     * Gives up on a body that may never return (the kernel wrote its instance off): cancels the
     * task at once, and from now on neither {@link #cancel()} nor {@link #free()} waits for that
     * body. The body, if it ever returns, changes nothing; the task's thread ends then.
     */
    void abandon();

    /**
     * The thread a body of this task runs on: the task's own thread, or, where its core's tick
     * runs the bodies itself (virtual time, inline), the thread that runs that core's ticks;
     * {@code null} while none is known. A judge of a run past its limit reads this thread's CPU
     * time, so that a run the host keeps off the CPU is told apart from one that computes on.
     * Any thread; cold path.
     *
     * @return the thread, or {@code null}
     */
    default Thread runner() {
        return null;
    }

    /** {@return the period after validation, whole milliseconds in microseconds} */
    int periodMicros();

    /**
     * {@return the current absolute deadline in scheduler microseconds (tick start plus the minimum
     * sink last-feeding time, or plus the period while starting), or {@link Long#MAX_VALUE} if
     * none}
     */
    long deadlineMicros();

    /**
     * Misses charged to the module: runs whose own processing time exceeded the task's period,
     * after the scheduler's start-up grace. Own time is the task thread's CPU time under the wall
     * clock, so a host stall or a neighbour holding the core is never charged; under the
     * virtual clock it is the run's time on the scheduler's clock. The kernel judges a module by
     * this count. Any thread.
     *
     * @return runs charged to the module
     */
    long deadlineMisses();

    /**
     * Runs that ended after their EDF deadline, whatever the cause (the module, a neighbour on
     * the same core, the host): reported, never charged. Any thread.
     *
     * @return late runs
     */
    long lateRuns();

    /** {@return how long each body run took} */
    LatencySnapshot processTime();

    /**
     * SOF's {@code mod->dp_startup_delay} (spec 4.8, 4.9, scenario 18): set by {@link #schedule}
     * and cleared by the DP tick once {@code max(1, period / 1000)} LL cycles have passed since
     * the task was first woken. While it is set, the LL side copies into the task's input rings
     * but does not drain its output rings, so the module gets one period of head start.
     *
     * <p>Threads: read by the core's LL thread (any thread may read it). Ordering: a volatile
     * read; the DP tick's clearing is visible to the next LL tick. Does not allocate.
     *
     * @return whether the startup delay is still running
     */
    boolean startupDelayed();
}
