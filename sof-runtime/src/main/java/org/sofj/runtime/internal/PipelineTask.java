package org.sofj.runtime.internal;


import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;

/**
 * The LL work of one pipeline per tick, in pipeline order (spec 4.8): an LL instance processes;
 * at a DP instance's place the tick syncs its rings with the LL buffers and checks its deadline
 * budget and the watchdog. A FAULTED LL instance plays silence instead. Runs on the core's LL
 * thread; no allocation, lock or logging (a fault's report is the one exception).
 */
final class PipelineTask implements LlTask {
    /** SOF's LL period: a user LL module's share of one tick is at most all of it. */
    static final long LL_PERIOD_NANOS = 1_000_000L;
    /**
     * Wall clock: a user LL instance's first process calls whose overruns are not charged, as a
     * DP task's start-up grace (1 s): its first calls are interpreted and compiled by the JIT.
     */
    static final long USER_LL_GRACE_RUNS = 1000;
    /**
     * ... and at most this much time spent in overrunning calls during it, as the DP grace is
     * 1 s: counted in calls alone, a module that overran from its first call by up to the hang
     * watchdog's limit (1 s of CPU each) held the core for 1000 such calls unpunished.
     */
    static final long USER_LL_GRACE_NANOS = 1_000_000_000L;
    /** No allocation count carried over: the next user LL call reads its own start. */
    private static final long NO_MARK = Long.MIN_VALUE;
    /** No clock read carried over: the next LL call reads its own start. */
    private static final long NO_TIME = LlTask.NO_TIME;

    private final KernelState kernel;
    private final DomainWindows windows;
    /** The allocation counter ({@link Allocations#JVM}, or a test's counting reader). */
    private final Allocations.Reader allocations;
    private final long graceRuns;
    /**
     * Wall clock: a user LL call's overrun is judged by the tick thread's CPU time during the
     * call, as a DP run's deadline is by its thread's, so time the host takes inside a healthy
     * module's call (a GC pause, steal, a higher-priority thread) is not charged to it. Virtual
     * clock: by the kernel's clock, which tests step.
     */
    private final boolean cpuJudged;
    private final Pipeline pipeline;
    private final AudioEngine engine;
    private final MemoryAccess access;
    private final String name;
    /**
     * The clock read that ended the LL call just made, if nothing has run since but the loop's
     * step to the next element: the next LL call's start ({@link #run}). Tick thread only.
     */
    private long lastRead = NO_TIME;
    /**
     * Whether {@link #lastRead} was taken before a DP instance's place (its ring syncs) that ran
     * since: then only a kernel LL call may start from it, holding the syncs in its interval; a
     * user LL call, whose overrun rule needs its own time, reads its own start. Tick thread only.
     */
    private boolean readBeforePlace;

