package org.sofj.audio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.Errno;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.LatencySnapshot;

/**
 * One DP task: SOF's state machine {@code INIT -> QUEUED <-> RUNNING -> (CANCEL | COMPLETED)}
 * (spec 4.9) and its own thread, made by the spec's thread factory (for a user module, a user
 * thread in the instance's domain, so the body runs with the module's rights).
 *
 * <p>Threads and ordering: {@link #llTick} runs on the core's LL thread, the body on the task's
 * thread, {@link #schedule}/{@link #cancel}/{@link #free} on the kernel's IPC thread. The state
 * is one volatile word changed by compare-and-set, so the DP thread's "still RUNNING?" check and
 * a concurrent cancel cannot both win; the PROCESS event is a volatile flag plus
 * {@link LockSupport#unpark}. Unlike SOF (spec 11 item 12) a cancelled or completed task can be
 * scheduled again: its thread stays until {@link #free}. Neither {@link #llTick} nor a run
 * allocates.
 *
 * <p>A woken task's body runs only while it holds its core's run token ({@link LlCore#dispatch}),
 * so the DP tasks of one core run one at a time, earliest deadline first. While it waits, its
 * thread still handles IPC.
 *
 * <p>Who is to blame for a slow run: a run is a {@linkplain #deadlineMisses() miss charged to
 * the module} when its <em>own</em> processing time exceeds its period; the judge's clock is the
 * task thread's CPU time under the wall clock (so time the host took the CPU away, or a
 * neighbour held the core, is not charged) and the scheduler's clock under the virtual clock
 * (where tests step it). The first {@code graceTicks} LL ticks after {@link #schedule} are not
 * charged: JIT compilation of a module's first runs is not the module's fault. Every run that
 * ends after its EDF deadline, whatever the cause, is counted apart ({@link #lateRuns()}).
 */
final class DpTaskImpl implements DpTask {
    /**
     * A DP thread's Java priority: one below the LL tick thread's {@link Thread#MAX_PRIORITY}, as
     * SOF's DP threads run below its LL timer thread and above ordinary work. HotSpot on Linux
     * turns it into a nice value (-4) only under {@code -XX:ThreadPriorityPolicy=1} and with the
     * right to lower one; the {@code sofj} launcher sets that flag when it runs as root
     * (docs/wall-clock.md, "Thread priorities").
     */
    static final int PRIORITY = Thread.MAX_PRIORITY - 1;

    /** SOF's {@code UINT32_MAX / 2}: a "no real deadline yet" value from module_get_deadline. */
    static final long NO_DEADLINE_YET_MICROS = 0xFFFF_FFFFL / 2;
    /** How long {@link #cancel} waits for a running body: generous, a body is one period. */
    static final long CANCEL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * The most LL ticks a task that fell behind catches up on (wall clock): one second. A
     * catch-up run also needs its module ready (a full period waiting at its input, room at its
     * output), so the count only bounds the runs; the data decides them. A smaller bound lost
     * every miss beyond it on a loaded host, and each lost miss left one period queued for good.
     */
    static final int MAX_CATCH_UP = 1000;

