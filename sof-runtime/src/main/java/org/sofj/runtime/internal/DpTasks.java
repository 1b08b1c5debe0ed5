package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;

import org.sofj.api.Ipc4Status;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;

/**
 * DP tasks (spec 4.4, 4.8): the period of a DP instance, its thread (a user thread in its domain
 * for a user-mode module) and its runs, which process or play silence once FAULTED. Tasks are
 * made on the IPC thread; runs happen on the instance's DP thread, or inline on the tick thread in
 * virtual time (docs/scheduling.md).
 */
final class DpTasks {
    /** {@code LL_TIMER_PERIOD_US}. */
    static final int LL_PERIOD_US = 1000;

    private final KernelState k;

    DpTasks(KernelState state) {
        this.k = state;
    }

    /**
     * The DP task (spec 4.4, 4.8): period from the sinks' minimum free space when none is known,
     * {@code -EINVAL} below 1 ms or past an int, floored to whole ms by the scheduler. A refused
     * period fails the module's prepare, which {@code ipc4_pipeline_prepare} answers
     * {@code INVALID_REQUEST}, as it answers every failed prepare.
     */
    void createDpTask(Component c) {
        final long micros = dpPeriodMicros(c);
        if (micros < LL_PERIOD_US) {
            throw fail(Ipc4Status.INVALID_REQUEST, c.name() + " prepare: DP period="
                    + micros + " us is below " + LL_PERIOD_US + " us (-EINVAL)");
        }
        if (micros > Integer.MAX_VALUE) {
            throw fail(Ipc4Status.INVALID_REQUEST, c.name() + " prepare: DP period="
                    + micros + " us from obs=" + c.baseConfig.obs() + " ibs=" + c.baseConfig.ibs()
                    + " exceeds " + Integer.MAX_VALUE + " us (-EINVAL)");
        }
        final int period = (int) micros;
        final MemoryAccess access = k.memory.access();
        final long stack = c.stackBytes;
        final DpTaskSpec.ThreadFactory threads = (name, loop) -> {
            final Thread t;
            if (c.userMode()) {
                t = k.memory.newUserThread(name, c.domain, stack, loop);
            } else {
                t = new Thread(loop, name);
                t.setDaemon(true);
            }
            c.dpThread = t;
            return t;
        };
        final boolean ownReady = !c.userMode()
                && c.driver.has(ModuleOperation.IS_READY_TO_PROCESS);
        final DpTaskSpec spec = new DpTaskSpec(c.name(), c.core, period, threads,
                // a FAULTED instance is always ready: it plays silence every period
                () -> c.faulted || (ownReady ? c.module.isReadyToProcess(c.moduleSources(),
                        c.moduleSinks())
                        : ProcessingModule.genericIsReadyToProcess(c.sources, c.sinks)),
                () -> dpRun(c, access), c.sinks, c.dpIpc != null ? c.dpIpc : () -> { });
        try {
            c.dpTask = k.scheduler.newDpTask(spec);
        } catch (RuntimeException e) {
            throw fail(Ipc4Status.OUT_OF_MEMORY, c.name() + ": its DP task (stack "
                    + stack + " bytes) could not be made: " + e.getMessage());
        }
        if (c.dpIpc != null) {
            c.dpIpc.attach(c.dpThread);
        }
        if (c.userMode() && k.options().clock() == SchedulerConfig.Clock.VIRTUAL
                && !k.options().virtualDpThreads()) {
            k.windows.arm(); // its runs switch the tick thread into its domain
        }
    }

