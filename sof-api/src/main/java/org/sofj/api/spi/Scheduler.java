package org.sofj.api.spi;

/**
 * SOF's two schedulers. The LL side runs every {@link LlTask} of a core once per period, in the
 * order they were added (pipeline order); after all LL tasks of a tick it runs the DP scheduler's
 * tick: readiness of every queued DP task, EDF deadlines, wake-ups (spec 4.9).
 *
 * <p>In {@link SchedulerConfig.Clock#VIRTUAL} time the caller drives ticks with
 * {@link #runTicks}; DP work that a tick wakes completes before the next tick, so a run is
 * deterministic. In {@link SchedulerConfig.Clock#WALL} time {@link #start} runs one thread per
 * core against absolute deadlines. Adding and removing tasks is a cold-path operation of the
 * kernel's IPC thread; it takes effect at the next tick.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Adds an LL task at the end of its core's list.
     *
     * @param core the core, {@code [0, cores)}
     * @param task the task
     */
    void addLlTask(int core, LlTask task);

    /**
     * Removes an LL task; a no-op if it is not there.
     *
     * @param task the task
     */
    void removeLlTask(LlTask task);

    /**
     * Holds off the LL work of one core, as SOF handles IPC with the LL scheduler blocked: returns
     * once no tick of {@code core} is running, and until {@link #unblockLl} the core's next tick
     * waits at its start (wall time: the waiting is counted as that tick's lateness). Nested calls
     * count. For the kernel's IPC thread; cold path. A change the kernel makes between the two
     * calls is seen whole by the next tick, and nothing a tick held is in use while it is made.
     *
     * @param core the core, {@code [0, cores)}
     * @throws IllegalStateException if called from that core's tick
     */
    void blockLl(int core);

    /**
     * {@link #blockLl(int)} with a bound: if a tick of {@code core} is running and does not end
     * within {@code timeoutNanos} of real time (a module on its tick thread that never returns),
     * gives up and leaves the core unblocked. The default waits without a bound.
     *
     * @param core         the core, {@code [0, cores)}
     * @param timeoutNanos how long to wait for a running tick to end
     * @return {@code true} if the core is blocked (end it with {@link #unblockLl}); {@code false}
     *     if the running tick did not end in time and nothing changed
     * @throws IllegalStateException if called from that core's tick
     */
    default boolean blockLl(int core, long timeoutNanos) {
        blockLl(core);
        return true;
    }

    /**
     * Ends one {@link #blockLl} of {@code core}.
     *
     * @param core the core
     * @throws IllegalStateException if the core is not blocked
     */
    void unblockLl(int core);

    /**
     * Wall time: gives up on {@code stuck}, the thread that runs {@code core}'s ticks, stuck in a
     * call that does not return (module code the runtime has written off, inside a JDK method no
     * preemption check reaches), and runs the core's ticks on a new thread from the next due
     * tick. The abandoned thread never counts, ends or enters another tick of the core; what it
     * did not finish is lost. In this order: the core stops treating {@code stuck} as its tick
     * thread (a control request waiting for its tick may go on), {@code handOver} runs on the
     * calling thread (the runtime marks the thread abandoned there), then the new thread
     * starts. Refused, without running {@code handOver}, under the virtual clock (the caller of
     * {@link #runTicks} runs the ticks), when {@code stuck} does not run the core's ticks, when
     * the scheduler is not running, or past the scheduler's bound of abandoned threads. Cold
     * path; any thread but the core's.
     *
     * @param core     the core
     * @param stuck    the thread that runs its ticks now
     * @param handOver run once the core has let go of {@code stuck}, before the new thread starts
     * @return whether a new thread now runs the core's ticks
     */
    default boolean abandonTickThread(int core, Thread stuck, Runnable handOver) {
        return false;
    }

    /** {@return tick threads given up on so far ({@link #abandonTickThread}), over every core} */
    default long abandonedTickThreads() {
        return 0;
    }

    /**
     * Creates a DP task in state INIT. Its thread is created from {@code spec}'s thread factory
     * and blocks until woken.
     *
     * @param spec what the task runs and how it is timed
     * @return the task
     * @throws IllegalArgumentException if the spec's period is below 1000 us ({@code -EINVAL} in
     *     SOF's prepare) or its core is out of range
     */
    DpTask newDpTask(DpTaskSpec spec);

    /**
     * Virtual time only: runs {@code ticks} ticks of every core now, on the calling thread.
     *
     * @param ticks the number of ticks, {@code >= 0}
     * @throws IllegalStateException under wall time
     */
    void runTicks(int ticks);

    /** Wall time only: starts the LL threads. */
    void start();

    /** Stops the LL threads (wall time) and every DP thread; waits for them, bounded. */
    void stop();

    /** {@return LL ticks run so far, summed over cores} */
    long ticks();

    /**
     * Tick lateness so far: how long after its absolute deadline each wall-time tick started.
     * Virtual time records 0 for each tick.
     *
     * @return a snapshot
     */
    LatencySnapshot tickLateness();

    /**
     * Host stalls so far: late and skipped wall-time ticks, over every core. Any thread.
     *
     * @return the counts (all 0 under the virtual clock)
     */
    HostStalls hostStalls();

    /**
     * Wall time: the deadline of the tick the calling thread is running now, on the scheduler's
     * clock ({@code System.nanoTime} unless one was injected): the deadline its lateness is
     * measured against. A stall that skips ticks measures the first tick after it against the
     * first deadline it missed. Lets trusted code on the tick (a builtin probe) measure its own
     * start against the scheduler's deadline instead of rebuilding the grid. Allocation-free.
     *
     * @return the deadline, or {@link Long#MIN_VALUE} if the calling thread is not a wall-time
     *         tick thread of this scheduler (virtual time: always)
     */
    long tickDeadline();

    /**
     * Virtual time: the clock reading the scheduler took for the tick the calling thread is
     * running now ({@link #runTicks}), on the scheduler's clock: the start of the tick's first LL
     * call. Lets trusted code on the tick (a builtin probe) stamp the tick's start without a
     * clock read of its own. Allocation-free.
     *
     * @return the reading, or {@link Long#MIN_VALUE} if the calling thread is not running a
     *         virtual tick of this scheduler (wall time: always)
     */
    default long tickStart() {
        return Long.MIN_VALUE;
    }

    /**
     * Wall time: how the host schedules the tick threads, in one line: whether
     * {@link SchedulerConfig#realtimePriority()} was granted on every tick thread, or why not.
     * Cold path.
     *
     * @return the line; "not started" before {@link #start()} and under the virtual clock
     */
    default String hostPolicy() {
        return "not started";
    }

    /** Same as {@link #stop()}. */
    @Override
    default void close() {
        stop();
    }
}