    PipelineTask(KernelState kernel, Pipeline pipeline, AudioEngine engine, MemoryAccess access) {
        this.kernel = kernel;
        this.windows = kernel.windows;
        this.allocations = kernel.allocationReader;
        this.graceRuns = kernel.options().clock() == SchedulerConfig.Clock.WALL
                ? USER_LL_GRACE_RUNS : 0;
        this.cpuJudged = kernel.options().clock() == SchedulerConfig.Clock.WALL
                && ThreadCpu.MEASURED;
        this.pipeline = pipeline;
        this.engine = engine;
        this.access = access;
        this.name = "pipeline-" + pipeline.id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(long tick) {
        run(tick, NO_TIME);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The tick's reading, when given, is the first LL call's start (its interval then also
     * holds the scheduler's entry into the tick and this method's first steps), as the read that
     * ends one LL call starts the next (docs/scheduling.md, "How process time is taken").
     */
    @Override
    public void run(long tick, long tickNanos) {
        runFrom(tick, tickNanos);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The read that ended the pass's last LL call is returned when that call ended cleanly
     * and the pass's last element: then only the pass's bookkeeping (the histograms' samples)
     * runs after it here.
     */
    @Override
    public long runFrom(long tick, long tickNanos) {
        if (pipeline.status != Pipeline.Status.ACTIVE) {
            return NO_TIME;
        }
        // allocated only while a recording asks for it (and then usually scalar-replaced)
        final Events.Tick event = Jfr.tick() ? new Events.Tick() : null;
        if (event != null) {
            event.begin();
        }
        final Component[] order = pipeline.order;
        // the thread's allocation count at the end of the user LL call just made, if nothing
        // has run since that could allocate: the next user LL call's start (one read per call)
        long mark = NO_MARK;
        lastRead = event == null ? tickNanos : NO_TIME; // a recording's event is no call's time
        readBeforePlace = false;
        for (int i = 0; i < order.length; i++) {
            final Component c = order[i];
            if (c.dp()) {
                mark = NO_MARK;
                if (syncDp(c, tick)) {
                    readBeforePlace = true; // a kernel call may still start from it
                } else {
                    lastRead = NO_TIME;
                }
            } else if (c.state == Component.State.ACTIVE) {
                mark = processLl(c, tick, mark);
            }
        }
        recordTimes(order);
        long last = readBeforePlace ? NO_TIME : lastRead;
        if (Jfr.xrun()) {
            recordXruns(order, tick);
            last = NO_TIME; // its events are no one's time
        }
        if (event != null) {
            event.pipelineId = pipeline.id;
            event.tick = tick;
            event.commit();
            last = NO_TIME;
        }
        return last;
    }

    /**
     * Records each LL call's process time of this pass, after the last call: the histograms'
     * bookkeeping then falls between no two clock reads that time a call.
     */
    private static void recordTimes(Component[] order) {
        for (int i = 0; i < order.length; i++) {
            final Component c = order[i];
            final long took = c.lastProcessNanos;
            if (took != Component.NOT_TIMED) {
                c.processTime.record(took);
                c.lastProcessNanos = Component.NOT_TIMED;
            }
        }
    }

    /**
     * The start of a user LL call: the read that ended the previous LL call of this pass when
     * nothing else ran since ({@link #lastRead}), else a new read.
     */
    private long startRead() {
        final long last = lastRead;
        return last != NO_TIME && !readBeforePlace ? last : kernel.nanoTime();
    }

    /**
     * The start of a kernel LL call: as {@link #startRead}, and also the read that ended the LL
     * call before a DP instance's place when only that place's ring syncs ran since: a kernel
     * call has no overrun rule, so its interval may hold them (one read less, and the read that
     * would wait for the syncs' copies to complete; docs/scheduling.md).
     */
    private long kernelStartRead() {
        final long last = lastRead;
        return last != NO_TIME ? last : kernel.nanoTime();
    }

    /** An Xrun event for each instance whose buffers counted xruns since the last look. */
    private void recordXruns(Component[] order, long tick) {
        for (Component c : order) {
            final long total = Reports.xruns(c);
            if (total > c.xrunsSeen) {
                final Events.Xrun e = new Events.Xrun();
                e.componentId = c.componentId;
                e.module = c.name();
                e.pipelineId = pipeline.id;
                e.tick = tick;
                e.xruns = total - c.xrunsSeen;
                e.total = total;
                e.commit();
            }
            c.xrunsSeen = total;
        }
    }

    /**
     * @param mark the allocation count to start a user call from, or {@link #NO_MARK}
     * @return the allocation count after a user call that left nothing else to run, or
     *     {@link #NO_MARK}
     */
    private long processLl(Component c, long tick, long mark) {
        if (c.faulted) {
            lastRead = NO_TIME;
            c.playSilence(access);
            return NO_MARK;
        }
        if (c.userMode()) {
            return processUserLl(c, tick, mark);
        }
        final Events.ModuleProcess event = Jfr.process() ? begin() : null;
        final long start = event == null ? kernelStartRead() : kernel.nanoTime();
        boolean clean = event == null;
        try {
            c.module.process(c.moduleSources(), c.moduleSinks());
        } catch (Throwable t) {
            kernel.reports.fault(c, Faults.kindOf(t), Faults.describe(t), tick);
            clean = false;
        }
        final long end = kernel.nanoTime();
        c.lastProcessNanos = end - start;
        lastRead = clean ? end : NO_TIME;
        readBeforePlace = false;
        if (event != null) {
            commit(event, c);
        }
        return NO_MARK; // a kernel module may allocate: never charged to a user module
    }

    /**
     * A user-mode LL instance's process on the tick thread, switched into its domain (issue 16
     * item 2): the same containment as a user DP run (rights of the instance only, the throwable
     * described inside the window, caught memory faults, the allocation budget), plus the
     * overrun rule: a call that takes longer than the LL period (the whole tick) is an overrun,
     * and the instance is FAULTED ({@code DEADLINE}) once its overruns pass the deadline-miss
     * budget, after the same start-up grace as a DP task on the wall clock. The call is timed on
     * the kernel's clock around it (the clock the process-time column uses); on the wall clock a
     * call that took longer is an overrun only if the tick thread also spent more than the period
     * of CPU time in it ({@link #cpuJudged}: one CPU-time read per call before it, another only
     * when the real time is over). No allocation unless it faults.
     *
     * <p>The allocation budget: the thread's allocation count is read before and after the
     * call. When the previous element of the pipeline was a user LL call that ended cleanly (no
     * fault, no JFR event), the count that call ended with is this call's start: between the two
     * reads only this method's own non-allocating steps run, so each call is charged exactly
     * what it allocated as before, with one read per call instead of two. A module whose
     * {@code process} the loader proved cannot allocate ({@link Component#allocationFree}) is
     * charged nothing and makes no read; the call after it reads its own start.
     *
     * @param mark the count the previous user call ended with, or {@link #NO_MARK}
     * @return the count this call ended with, or {@link #NO_MARK} if anything else ran after it
     */
    private long processUserLl(Component c, long tick, long mark) {
        final Events.ModuleProcess event = Jfr.process() ? begin() : null;
        final long start = event == null ? startRead() : kernel.nanoTime();
        lastRead = NO_TIME;
        final boolean counted = !c.allocationFree;
        final long before = !counted ? 0
                : mark != NO_MARK && event == null ? mark : allocations.current();
        final long faults = c.domain.faultCount();
        final long cpuStart = cpuJudged ? ThreadCpu.current() : 0;
        String error = null;
        RuntimeEvent.Kind kind = null;
        final DomainWindows.Slot window = windows.enter(c);
        try {
            if (c.textSize > 0) {
                access.check(c.textStart, c.textSize, AccessKind.EXECUTE);
            }
            c.module.process(c.moduleSources(), c.moduleSinks());
        } catch (Throwable t) {
            error = Faults.describe(t); // inside the window: getMessage gets the module's rights
            kind = Faults.kindOf(t);
            if (Preemption.isPreemption(t)) {
                Preemption.acknowledge(); // the watchdog's: the tick goes on without it
            }
        } finally {
            windows.leave(window); // throws on a thread the watchdog abandoned meanwhile
        }
        // the containment's checks after the call are part of it: the clock is read after them
        final long end = counted ? allocations.current() : NO_MARK;
        final long now = kernel.nanoTime();
        final long took = now - start;
        c.lastProcessNanos = took;
        if (error != null) {
            c.clearRequests();
            kernel.reports.fault(c, kind, error, tick);
            return NO_MARK;
        }
        if (Revocation.checkFaults(kernel, c, faults, "process")) {
            return NO_MARK;
        }
        if (counted && kernel.reports.chargeAllocation(c, end - before)) {
            return NO_MARK;
        }
        final boolean pastGrace = ++c.llRuns > graceRuns;
        if (took > LL_PERIOD_NANOS) { // an overrun: cold
            final long spent = cpuJudged ? ThreadCpu.current() - cpuStart : took;
            if (pastGrace ? overran(c, spent, tick) : graced(c, spent, tick)) {
                return NO_MARK;
            }
        }
        if (event != null) {
            commit(event, c);
            return NO_MARK;
        }
        lastRead = now;
        readBeforePlace = false;
        return end;
    }

    /**
     * An overrunning call inside the start-up grace: forgiven while the grace's overruns have
     * spent no more than {@link #USER_LL_GRACE_NANOS}, counted as any overrun past it. Tick
     * thread; cold path.
     *
     * @return whether the instance was FAULTED
     */
    private boolean graced(Component c, long spent, long tick) {
        if (spent > LL_PERIOD_NANOS) {
            c.llGraceSpent += spent;
        }
        return c.llGraceSpent > USER_LL_GRACE_NANOS && overran(c, spent, tick);
    }

    /**
     * Counts a user LL call that took longer than the tick, if what it spent (CPU time on the
     * wall clock, the kernel's clock on the virtual one) did too, and FAULTs the instance past
     * the budget. Tick thread; cold path.
     *
     * @return whether the instance was FAULTED
     */
    private boolean overran(Component c, long spent, long tick) {
        if (spent <= LL_PERIOD_NANOS) {
            return false; // the host took the time, not the module
        }
        final long overruns = ++c.llOverruns; // single writer: this tick thread
        if (overruns <= kernel.options().deadlineMissBudget()) {
            return false;
        }
        kernel.reports.fault(c, RuntimeEvent.Kind.DEADLINE, overruns + " process calls took "
                + "longer than the " + LL_PERIOD_NANOS / 1000 + " us tick (the last "
                + spent / 1000 + " us" + (cpuJudged ? " of CPU time" : "") + "), past the budget of "
                + kernel.options().deadlineMissBudget(), tick);
        return true;
    }

    /**
     * A DP instance's place: its ring syncs, then its deadline budget and the watchdog.
     *
     * @return whether nothing ran but the syncs and their bookkeeping (no event, no fault
     *     report): then the read before the place may start a kernel LL call after it
     */
    private boolean syncDp(Component c, long tick) {
        final Connection[] inputs = c.inputArray;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].ring != null) {
                inputs[i].syncIn(engine);
            }
        }
        final DpTask task = c.dpTask;
        if (task != null && task.startupDelayed()) {
            return true; // SOF's dp_startup_delay: feed the module, do not drain it yet
        }
        final Connection[] outputs = c.outputArray;
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i].ring != null) {
                outputs[i].syncOut(engine);
            }
        }
        if (task == null || c.faulted) {
            return true;
        }
        boolean clean = true;
        if (Jfr.deadlineMiss() && task.deadlineMisses() > c.deadlineMissesSeen) {
            final Events.DeadlineMiss e = new Events.DeadlineMiss();
            e.componentId = c.componentId;
            e.module = c.name();
            e.tick = tick;
            e.total = task.deadlineMisses();
            e.misses = e.total - c.deadlineMissesSeen;
            e.commit();
            clean = false; // its event is no call's time
        }
        c.deadlineMissesSeen = task.deadlineMisses();
        if (task.deadlineMisses() > kernel.options().deadlineMissBudget()) {
            kernel.reports.fault(c, RuntimeEvent.Kind.DEADLINE, task.deadlineMisses()
                    + " deadline misses exceed the budget of "
                    + kernel.options().deadlineMissBudget(), tick);
            return false;
        }
        if (task.state() == DpTask.State.RUNNING) {
            // a hang is one run that never ends: a task that stays RUNNING because it keeps
            // catching up (each run ends, the next starts before a tick sees it QUEUED) is not.
            // Counted in ticks that ran: the tick after a host stall has a later number, but the
            // stall froze the run as it froze the ticks, so it is no hang
            final long ended = c.dpRunsEnded;
            if (c.busyTicks < 0 || ended != c.dpRunsSeen) {
                c.busyTicks = 0;
                c.overdue.reset();
                c.dpRunsSeen = ended;
            } else if (++c.busyTicks > kernel.options().watchdogTicks() && hung(c)) {
                kernel.reports.fault(c, RuntimeEvent.Kind.HANG, "DP run busy for "
                        + c.busyTicks + " ticks", tick);
                c.preemptDpThread("DP run busy past the watchdog");
                return false;
            }
        } else {
            c.busyTicks = -1;
        }
        return clean;
    }

    /**
     * Whether a DP run busy past the watchdog's ticks is hung rather than kept off the CPU by the
     * host while the ticks went on ({@link OverdueRun}; a GC pause the tick thread came out of
     * first, a DP thread descheduled beside a tick thread of higher priority). On the virtual
     * clock a tick waits for its runs, and ticks alone judge. Tick thread; cold.
     */
    private boolean hung(Component c) {
        final long limit = kernel.options().watchdogTicks();
        return c.overdue.hung(cpuJudged ? c.dpThread : null,
                c.busyTicks > OverdueRun.BLOCKED_LIMITS * limit, limit * LL_PERIOD_NANOS);
    }

    /** @return a started ModuleProcess event; call only when the type is enabled */
    static Events.ModuleProcess begin() {
        final Events.ModuleProcess e = new Events.ModuleProcess();
        e.begin();
        return e;
    }

    /** Ends and commits a ModuleProcess event if it lasted longer than its threshold. */
    static void commit(Events.ModuleProcess e, Component c) {
        e.end();
        if (e.shouldCommit()) {
            e.componentId = c.componentId;
            e.module = c.name();
            e.pipelineId = c.pipeline.id;
            e.domain = c.procDomain.name();
            e.userMode = c.userMode();
            e.commit();
        }
    }
}
