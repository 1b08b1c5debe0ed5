package org.sofj.audio.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.LlTask;

/**
 * One simulated core's tick: its LL tasks in insertion (pipeline) order, then the DP scheduler's
 * tick over its DP tasks (spec 4.8, 4.9). In virtual time it then waits, bounded, until every DP
 * task this tick woke has finished its run, so the next tick sees its output: that is what makes
 * a virtual run deterministic.
 *
 * <p>The DP tasks of one core run one at a time, earliest deadline first, as SOF's DP threads do
 * on their Zephyr core under EDF thread deadlines ({@code zephyr_dp_schedule_thread.c},
 * {@code k_thread_absolute_deadline_set}): each task keeps its own thread, but a body runs only
 * while its task holds the core's <em>run token</em>. After the DP tick of each LL tick, and each
 * time a body returns, {@link #dispatch} hands a free token to the woken task with the earliest
 * deadline (ties: creation order). Unlike Zephyr it does not preempt a running body: a Java
 * thread cannot be suspended. A body that holds the token for more than
 * {@link #holdLimitNanos} (real time) is deemed hung and loses it, so its neighbours keep
 * running; it is then the only body that may overlap another.
 *
 * <p>In virtual time with inline DP the tick runs the woken bodies itself, in that same order, on
 * its own thread ({@link #runInline}): no handoff, no run token.
 *
 * <p>Threads: {@link #tick} runs on the core's tick thread (the LL thread in wall time, the
 * {@code runTicks} caller in virtual time). The task arrays are copy-on-write: the IPC thread
 * publishes a new array with a volatile store, and a tick reads it once, so a change takes effect
 * at the next tick. {@link #tick} does not allocate.
 */
final class LlCore {
    /** Virtual time: how long a tick waits for a woken DP run (real time; never reached). */
    static final long DP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** The shortest time a body may hold the run token before it is deemed hung (real time). */
    static final long MIN_HOLD_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** A body may hold the run token for this many of its periods before it is deemed hung. */
    static final int HOLD_LIMIT_PERIODS = 4;
    /**
     * A body past its hold limit that has not used more CPU time since is taken for one the host
     * keeps off the CPU, not a hung one, until it has held the token this many limits in all.
     */
    static final int BLOCKED_LIMITS = 10;
    /**
     * The longest step between two looks of the revoker counted in full towards
     * {@link #BLOCKED_LIMITS}: a longer one is time the revoker itself did not run (a suspended
     * JVM, a long safepoint), when the holder did not either.
     */
    static final long MAX_LOOK_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final VarHandle HOLDER;
    private static final VarHandle TICKS;
    private static final VarHandle IN_TICK;

