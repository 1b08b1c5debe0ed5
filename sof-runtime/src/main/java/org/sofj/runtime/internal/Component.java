package org.sofj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.BaseConfig;
import org.sofj.api.Errno;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * One module instance (SOF's {@code comp_dev} + {@code processing_module}). Control fields are
 * changed by the IPC thread only, and only at a tick boundary ({@link TickBoundary}); the
 * processing thread (LL or the instance's DP thread) reads {@link #state}, {@link #faulted} and
 * the source/sink arrays, which are replaced, never mutated.
 *
 * <p>The kernel keeps its own pin arrays ({@link #sources}, {@link #sinks}) and hands the module
 * copies ({@link #moduleSources()}, {@link #moduleSinks()}) re-filled before every call, so what a
 * module stores into an array it received is never seen by the kernel.
 */
final class Component {
    /** {@link #lastProcessNanos} when no LL call of this pass is waiting to be recorded. */
    static final long NOT_TIMED = Long.MIN_VALUE;
    private static final VarHandle GATE;
    private static final VarHandle ALLOCATED;
    private static final VarHandle RUNS_ENDED;

    static {
        try {
            GATE = MethodHandles.lookup().findVarHandle(Component.class, "gate", int.class);
            ALLOCATED = MethodHandles.lookup().findVarHandle(Component.class, "allocated",
                    long.class);
            RUNS_ENDED = MethodHandles.lookup().findVarHandle(Component.class, "dpRunsEnded",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Adds what one call allocated. The calls of one instance never overlap. No allocation.
     *
     * @return the new total
     */
    long addAllocated(long bytes) {
        final long total = (long) ALLOCATED.getOpaque(this) + bytes;
        ALLOCATED.setOpaque(this, total);
        return total;
    }

    /** @return Java heap bytes this instance's code allocated so far; any thread */
    long allocated() {
        return (long) ALLOCATED.getOpaque(this);
    }

    /** SOF's default DP stack: 4096 bytes. */
    static final long DEFAULT_STACK_BYTES = 4096;

    /** SOF's {@code COMP_STATE_*}. */
    enum State { READY, PREPARE, PRE_ACTIVE, ACTIVE, PAUSED }

    final int componentId;
    final int instanceId;
    final int core;
    final ProcDomain procDomain;
    final Driver driver;
    final BaseConfig baseConfig;
    final Pipeline pipeline;
    /**
     * The module; for a module type with an agent (load type MODULE) it is made by the agent on
     * the user side during AGENT_START, so it is set once after construction.
     */
    volatile ProcessingModule module;
    /** The DP stack: the IPC's request, else the manifest's, else 4096. */
    long stackBytes = DEFAULT_STACK_BYTES;
    final ModuleMemory memory;
    /** The instance's domain for a user module; {@code null} for a kernel module. */
    final MemoryDomain domain;
    final List<Connection> inputs = new ArrayList<>();
    final List<Connection> outputs = new ArrayList<>();
    final Histogram processTime = new Histogram();
    /**
     * The LL call of the current tick's pipeline pass, nanoseconds, until the pass records it in
     * {@link #processTime} after its last call; {@link #NOT_TIMED} otherwise. Tick thread only.
     */
    long lastProcessNanos = NOT_TIMED;
    final AudioRegion scratch = new AudioRegion();
    /**
     * A user instance whose {@code process} the library loader proved cannot allocate
     * ({@code LibraryLoader.allocationFree}): its LL calls and DP runs make no allocation-counter
     * read and are charged nothing (its other calls, init, set_config and the rest, are counted
     * as before). Set once at creation, before a tick or DP run can see the instance.
     */
    boolean allocationFree;

    volatile State state = State.READY;
    volatile boolean faulted;
    volatile RuntimeEvent.Kind faultKind;
    /** The kernel's own pin arrays: never handed to module code. */
    volatile Source[] sources = new Source[0];
    volatile Sink[] sinks = new Sink[0];
    /** The arrays module code receives, re-filled from the kernel's before every call. */
    private volatile Source[] moduleSources = new Source[0];
    private volatile Sink[] moduleSinks = new Sink[0];
    /**
     * Exclusion between this instance's DP runs and the kernel: 0 free, 1 a DP run is in
     * progress, {@code -n} held by the kernel's IPC thread {@code n} times.
     */
    @SuppressWarnings("unused") // through GATE
    private volatile int gate;
    /** The DP thread's wait at the gate, and the IPC thread's ({@link Waits#gate}). */
    private final IdleStrategy dpGateIdle = Waits.gate();
    private final IdleStrategy kernelGateIdle = Waits.gate();
    /** A DP run that never left the gate: the kernel stopped waiting for it (written off). */
    volatile boolean writtenOff;
    /**
     * The preemption asked of this instance's DP thread once the kernel gave up on its run
     * ({@link #preemptDpThread}), or {@code null}; withdrawn by the DP thread.
     */
    volatile Preemption.Request preemption;
    /** Whether the DP thread is inside a call into the module ({@link #dpCallStarts}). */
    private volatile boolean inDpCall;
    volatile Connection[] inputArray = new Connection[0];
    volatile Connection[] outputArray = new Connection[0];
    /** The module's text section, checked for EXECUTE before each call into it; 0 if none. */
    long textStart;
    long textSize;
    /**
     * The DP task; written by the IPC thread, read by a DP run waiting at the gate
     * ({@link #enterDpRun}) to see a cancel.
     */
    volatile DpTask dpTask;
    Thread dpThread;
    /** The instance's BSS slice in the library region, or 0. */
    long bss;
    /** Proxy variant A2: IPC delivered on this instance's DP thread; {@code null} under A1. */
    DpIpc dpIpc;
    /**
     * Ticks that ran while the LL side saw the DP task RUNNING with no run ending; -1: not
     * RUNNING. Ticks that ran, not tick numbers: a host stall skips tick numbers without running
     * them, and a run the stall froze is not busy for those.
     */
    long busyTicks = -1;
    /** The DP watchdog's judge of a run busy past its ticks (LL thread only). */
    final OverdueRun overdue = new OverdueRun();
    /** A tick boundary's judge of a run it waits for (IPC thread only). */
    private final OverdueRun held = new OverdueRun();
    /** DP runs ended so far: the DP side (its thread, or the tick inline) writes, the LL reads. */
    volatile long dpRunsEnded;
    /** {@link #dpRunsEnded} as the LL side last saw it (LL thread only). */
    long dpRunsSeen;
    /**
     * Java heap bytes this instance's code allocated so far ({@link Allocations}): every call of a
     * user-mode instance, the IPC calls of a kernel-mode one. One call at a time writes it; the
     * report reads it from the IPC thread, so both go through opaque accesses (no torn long).
     */
    private long allocated;
    /** Past this many {@link #allocated} bytes the instance is FAULTED (user mode). */
    long allocationBudget;
    /**
     * A user LL instance's overrun rule (tick thread only): process calls so far, and those that
     * took longer than the LL period after the start-up grace.
     */
    long llRuns;
    /** The time its overrunning calls spent inside the start-up grace (tick thread only). */
    long llGraceSpent;
    /**
     * SOF's {@code md->new_cfg_size}: the blob size the last FIRST fragment of
     * {@code MOD_LARGE_CONFIG_SET} gave; a LAST fragment is the rest of it. IPC thread only.
     */
    int configBytes;
    volatile long llOverruns;
    /** Deadline misses and xruns already reported to JFR; LL thread only. */
    long deadlineMissesSeen;
    long xrunsSeen;

    Component(int componentId, int instanceId, int core, ProcDomain procDomain, Driver driver,
            BaseConfig baseConfig, Pipeline pipeline, ProcessingModule module, ModuleMemory memory,
            MemoryDomain domain) {
        this.componentId = componentId;
        this.instanceId = instanceId;
        this.core = core;
        this.procDomain = procDomain;
        this.driver = driver;
        this.baseConfig = baseConfig;
        this.pipeline = pipeline;
        this.module = module;
        this.memory = memory;
        this.domain = domain;
    }

    /**
     * The capability this instance's code is handed (its context, the views of its calls): its
     * domain's for a user module, whose rights hold on any thread; the kernel's for a kernel one.
     */
    MemoryAccess access(org.sofj.api.spi.MemorySystem memory) {
        return domain == null ? memory.access() : memory.accessFor(domain);
    }

    boolean dp() {
        return procDomain == ProcDomain.DP;
    }

    boolean userMode() {
        return driver.userMode();
    }

    /** Rebuilds the arrays {@code process} sees from the connections, in pin order. */
    void rebuildPins() {
        inputs.sort((a, b) -> Integer.compare(a.sinkQueue, b.sinkQueue));
        outputs.sort((a, b) -> Integer.compare(a.sourceQueue, b.sourceQueue));
        final Source[] s = new Source[inputs.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = inputs.get(i).consumerSource();
        }
        final Sink[] k = new Sink[outputs.size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = outputs.get(i).producerSink();
        }
        sources = s;
        sinks = k;
        moduleSources = s.clone();
        moduleSinks = k.clone();
        inputArray = inputs.toArray(new Connection[0]);
        outputArray = outputs.toArray(new Connection[0]);
    }

    /**
     * The sources array for a call into the module, re-filled from the kernel's. The calling
     * processing thread; no allocation.
     *
     * @return the module's array
     */
    Source[] moduleSources() {
        final Source[] from = sources;
        Source[] to = moduleSources;
        if (to.length != from.length) {
            to = from.clone(); // the pins changed under a racing reader: never alias the kernel's
        } else {
            refill(from, to);
        }
        return to;
    }

    /**
     * Makes {@code to} equal {@code from}, storing only the elements that differ (usually none:
     * a module rarely writes its pin arrays), so the usual call stores nothing and pays no GC
     * write barrier. No allocation.
     */
    private static void refill(Object[] from, Object[] to) {
        for (int i = 0; i < from.length; i++) {
            final Object pin = from[i];
            if (to[i] != pin) {
                to[i] = pin;
            }
        }
    }

    /**
     * The sinks array for a call into the module, re-filled from the kernel's. No allocation.
     *
     * @return the module's array
     */
    Sink[] moduleSinks() {
        final Sink[] from = sinks;
        Sink[] to = moduleSinks;
        if (to.length != from.length) {
            to = from.clone();
        } else {
            refill(from, to);
        }
        return to;
    }

    /**
     * The DP run's side of the gate: waits while the kernel holds it. On the instance's own DP
     * thread it serves the instance's IPC meanwhile (proxy variant A2 delivers control calls on
     * that thread); a run inline on the tick thread never does: control calls are not the tick's.
     *
     * <p>A run waiting here has not called into the module yet, so it gives up as soon as the
     * kernel cancels its task: the kernel cancels and frees DP tasks while it holds this gate (a
     * RESET, a PAUSE, a delete), and {@link DpTask#cancel} waits for the body to return. A run
     * that kept waiting for the gate would keep that wait from ending until its bound, and then
     * run {@code process} after the request that stopped it had returned (after a delete: on an
     * instance already freed). No allocation.
     *
     * @param serveIpc whether the caller is the instance's DP thread
     * @return {@code true} with the gate held; {@code false} if the run's task was cancelled (or
     *     freed) while it waited: the gate is not held and the run must not process
     */
    boolean enterDpRun(boolean serveIpc) {
        if (GATE.compareAndSet(this, 0, 1)) {
            return true;
        }
        final IdleStrategy wait = dpGateIdle; // one run of this instance at a time waits here
        wait.reset();
        do {
            final DpIpc ipc = dpIpc;
            if (ipc != null && serveIpc) {
                ipc.run();
            }
            final DpTask task = dpTask;
            if (task == null || task.state() != DpTask.State.RUNNING) {
                return false; // cancelled while the kernel held the gate: never started
            }
            wait.idle();
        } while (!GATE.compareAndSet(this, 0, 1));
        return true;
    }

    /**
     * Ends a DP run: a release store, as a spin lock is released (the kernel's
     * {@link #holdForKernel} takes the gate by compare-and-set and sees the run's writes).
     */
    void exitDpRun() {
        GATE.setRelease(this, 0);
    }

    /**
     * Counts a DP run as ended. The DP side only (one run at a time, under the gate): a release
     * store, ordered before the gate's release, so a reader that sees the count sees the run.
     */
    void dpRunEnded() {
        RUNS_ENDED.setRelease(this, dpRunsEnded + 1);
    }

    /**
     * The IPC thread's side: waits for a DP run in progress to end and holds the next one off.
     * Nested holds count. Past {@code timeoutNanos} of real time the run is given up on only if
     * it is hung ({@link OverdueRun}: its thread computes on, or it blocks ten times as long), so
     * a run the host keeps off the CPU is waited for, not written off.
     *
     * @param runner the thread the run is on (the DP thread, or inline the core's tick thread);
     *     {@code null} when none is known, then real time alone judges
     * @return whether the gate is held; {@code false} if a DP run did not end in time (the caller
     *     writes the instance off)
     */
    boolean holdForKernel(long timeoutNanos, Thread runner) {
        if (writtenOff) {
            return false;
        }
        final long start = System.nanoTime();
        final IdleStrategy wait = kernelGateIdle;
        wait.reset();
        held.reset();
        for (;;) {
            final int g = gate;
            if (g <= 0 && GATE.compareAndSet(this, g, g - 1)) {
                return true;
            }
            final long waited = System.nanoTime() - start;
            if (waited >= timeoutNanos && held.hung(runner,
                    waited >= OverdueRun.BLOCKED_LIMITS * timeoutNanos, timeoutNanos)) {
                writtenOff = true;
                return false;
            }
            wait.idle();
        }
    }

    /** Ends one {@link #holdForKernel}. */
    void releaseForKernel() {
        final int g = gate;
        if (g >= 0) {
            throw new IllegalStateException(name() + ": gate=" + g + " is not held by the kernel");
        }
        gate = g + 1;
    }

    /**
     * Asks this instance's DP thread to leave the module's code (cooperative preemption, see
     * {@link Preemption}): its next check in the module's bytecode throws while this instance is
     * FAULTED or written off, and the DP run unwinds to its wrapper. Kernel threads only; cold
     * path; once per instance.
     *
     * @param why the reason, for the error's message
     */
    synchronized void preemptDpThread(String why) {
        final Thread t = dpThread;
        if (t != null && preemption == null) {
            final Preemption.Request r = Preemption.request(t, () -> faulted || writtenOff,
                    name() + ": " + why);
            preemption = r; // a volatile store, then the volatile load below
            if (!inDpCall) {
                r.withdraw(); // the call ended meanwhile: its thread may not have seen r
            }
        }
    }

    /**
     * The DP thread's side, before a call into the module (a run's {@code process}, an IPC
     * the kernel posted to it): {@link #preemptDpThread} withdraws its own request unless
     * {@link #dpCallEnded} is still to come. One volatile store, no allocation.
     */
    void dpCallStarts() {
        inDpCall = true;
    }

    /**
     * The DP thread's side, once a call into the module has returned or unwound: withdraws a
     * preemption requested during the call. A call may return normally without reaching a
     * check (a strip-mined loop checks only between its chunks), and a FAULTED or written-off
     * instance may never run again to withdraw it later, so later checks on other modules'
     * threads would stay on the slow path. The volatile store of {@link #inDpCall} before the
     * volatile load of {@link #preemption}, against the watchdog's store of the request before
     * its load of the flag, means one of the two sides withdraws it. No allocation while no
     * request was made.
     */
    void dpCallEnded() {
        inDpCall = false;
        preemptionDone();
    }

    /**
     * The DP thread's side: withdraws a preemption once its run has unwound (or ended anyway),
     * so later checks on other modules' threads take the fast path again. Cold path.
     */
    void preemptionDone() {
        final Preemption.Request r = preemption;
        if (r != null) {
            r.withdraw();
        }
    }

    /**
     * Drops the get/commit requests a call that threw left open, on the kernel's own connections
     * (never the arrays the module was handed), so silence can be played next. No allocation.
     */
    void clearRequests() {
        for (Connection o : outputArray) {
            o.producerEndpoint().clearRequest();
        }
        for (Connection i : inputArray) {
            i.consumerEndpoint().clearRequest();
        }
    }

    /**
     * SOF's {@code comp_set_state} (spec 4.12).
     *
     * @return 0, or {@code -Errno.EINVAL} from a wrong state (nothing changes)
     */
    int setState(TriggerCommand cmd) {
        final State from = state;
        final State to;
        switch (cmd) {
            case START:
            case RELEASE:
                to = from == State.PRE_ACTIVE ? State.ACTIVE : null;
                break;
            case STOP:
                to = from == State.ACTIVE || from == State.PAUSED ? State.PREPARE : null;
                break;
            case PAUSE:
                to = from == State.ACTIVE ? State.PAUSED : null;
                break;
            case PREPARE:
                to = from == State.READY ? State.PREPARE : null;
                break;
            case PRE_START:
                to = from == State.PREPARE ? State.PRE_ACTIVE : null;
                break;
            case PRE_RELEASE:
                to = from == State.PAUSED ? State.PRE_ACTIVE : null;
                break;
            case RESET:
                to = State.READY;
                break;
            default:
                to = from;
        }
        if (to == null) {
            return targetOf(cmd) == from ? 0 : -Errno.EINVAL;
        }
        state = to;
        return 0;
    }

    private static State targetOf(TriggerCommand cmd) {
        switch (cmd) {
            case START:
            case RELEASE: return State.ACTIVE;
            case PAUSE: return State.PAUSED;
            case PREPARE: return State.PREPARE;
            case PRE_START:
            case PRE_RELEASE: return State.PRE_ACTIVE;
            default: return null;
        }
    }

    /**
     * What a FAULTED instance does instead of processing: drain its sources and fill its sinks
     * with silence, up to OBS per call, so the rest of the pipeline keeps its timing. Called on
     * the instance's processing thread; no allocation.
     */
    void playSilence(MemoryAccess access) {
        final Source[] in = sources;
        for (int i = 0; i < in.length; i++) {
            final Source s = in[i];
            final int n = s.getDataAvailable();
            if (n > 0 && s.getData(n, scratch) == 0) {
                s.releaseData(n);
            }
        }
        final Sink[] out = sinks;
        for (int i = 0; i < out.length; i++) {
            final Sink k = out[i];
            final int n = Math.min(k.getFreeSize(), Math.max(baseConfig.obs(), 1));
            if (n > 0 && k.getBuffer(n, scratch) == 0) {
                final long first = scratch.contiguousLength();
                access.setMemory(scratch.address(), first, (byte) 0);
                if (first < n) {
                    access.setMemory(scratch.bufferStart(), n - first, (byte) 0);
                }
                k.commitBuffer(n);
            }
        }
    }

    String name() {
        return driver.description.name() + "#" + instanceId;
    }

    @Override
    public String toString() {
        return "Component[" + name() + " comp_id=0x" + Integer.toHexString(componentId) + " "
                + procDomain + (userMode() ? " user" : " kernel") + " " + state
                + (faulted ? " FAULTED" : "") + "]";
    }
}