    private static final VarHandle STATE;
    private static final VarHandle MISSED;
    private static final VarHandle BODY_START;
    private static final VarHandle POSTED;
    private static final VarHandle DEADLINE;
    private static final VarHandle RUNS;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(DpTaskImpl.class, "state", State.class);
            MISSED = MethodHandles.lookup().findVarHandle(DpTaskImpl.class, "missedTicks",
                    int.class);
            BODY_START = MethodHandles.lookup().findVarHandle(DpTaskImpl.class,
                    "bodyStartCpuNanos", long.class);
            POSTED = MethodHandles.lookup().findVarHandle(DpTaskImpl.class, "processPosted",
                    boolean.class);
            DEADLINE = MethodHandles.lookup().findVarHandle(DpTaskImpl.class, "deadlineNanos",
                    long.class);
            RUNS = MethodHandles.lookup().findVarHandle(DpTaskImpl.class, "runs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final int periodMicros;
    private final BooleanSupplier ready;
    private final IntSupplier body;
    private final Runnable ipc;
    private final Sink[] sinks;
    private final LongSupplier clock;
    private final Thread thread;
    private final LlCore core;
    /** Whether the core's tick runs this task's bodies itself ({@link #runInline}). */
    private final boolean inline;
    private final LongSupplier ownClock;
    private final long periodNanos;
    private final int graceTicks;
    private final LatencyRecorder processTime = new LatencyRecorder();
    /** The task thread's wait between runs ({@link Waits#dpIdle}): woken by unpark. */
    private final IdleStrategy idle = Waits.dpIdle();

    private volatile State state = State.INIT;
    private volatile boolean startupDelay;
    private volatile boolean processPosted;
    private volatile boolean inBody;
    private volatile boolean freed;
    /** Set by {@link #abandon}: cancel and free no longer wait for a running body. */
    private volatile boolean abandoned;
    private volatile long deadlineNanos = Long.MAX_VALUE;
    private volatile long deadlineMisses;
    private volatile long lateRuns;
    /**
     * Whether the posted run is past the start-up grace. Written by the LL thread before its
     * store of {@link #processPosted}, read by the run after it saw the post (the run token's
     * grant on its thread, or the same tick thread inline): plain, published by that store.
     */
    private boolean chargeable;
    /** When this task last got its core's run token ({@link System#nanoTime()}). */
    private volatile long grantedNanos;
    /** Set by the core's dispatch once this task holds the run token; cleared by its thread. */
    private volatile boolean granted;
    /**
     * Cleared by {@link #wake}, set by the task's thread each time it comes out of its idle wait:
     * a granted task that is not awake has not run since it was woken ({@link HostHold}).
     */
    private volatile boolean awake;
    /** {@link #runs} while the run {@link HostHold} gave up on was in flight; tick thread only. */
    private long notHeldRun = -1;
    /** Whether the last run took more than its period of its own time ({@link #runDue}). */
    private volatile boolean lastRunOverPeriod;
    /**
     * The task thread's CPU time when its current or last body began ({@link HostHold}): a
     * release store, read with acquire, so a run pays no fence for it.
     */
    @SuppressWarnings("unused") // through BODY_START
    private long bodyStartCpuNanos;
    private volatile long runs;
    private volatile long failures;
    private volatile Throwable lastFailure;
    /**
     * LL ticks that found this task still RUNNING since the last trigger (so did not trigger it),
     * at most {@link #MAX_CATCH_UP}: the LL thread adds, the task's thread takes one per
     * catch-up run. Only counted where the core does not await DP runs (the wall clock).
     */
    private volatile int missedTicks;
    /** LL thread only (reset by schedule before its volatile state write). */
    private int llCyclesToStart;
    /** LL thread only (reset by schedule before its volatile state write). */
    private long ticksSinceSchedule;

    /**
     * Validates the period, makes and starts the thread (it idles until woken). Cold path.
     *
     * @param spec       the task
     * @param clock      the scheduler's clock, for run times and deadlines
     * @param ownClock   the clock that measures a run's own processing time, read on the task's
     *                   thread (its CPU time under the wall clock)
     * @param graceTicks LL ticks after {@link #schedule} whose slow runs are not charged
     * @param core       the core whose run token the body needs, and whose list it leaves
     *                   when freed
     * @throws IllegalArgumentException if the period is below 1000 us
     */
    DpTaskImpl(DpTaskSpec spec, LongSupplier clock, LongSupplier ownClock, int graceTicks,
            LlCore core) {
        this.periodMicros = validatePeriod(spec.periodMicros());
        this.name = spec.name();
        this.ready = spec.ready();
        this.body = spec.body();
        this.ipc = spec.ipc();
        this.sinks = spec.sinks().clone();
        this.clock = clock;
        this.ownClock = ownClock;
        this.periodNanos = periodMicros * 1000L;
        this.graceTicks = graceTicks;
        this.core = core;
        this.inline = core.inlineDp();
        this.thread = spec.threadFactory().newThread("dp-" + name, this::loop);
        thread.setPriority(PRIORITY);
        thread.start();
    }

    /**
     * SOF's prepare-time period rule (spec 4.8): below {@code LL_TIMER_PERIOD_US} is
     * {@code -EINVAL}; otherwise floor to whole milliseconds.
     *
     * @param micros the requested period
     * @return the period floored to a multiple of 1000
     * @throws IllegalArgumentException naming -EINVAL and the value if below 1000
     */
    static int validatePeriod(int micros) {
        if (micros < TickScheduler.LL_TIMER_PERIOD_US) {
            throw new IllegalArgumentException("-EINVAL: periodMicros=" + micros
                    + " is below LL_TIMER_PERIOD_US=" + TickScheduler.LL_TIMER_PERIOD_US);
        }
        return micros / 1000 * 1000;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public int schedule() {
        if (freed) {
            return -Errno.EINVAL;
        }
        final State s = state;
        if (s == State.QUEUED || s == State.RUNNING) {
            return 0;
        }
        llCyclesToStart = 0;
        ticksSinceSchedule = 0;
        missedTicks = 0;
        deadlineNanos = Long.MAX_VALUE;
        startupDelay = true;
        state = State.QUEUED; // volatile: publishes the fields above to the LL thread
        return 0;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A body on the task's thread is waited for through {@link #inBody}: the state's volatile
     * store here, then the flag's load, against the run's store of the flag, then its load of the
     * state ({@link #runOnce}). An inline body has no flag of its own: it runs inside its core's
     * tick, so this waits for a tick in progress on another thread to end instead
     * ({@link LlCore#tickingElsewhere}: the state's store here, then the load of the core's
     * {@code inTick}, against the tick's store of {@code inTick}, then the inline run's load of
     * the state; docs/concurrency.md, "An inline DP run's bracket is its tick").
     */
    @Override
    public int cancel() {
        state = State.CANCEL; // set before reading inBody or inTick: pairs with the run's order
        processPosted = false;
        if (!running() || Thread.currentThread() == thread) {
            return 0;
        }
        if (abandoned) {
            core.release(this); // a stuck body must not keep its neighbours waiting
            return 0;
        }
        final long limit = System.nanoTime() + CANCEL_WAIT_NANOS; // a real-thread bound
        final IdleStrategy wait = Waits.dpCancel(); // cold path: the IPC thread's own
        while (running()) {
            if (System.nanoTime() - limit > 0) {
                core.release(this); // a hung body must not keep its neighbours waiting
                return -Errno.ETIMEDOUT;
            }
            wait.idle();
        }
        return 0;
    }

    /**
     * Whether a body of this task may be running on another thread: its own thread's (the flag),
     * or, inline, a tick of its core in progress elsewhere. Cold path ({@link #cancel}).
     */
    private boolean running() {
        return inline ? core.tickingElsewhere() : inBody;
    }

    @Override
    public void free() {
        if (freed) {
            return;
        }
        cancel();
        freed = true;
        core.removeDpTask(this);
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread && !abandoned) {
            try {
                thread.join(TimeUnit.NANOSECONDS.toMillis(CANCEL_WAIT_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        core.release(this);
    }

    @Override
    public void abandon() {
        abandoned = true; // before the cancel, so it does not wait
        cancel();
    }

    @Override
    public int periodMicros() {
        return periodMicros;
    }

    @Override
    public long deadlineMicros() {
        final long d = deadlineNanos;
        return d == Long.MAX_VALUE ? Long.MAX_VALUE : d / 1000;
    }

    @Override
    public long deadlineMisses() {
        return deadlineMisses;
    }

    @Override
    public long lateRuns() {
        return lateRuns;
    }

    @Override
    public LatencySnapshot processTime() {
        return processTime.snapshot();
    }

    /**
     * SOF's {@code mod->dp_startup_delay}: while set, the LL side copies into the task's input
     * rings but does not drain its outputs (spec 4.8). LL thread.
     *
     * @return whether the startup delay is still running
     */
    public boolean startupDelayed() {
        return startupDelay;
    }

    /** @return body runs finished so far */
    long runs() {
        return runs;
    }

    /** @return body runs that threw or returned an unknown state (the task was cancelled) */
    long failures() {
        return failures;
    }

    /** @return the last body failure, or {@code null} */
    Throwable lastFailure() {
        return lastFailure;
    }

    /** @return the task's thread */
    Thread thread() {
        return thread;
    }

    @Override
    public Thread runner() {
        return inline ? core.tickThread() : thread;
    }

    String name() {
        return name;
    }

    /** @return the current absolute deadline on the scheduler's clock; any thread */
    long deadlineNanos() {
        return deadlineNanos;
    }

    /** @return whether the task is woken and waits for its core's run token; any thread */
    boolean waitsForCore() {
        return processPosted && state == State.RUNNING;
    }

    /**
     * @param nanos when the core's run token is being granted to this task
     *     ({@link System#nanoTime()})
     */
    void markGranted(long nanos) {
        grantedNanos = nanos;
    }

    /** @return when the core's run token was last granted to this task */
    long grantedNanos() {
        return grantedNanos;
    }

    /** Tells the task's thread that it now holds its core's run token, and wakes it. */
    void wake() {
        awake = false;
        granted = true;
        LockSupport.unpark(thread);
    }

    /**
     * Whether the run in flight is due: the task is RUNNING, past its start-up delay, its last run
     * stayed within its period of its own time, its deadline has come, and one of its sinks now
     * holds less than one LL period of audio, so that sink's reader would underrun in this tick.
     * (The deadline alone comes a tick early: it is the moment the sink runs dry, and the tick at
     * that moment still reads the sink's last period.) A task without a sink that reports its
     * feeding time is never due: no reader waits for it. The core's tick thread
     * ({@link HostHold}); no allocation.
     *
     * @param tickNanos      the tick's timestamp
     * @param llPeriodMicros the LL period: what a reader takes in one tick
     * @return whether the tick's readers need this run's output now
     */
    boolean runDue(long tickNanos, int llPeriodMicros) {
        return state == State.RUNNING && deadlineNanos - tickNanos <= 0 && !startupDelay
                && !lastRunOverPeriod && runs != notHeldRun
                && minSinkFeedingTime() < llPeriodMicros;
    }

    /**
     * Marks the run in flight as one that {@link HostHold} gave up on, so later ticks do not
     * look at it again. The core's tick thread.
     *
     * @param runsBefore {@link #runs()} when the run was in flight: the run's identity
     */
    void notHeld(long runsBefore) {
        notHeldRun = runsBefore;
    }

    /** @return whether this task's thread was granted the run token and has not run since */
    boolean wokenNotRun() {
        return granted && !awake;
    }

    /** @return whether this task's thread is inside its module's body; any thread */
    boolean inBody() {
        return inBody;
    }

    /** @return the task thread's CPU time when its current or last body began */
    long bodyStartCpuNanos() {
        return (long) BODY_START.getAcquire(this);
    }

    /** @return the period in nanoseconds */
    long periodNanos() {
        return periodNanos;
    }

    /**
     * The task's share of {@code scheduler_dp_ll_tick}, after all LL tasks of the tick. LL
     * thread only; no allocation.
     *
     * @param tickNanos the tick's timestamp ({@code last_ll_tick_timestamp})
     * @return whether this tick woke the task (QUEUED to RUNNING)
     */
    boolean llTick(long tickNanos) {
        final State s = state;
        if (s != State.QUEUED && s != State.RUNNING) {
            return false;
        }
        if (startupDelay && llCyclesToStart > 0 && --llCyclesToStart == 0) {
            startupDelay = false;
        }
        ticksSinceSchedule++;
        boolean woken = false;
        if (s == State.QUEUED && ready.getAsBoolean()
                && STATE.compareAndSet(this, State.QUEUED, State.RUNNING)) {
            if (startupDelay && llCyclesToStart == 0) {
                llCyclesToStart = Math.max(1, periodMicros / 1000);
            }
            woken = true;
        }
        if (state == State.RUNNING) {
            updateDeadline(tickNanos, woken);
            if (!woken && core.catchesUp() && missedTicks < MAX_CATCH_UP) {
                MISSED.getAndAdd(this, 1); // this tick's trigger found the task still busy
            }
        }
        if (woken) {
            chargeable = ticksSinceSchedule > graceTicks;
            if (inline) {
                // the tick itself runs it: a release store (no fence), read on this thread
                POSTED.setRelease(this, true);
            } else {
                processPosted = true; // after the deadline, so the run sees this tick's
                // deadline; the core's dispatch, after every task's DP tick, wakes the thread
            }
        }
        return woken;
    }

    /** {@code module_get_deadline} plus the EDF step of the DP tick (spec 4.9, step 3). */
    private void updateDeadline(long tickNanos, boolean justTriggered) {
        long micros = startupDelay ? NO_DEADLINE_YET_MICROS : minSinkFeedingTime();
        if (micros >= NO_DEADLINE_YET_MICROS) {
            if (!justTriggered) {
                return; // SOF leaves the previous deadline in place
            }
            micros = periodMicros;
        }
        // floored to whole ms; a release store (single writer: the LL thread): every reader on
        // another thread reads it after the volatile post of the run that it belongs to
        DEADLINE.setRelease(this, tickNanos + micros / 1000 * 1_000_000L);
    }

    private long minSinkFeedingTime() {
        long min = Sink.UNKNOWN_FEEDING_TIME;
        for (Sink s : sinks) {
            min = Math.min(min, s.lastFeedingTimeMicros());
        }
        return min;
    }

    /** The DP thread: handle IPC, wait for PROCESS and the run token, run, repeat until freed. */
    private void loop() {
        try {
            final IdleStrategy wait = idle;
            while (!freed) {
                awake = true; // out of the idle wait (or not yet in it)
                ipc.run(); // A2: control calls are serialised with process on this thread
                if (granted) {
                    processPosted = false;
                    runOnce();
                    granted = false;
                    core.release(this); // unless a hang revoked it already
                    catchUp();
                    wait.reset();
                } else {
                    wait.idle();
                }
            }
        } finally {
            granted = false;
            core.release(this);
        }
    }

    /**
     * A task that fell behind (LL ticks found it still busy and so did not trigger it) runs the
     * triggers it missed as soon as its run ends, one at a time and through the core's EDF
     * dispatch like any run, while its module is ready: otherwise each late run would cost its
     * consumer one period for good, and a primed margin would drain away run by run. The wall
     * clock only; under the virtual clock every run ends within its tick. Task thread.
     */
    private void catchUp() {
        if (missedTicks <= 0 || state != State.QUEUED || freed || !ready.getAsBoolean()) {
            // not ready: the backlog is still upstream (its producer was late too); the count
            // stays, and the run after the next trigger catches up once the data is here
            return;
        }
        if (STATE.compareAndSet(this, State.QUEUED, State.RUNNING)) {
            MISSED.getAndAdd(this, -1);
            processPosted = true;
            core.dispatch();
        }
    }

    /**
     * Virtual time, inline: the posted run, on the calling tick thread instead of this task's
     * thread, with the same state changes and accounting. No allocation.
     *
     * @param from the clock read that ended the run or the LL call just made on this tick
     *     thread, with only the scheduler's steps since (the bookkeeping of that run or of the
     *     LL pass, the DP tick, the choice of the next task): this run's start, as consecutive LL
     *     calls share a read; or {@link LlCore#UNREAD}
     * @return the read that ended this run, for the next one; or {@link LlCore#UNREAD}
     */
    long runInline(long from) {
        // no inBody (two full fences a run): the run's bracket is its core's tick, whose store
        // of inTick came before this load of the state, and cancel waits for the tick instead
        POSTED.setRelease(this, false); // the state's compare-and-set at the run's end orders it
        return state == State.RUNNING ? run(from) : LlCore.UNREAD;
    }

    /** The task's thread: a run bracketed by {@link #inBody}, which {@link #cancel} waits on. */
    private void runOnce() {
        inBody = true; // set before reading the state: pairs with cancel()'s order
        try {
            if (state == State.RUNNING) {
                run(LlCore.UNREAD);
            }
        } finally {
            inBody = false;
        }
    }

    /**
     * One run, RUNNING to the body's next state: its times, its accounting, the transition.
     *
     * @param from a read to start from ({@link #runInline}), or {@link LlCore#UNREAD}
     * @return the read that ended the run, when its own time is its time on the scheduler's
     *     clock (virtual time); else {@link LlCore#UNREAD}
     */
    private long run(long from) {
        // one clock (virtual time): a run's own time is its time on that clock, two reads
        // instead of four (a read is about 25-35 ns here, a few percent of a tick), one when
        // the run before on this thread ended with a read
        final boolean one = ownClock == clock;
        final long start = one && from != LlCore.UNREAD ? from : clock.getAsLong();
        final long ownStart = one ? start : ownClock.getAsLong();
        BODY_START.setRelease(this, ownStart);
        final State next = nextState(runBody());
        final long ownEnd = one ? 0 : ownClock.getAsLong();
        final long end = clock.getAsLong();
        final long own = (one ? end : ownEnd) - ownStart;
        processTime.record(end - start);
        if (end > deadlineNanos) {
            lateRuns++; // single writer: this thread
        }
        if (own > periodNanos && chargeable) {
            deadlineMisses++; // single writer: this thread
        }
        if ((own > periodNanos) != lastRunOverPeriod) {
            lastRunOverPeriod = own > periodNanos; // written on change only: no fence a run
        }
        // single writer (the run's thread); the state's compare-and-set below orders it
        RUNS.setRelease(this, runs + 1);
        STATE.compareAndSet(this, State.RUNNING, next); // fails if cancelled meanwhile
        return one ? end : LlCore.UNREAD;
    }

    private int runBody() {
        try {
            return body.getAsInt();
        } catch (RuntimeException | Error e) {
            return fail(e);
        }
    }

    private int fail(Throwable e) {
        lastFailure = e;
        failures++;
        return CANCEL;
    }

    private State nextState(int result) {
        switch (result) {
            case RESCHEDULE:
                return State.QUEUED;
            case COMPLETED:
                return State.COMPLETED;
            case CANCEL:
                return State.CANCEL;
            default: // SOF panics; we contain it to this task
                fail(new IllegalStateException("dp task=" + name + " returned state=" + result));
                return State.CANCEL;
        }
    }
}