    static {
        try {
            HOLDER = MethodHandles.lookup().findVarHandle(LlCore.class, "holder",
                    DpTaskImpl.class);
            TICKS = MethodHandles.lookup().findVarHandle(LlCore.class, "ticks", long.class);
            IN_TICK = MethodHandles.lookup().findVarHandle(LlCore.class, "inTick",
                    boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    private final boolean awaitDp;
    private final boolean inlineDp;
    private final TickLog log;
    private final HostHold hostHold;
    /** The tick thread's waits ({@link #enter}, {@link #awaitRuns}); {@link Waits}. */
    private final IdleStrategy tickIdle = Waits.llHold();
    private final IdleStrategy awaitIdle = Waits.dpAwait();
    /**
     * The IPC thread's wait in {@link #block}. One kernel IPC thread blocks a core; were two
     * threads to block at once, they would share only the back-off counters, never a decision.
     */
    private final IdleStrategy blockIdle = Waits.llHold();
    private volatile LlTask[] llTasks = new LlTask[0];
    private volatile DpTaskImpl[] dpTasks = new DpTaskImpl[0];
    private volatile long ticks;
    /** {@link #block()} depth; written by the kernel's IPC thread only. */
    private volatile int blocked;
    /** Set by the tick thread for the length of a tick (a Dekker pair with {@link #blocked}). */
    private volatile boolean inTick;
    private volatile Thread tickThread;
    private volatile long dpWaitTimeouts;
    /** The task whose body may run now: the core's DP run token; {@code null} when free. */
    private volatile DpTaskImpl holder;
    /** Set while the LL thread runs the DP tick: the tick, not a returning body, grants then. */
    private volatile boolean dpTicking;
    private volatile long revocations;
    /**
     * The holder {@link #revokeIfHung} last found past its limit, the grant it was found in, its
     * thread's CPU time then, the real time the revoker has seen it hold the token (its looks'
     * steps, each at most {@link #MAX_LOOK_STEP_NANOS}) and the last look. Tick thread only; cold.
     */
    private DpTaskImpl overdue;
    private long overdueGrant;
    private long overdueCpu;
    private long overdueSeen;
    private long overdueLook;

    /** No clock read to start from: {@link DpTaskImpl#runInline}'s and {@link #runInline}'s. */
    static final long UNREAD = Long.MIN_VALUE;

    /**
     * @param index      the core number
     * @param awaitDp    whether a tick waits for the DP runs it woke (virtual time)
     * @param logEntries ticks the log keeps verbatim, a power of two
     */
    LlCore(int index, boolean awaitDp, int logEntries) {
        this(index, awaitDp, false, logEntries);
    }

    /**
     * @param index      the core number
     * @param awaitDp    whether a tick waits for the DP runs it woke (virtual time)
     * @param inlineDp   whether the tick runs them itself, on its own thread, in the order the
     *                   run token would hand them out (virtual time only)
     * @param logEntries ticks the log keeps verbatim, a power of two
     */
    LlCore(int index, boolean awaitDp, boolean inlineDp, int logEntries) {
        this(index, awaitDp, inlineDp, logEntries, null);
    }

    /**
     * @param index      the core number
     * @param awaitDp    whether a tick waits for the DP runs it woke (virtual time)
     * @param inlineDp   whether the tick runs them itself, on its own thread, in the order the
     *                   run token would hand them out (virtual time only)
     * @param logEntries ticks the log keeps verbatim, a power of two
     * @param hostHold   the wall clock's wait for a due DP run the host holds up, or
     *                   {@code null} for none (virtual time, where a tick awaits its runs)
     */
    LlCore(int index, boolean awaitDp, boolean inlineDp, int logEntries, HostHold hostHold) {
        if (inlineDp && !awaitDp) {
            throw new IllegalArgumentException("inlineDp needs a virtual-time core");
        }
        if (hostHold != null && awaitDp) {
            throw new IllegalArgumentException("hostHold needs a wall-clock core");
        }
        this.index = index;
        this.awaitDp = awaitDp;
        this.inlineDp = inlineDp;
        this.log = new TickLog(logEntries);
        this.hostHold = hostHold;
    }

    /** @return whether the tick runs the woken DP bodies itself, on its own thread */
    boolean inlineDp() {
        return inlineDp;
    }

    /** @return whether a DP task that fell behind catches up (the wall clock: no await) */
    boolean catchesUp() {
        return !awaitDp;
    }

    /**
     * Runs one tick. The core's tick thread; no allocation.
     *
     * @param tick      the tick number
     * @param tickNanos the tick's timestamp
     */

    void tick(long tick, long tickNanos) {
        tick(tick, tickNanos, false);
    }

    /**
     * Runs one tick. The core's tick thread; no allocation.
     *
     * @param tick      the tick number
     * @param tickNanos the tick's timestamp
     * @param fresh     whether {@code tickNanos} was read right before this call, with nothing
     *                  run since: then, unless the tick has to wait to enter, it is the first LL
     *                  task's start ({@link LlTask#run(long, long)})
     */
    void tick(long tick, long tickNanos, boolean fresh) {
        final boolean waited = enter();
        try {
            runTick(tick, tickNanos, fresh && !waited);
        } finally {
            // single writer: this core's tick thread; a tick that threw still counts, unless
            // its thread was abandoned inside it: then the core and its count belong to the
            // thread that replaced it. Release stores: readers see the tick's writes before the
            // count and the end of the tick; only the start of a tick needs a full fence (the
            // Dekker pair in enter)
            if (tickThread == Thread.currentThread()) { // the field enter() read: in cache
                TICKS.setRelease(this, ticks + 1);
                IN_TICK.setRelease(this, false);
            }
        }
    }

    /**
     * Wall clock: lets go of {@code stuck}, the thread whose tick never ended (a call that does
     * not return): it no longer counts ticks or holds a control request off, and the core's
     * next tick may run on another thread. The watchdog's thread; cold.
     *
     * @param stuck the thread that runs the core's ticks now
     * @return whether it did; {@code false} if {@code stuck} does not run them
     */
    boolean abandon(Thread stuck) {
        if (tickThread != stuck) {
            return false;
        }
        tickThread = null; // before the tick's own end could read it: it skips its stores
        IN_TICK.setRelease(this, false); // a control request waiting for the tick goes on
        return true;
    }

    private void runTick(long tick, long now, boolean fresh) {
        if (hostHold != null) { // the wall clock
            hostHold.beforeTick(this, dpTasks, now); // before the LL tasks read DP outputs
        }
        final LlTask[] ll = llTasks;
        // the read that ended the task before, with only its bookkeeping since, starts the next
        // task's first interval, and after the last one the first inline DP run's
        long last = fresh && hostHold == null ? now : LlTask.NO_TIME;
        for (LlTask t : ll) {
            last = t.runFrom(tick, last);
        }
        final DpTaskImpl[] dp = dpTasks;
        final long woken;
        long startup = 0;
        if (inlineDp) {
            // no run token, no dispatch: dpTicking guards only a grant made by another thread,
            // and inline nothing grants (two fences a tick saved)
            woken = llTicks(dp, now);
            runInline(dp, last);
        } else {
            dpTicking = true;
            try {
                woken = llTicks(dp, now);
            } finally {
                dpTicking = false;
            }
            revokeIfHung();
            dispatch();
            if (awaitDp && woken != 0) {
                awaitRuns(dp, woken);
            }
        }
        for (int i = 0; i < dp.length; i++) {
            if (dp[i].startupDelayed() && isActive(dp[i])) {
                startup |= bit(i);
            }
        }
        log.record(tick, ll.length, woken, startup);
    }

    /**
     * The DP tick of every task ({@link DpTaskImpl#llTick}), in creation order.
     *
     * @return the tasks it woke, one bit each
     */
    private static long llTicks(DpTaskImpl[] dp, long now) {
        long woken = 0;
        for (int i = 0; i < dp.length; i++) {
            if (dp[i].llTick(now)) {
                woken |= bit(i);
            }
        }
        return woken;
    }

    /**
     * Virtual time, inline: runs every woken body on this tick thread, earliest deadline first
     * (ties: creation order), exactly the order in which {@link #dispatch} would hand the run
     * token to their threads one after another; so the bytes and the tick log are the same as
     * with the handoff. The run token is never taken. The clock read that ends one run starts
     * the next ({@link DpTaskImpl#runInline}), and the first starts from the read that ended the
     * tick's last LL call, when only the scheduler's steps ran since. No allocation.
     *
     * @param from the read that ended the tick's last LL call, or {@link #UNREAD}
     */
    private static void runInline(DpTaskImpl[] dp, long from) {
        long last = from;
        for (DpTaskImpl next = earliestWaiting(dp); next != null; next = earliestWaiting(dp)) {
            last = next.runInline(last);
        }
    }

    /**
     * Hands a free run token to the waiting task with the earliest deadline and wakes its
     * thread. Any thread (the LL thread after the DP tick, a DP thread after its body); no
     * allocation, no lock. The token is taken by compare-and-set. A task's "waiting" flag is
     * written before this reads the token, and a releasing thread clears the token before it
     * calls this, so one of the two always sees the other and no waiting task is stranded.
     *
     * <p>While the LL thread runs the DP tick, only the tick may grant (in SOF the LL tick runs
     * above every DP thread, so the tick's wake-ups are one step for them): a body that returns
     * meanwhile leaves the choice to the tick, and a grant that raced with the tick's start is
     * undone, so the tick chooses among every task it woke.
     */
    void dispatch() {
        while (!dpTicking && holder == null) {
            final DpTaskImpl next = earliestWaiting(dpTasks);
            if (next == null) {
                return;
            }
            next.markGranted(System.nanoTime()); // before the token, so a revoker sees it
            if (!HOLDER.compareAndSet(this, null, next)) {
                return; // another thread granted it
            }
            if (!dpTicking) {
                next.wake();
                return;
            }
            if (!HOLDER.compareAndSet(this, next, null)) {
                return;
            } // undone: the tick chooses, unless it ended meanwhile (then loop)
        }
    }

    private static DpTaskImpl earliestWaiting(DpTaskImpl[] dp) {
        DpTaskImpl best = null;
        long bestDeadline = 0;
        for (int i = 0; i < dp.length; i++) {
            final DpTaskImpl t = dp[i];
            if (t.waitsForCore()) {
                final long d = t.deadlineNanos();
                if (best == null || d < bestDeadline) {
                    best = t;
                    bestDeadline = d;
                }
            }
        }
        return best;
    }

    /**
     * @param task a task whose run is in flight
     * @return the task whose thread must run next for that run: the run token's holder, else
     *     {@code task} itself if its body runs without the token (revoked), else {@code null}
     *     (the token is free and the run waits for it)
     */
    DpTaskImpl runsNext(DpTaskImpl task) {
        final DpTaskImpl h = holder;
        return h != null ? h : task.inBody() ? task : null;
    }

    /**
     * Gives the token back if {@code task} holds it, and hands it on. Any thread; no allocation.
     *
     * @param task the task that held it
     */
    void release(DpTaskImpl task) {
        if (HOLDER.compareAndSet(this, task, null)) {
            dispatch();
        }
    }

    /**
     * Takes the token from a body that has held it past its limit and is hung, and hands it on.
     * Tick thread only.
     */
    private void revokeIfHung() {
        final DpTaskImpl h = holder;
        if (h == null) {
            return;
        }
        final long now = System.nanoTime();
        final long limit = holdLimitNanos(h);
        if (now - h.grantedNanos() > limit && hung(h, now, limit)
                && HOLDER.compareAndSet(this, h, null)) {
            overdue = null;
            revocations++; // single writer: this core's tick thread
            dispatch();
        }
    }

    /**
     * Whether a body that has held the token past its limit in real time is hung rather than
     * kept off the CPU by the host (other processes, a GC pause): its thread has used another
     * limit of CPU time since it was first found overdue, or it has held the token
     * {@link #BLOCKED_LIMITS} limits in all (it blocks, or its thread ended). Where the JVM
     * cannot measure CPU time, real time alone. The first call for a grant only notes the CPU
     * time, so a host stall that outlasts the limit does not let two bodies of a core run at
     * once. The limits held are counted in the steps between this thread's looks, each at most
     * {@link #MAX_LOOK_STEP_NANOS}: a JVM suspended for seconds stopped the body too (the first
     * look after it found the grant twenty limits old and revoked it, so a second body of the
     * core ran beside it). Tick thread only; cold (a body past its limit), and it may allocate.
     */
    private boolean hung(DpTaskImpl h, long now, long limit) {
        if (!ThreadCpuClock.measuresCpu()) {
            return true;
        }
        if (overdue != h || overdueGrant != h.grantedNanos()) {
            overdue = h;
            overdueGrant = h.grantedNanos();
            overdueCpu = ThreadCpuClock.of(h.thread());
            overdueSeen = limit; // found past its limit: held that much at least
            overdueLook = now;
            return overdueCpu < 0;
        }
        overdueSeen += Math.min(now - overdueLook, MAX_LOOK_STEP_NANOS);
        overdueLook = now;
        if (overdueSeen > BLOCKED_LIMITS * limit) {
            return true; // before the CPU-time read, which allocates
        }
        final long cpu = ThreadCpuClock.of(h.thread());
        return cpu < 0 || cpu - overdueCpu > limit;
    }

    /**
     * @param task a task
     * @return how long its body may hold the run token before it is deemed hung: {@link
     *     #HOLD_LIMIT_PERIODS} periods, at least {@link #MIN_HOLD_LIMIT_NANOS}
     */
    static long holdLimitNanos(DpTaskImpl task) {
        return Math.max(MIN_HOLD_LIMIT_NANOS, HOLD_LIMIT_PERIODS * task.periodMicros() * 1000L);
    }

    /**
     * The tick thread's side of the LL block: announce the tick, wait while it is held off.
     *
     * @return whether the tick had to wait for the kernel's IPC thread to let it in
     */
    private boolean enter() {
        final Thread current = Thread.currentThread();
        if (tickThread != current) {
            tickThread = current; // the same thread tick after tick: no store, no fence
        }
        inTick = true;
        boolean waited = false;
        while (blocked != 0) {
            waited = true;
            inTick = false;
            final IdleStrategy idle = tickIdle;
            idle.reset();
            while (blocked != 0) {
                idle.idle();
            }
            inTick = true;
        }
        return waited;
    }

    /**
     * Whether a tick of this core is in progress on a thread other than the caller's: an inline
     * DP run's bracket ({@link DpTaskImpl#cancel}). The volatile load of {@link #inTick}, after
     * the caller's own volatile store, pairs with {@link #enter}'s store of it before the tick
     * reads anything, as {@link #block} does. Any thread; cold path.
     *
     * @return whether such a tick has begun and not ended
     */
    boolean tickingElsewhere() {
        return inTick && tickThread != Thread.currentThread();
    }

    /**
     * @return the thread that entered this core's last tick (inline DP bodies run on it), or
     *     {@code null} before the first tick; any thread, cold path
     */
    Thread tickThread() {
        return tickThread;
    }

    /** The IPC thread's side: hold the next tick off and wait for a running one to end. */
    void block() {
        block(Long.MAX_VALUE);
    }

    /**
     * {@link #block()}, giving up after {@code timeoutNanos} of real time if the running tick has
     * not ended (a module on the tick thread that never returns): the block is then undone.
     *
     * @param timeoutNanos how long to wait for a running tick to end
     * @return whether the core is blocked; {@code false}: it is not, and nothing changed
     */
    boolean block(long timeoutNanos) {
        if (inTick && tickThread == Thread.currentThread()) {
            throw new IllegalStateException("core " + index + ": blockLl from its own tick");
        }
        blocked = blocked + 1; // single writer: the kernel's IPC thread
        if (!inTick) {
            return true;
        }
        final long start = System.nanoTime();
        final IdleStrategy idle = blockIdle;
        idle.reset();
        while (inTick) {
            if (System.nanoTime() - start > timeoutNanos) {
                blocked = blocked - 1;
                return false;
            }
            idle.idle();
        }
        return true;
    }

    void unblock() {
        final int b = blocked;
        if (b <= 0) {
            throw new IllegalStateException("core " + index + " is not blocked");
        }
        blocked = b - 1;
    }

    private static long bit(int i) {
        return i < Long.SIZE ? 1L << i : 0;
    }

    private static boolean isActive(DpTaskImpl t) {
        final DpTask.State s = t.state();
        return s == DpTask.State.QUEUED || s == DpTask.State.RUNNING;
    }

    private void awaitRuns(DpTaskImpl[] dp, long woken) {
        final long limit = System.nanoTime() + DP_WAIT_NANOS;
        final IdleStrategy idle = awaitIdle;
        for (int i = 0; i < dp.length; i++) {
            if ((woken & bit(i)) == 0) {
                continue;
            }
            idle.reset();
            while (dp[i].state() == DpTask.State.RUNNING) {
                if (System.nanoTime() - limit > 0) {
                    dpWaitTimeouts++; // it stays RUNNING, as a slow task does in SOF
                    break;
                }
                revokeIfHung();
                idle.idle();
            }
        }
    }

    synchronized void addLlTask(LlTask task) {
        final LlTask[] old = llTasks;
        final LlTask[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = task;
        llTasks = next;
    }

    synchronized boolean removeLlTask(LlTask task) {
        final LlTask[] old = llTasks;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == task) {
                final LlTask[] next = new LlTask[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                llTasks = next;
                return true;
            }
        }
        return false;
    }

    synchronized void addDpTask(DpTaskImpl task) {
        final DpTaskImpl[] old = dpTasks;
        final DpTaskImpl[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = task;
        dpTasks = next;
    }

    synchronized void removeDpTask(DpTaskImpl task) {
        final DpTaskImpl[] old = dpTasks;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == task) {
                final DpTaskImpl[] next = new DpTaskImpl[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                dpTasks = next;
                return;
            }
        }
    }

    /** @return the DP tasks, in creation order (a copy) */
    DpTaskImpl[] dpTasks() {
        return dpTasks.clone();
    }

    int index() {
        return index;
    }

    long ticks() {
        return ticks;
    }

    /** @return the wall clock's host hold, or {@code null} */
    HostHold hostHold() {
        return hostHold;
    }

    long dpWaitTimeouts() {
        return dpWaitTimeouts;
    }

    /** @return run tokens taken from bodies that held them past their limit */
    long revocations() {
        return revocations;
    }

    TickLog log() {
        return log;
    }
}