    /**
     * One DP run: process, or silence once FAULTED. It runs on the instance's DP thread, or, in
     * virtual time with inline DP, on the tick thread; a user module's code then runs switched
     * into its domain ({@link DomainWindows}). The run holds the instance's gate, so no control
     * call or graph change overlaps it. Whatever the module throws is described with the module's
     * rights (on its own thread, or inside the window), never with the kernel's.
     *
     * <p>Only an ACTIVE instance processes. A run posted before a RESET or a PAUSE that it then
     * waited out at the gate, or posted after one (under proxy variant A2 the task stays
     * scheduled, since its thread carries the instance's IPC), ends without calling the module:
     * once such a request has returned, {@code process} does not run until the pipeline runs
     * again. The state cannot change while the run holds the gate.
     */
    private int dpRun(Component c, MemoryAccess access) {
        final boolean inline = Thread.currentThread() != c.dpThread;
        if (!c.enterDpRun(!inline)) {
            c.dpRunEnded(); // cancelled at the gate: ended, never started
            return DpTask.RESCHEDULE;
        }
        try {
            if (c.state != Component.State.ACTIVE) {
                return DpTask.RESCHEDULE; // reset or paused since the run was posted
            }
            if (c.faulted) {
                c.preemptionDone(); // a run the kernel gave up on has ended
                c.playSilence(access);
                return DpTask.RESCHEDULE;
            }
            // the JFR event is made before and committed after the allocation count, so a
            // recording never charges its own allocation to the module
            final Events.ModuleProcess event = Jfr.process() ? PipelineTask.begin()
                    : null;
            // a kernel module's allocation is trusted; a process the loader proved cannot
            // allocate is not counted (Component.allocationFree)
            final boolean charged = c.userMode() && !c.allocationFree;
            final Allocations.Reader allocations = k.allocationReader;
            final long before = charged ? allocations.current() : 0;
            final long faults = Revocation.faults(c);
            final boolean window = inline && c.userMode();
            String error = null;
            RuntimeEvent.Kind kind = null;
            final DomainWindows.Slot slot = window ? k.windows.enter(c) : null;
            try {
                if (c.textSize > 0) {
                    access.check(c.textStart, c.textSize, org.sofj.api.memory.AccessKind.EXECUTE);
                }
                if (!inline) {
                    c.dpCallStarts();
                }
                c.module.process(c.moduleSources(), c.moduleSinks());
            } catch (Throwable t) {
                error = Faults.describe(t);
                kind = Faults.kindOf(t);
                if (Preemption.isPreemption(t)) {
                    Preemption.acknowledge(); // unwound: this thread's next call runs normally
                }
            } finally {
                if (slot != null) {
                    k.windows.leave(slot);
                }
                if (!inline) {
                    c.dpCallEnded(); // returned, maybe without a check: a request withdrawn
                }
            }
            if (error != null) {
                c.clearRequests(); // the kernel's own connections, never the module's arrays
                k.reports.fault(c, kind, error, k.ticks());
                return DpTask.RESCHEDULE;
            }
            Revocation.checkFaults(k, c, faults, "process");
            if (charged) {
                k.reports.chargeAllocation(c, allocations.current() - before);
            }
            if (event != null) {
                PipelineTask.commit(event, c);
            }
        } finally {
            c.dpRunEnded(); // one DP run of an instance at a time
            c.exitDpRun();
        }
        return DpTask.RESCHEDULE;
    }

    /** In long: an obs near 2<sup>31</sup> at a low rate is a period past {@code int}. */
    private static long dpPeriodMicros(Component c) {
        long period = Long.MAX_VALUE;
        for (Sink s : c.sinks) {
            final AudioFormat f = s.audioFormat();
            if (f != null && s.getMinFreeSpace() > 0) {
                final long us = 1_000_000L * s.getMinFreeSpace() / ((long) f.frameBytes()
                        * f.rate());
                period = Math.min(period, us);
            }
        }
        if (period == Long.MAX_VALUE) {
            final AudioFormat f = c.baseConfig.audioFormat();
            final int obs = Math.max(c.baseConfig.obs(), c.baseConfig.ibs());
            period = 1_000_000L * obs / ((long) f.frameBytes() * f.rate());
        }
        return period;
    }
}
