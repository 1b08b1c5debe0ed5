package org.sofj.runtime.internal;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.runtime.ipc.PipelineState;

/**
 * Pipelines and their states (spec 4.8, 4.11, 4.12): prepare with the DP period rules, trigger
 * gating, large configuration through the hostbox, DP tasks. IPC thread only.
 */
final class Pipelines {
    /** {@code CONFIG_MODULE_MAX_BLOB_SIZE}. */
    static final int MAX_BLOB = 8192;
    /** {@code LL_TIMER_PERIOD_US}. */
    static final int LL_PERIOD_US = 1000;
    /** {@code IPC4_MAX_PPL_COUNT}-style bound: 255 is the invalid pipeline id on every path. */
    static final int MAX_PIPELINE_ID = 255;
    private static final jdk.jfr.EventType PROCESS_EVENT =
            jdk.jfr.EventType.getEventType(Events.ModuleProcess.class);

    private final Kernel k;

    Pipelines(Kernel kernel) {
        this.k = kernel;
    }

    void create(int id, int core) {
        if (id < 0 || id >= MAX_PIPELINE_ID) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, "CREATE_PIPELINE pipeline_id=" + id
                    + " must be in [0, " + (MAX_PIPELINE_ID - 1) + "] (255 is invalid)");
        }
        if (core < 0 || core >= k.options().cores()) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, "CREATE_PIPELINE core=" + core
                    + " but cores=" + k.options().cores());
        }
        if (k.pipelines.containsKey(id)) {
            throw Kernel.fail(Ipc4Status.INVALID_RESOURCE_ID, "CREATE_PIPELINE pipeline_id="
                    + id + " already exists");
        }
        final Pipeline p = new Pipeline(id, core);
        p.task = new PipelineTask(k, p, k.engine, k.memory.access());
        k.pipelines.put(id, p);
        k.scheduler.addLlTask(core, p.task);
    }

    void delete(int id) {
        final Pipeline p = pipeline(id);
        if (!p.components.isEmpty()) {
            throw Kernel.fail(Ipc4Status.INVALID_RESOURCE_STATE, "DELETE_PIPELINE pipeline_id="
                    + id + " still has " + p.components.size() + " instances");
        }
        k.scheduler.removeLlTask(p.task);
        k.pipelines.remove(id);
    }

    private Pipeline pipeline(int id) {
        final Pipeline p = k.pipelines.get(id);
        if (p == null) {
            throw Kernel.fail(Ipc4Status.INVALID_RESOURCE_ID, "pipeline_id=" + id
                    + " does not exist");
        }
        return p;
    }

    /**
     * {@code SET_PIPELINE_STATE} for one pipeline, as SOF's {@code ipc4_pipeline_prepare} then
     * {@code ipc4_pipeline_trigger} do it ({@code src/ipc/ipc4/handler-user.c}); the table is in
     * docs/pipeline-states.md. A refused request changes nothing; a RUNNING whose prepare or start
     * fails resets the whole pipeline (instances back to READY, DP tasks stopped), as SOF's
     * {@code ipc4_pcm_params} error path does.
     */
    void setState(int id, PipelineState cmd) {
        final Pipeline p = pipeline(id);
        final String what = "SET_PIPELINE_STATE pipeline_id=" + id + " state=" + cmd;
        switch (cmd) {
            case RUNNING:
                if (p.expectEos) {
                    throw Kernel.fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline expects "
                            + "EOS; RESET or PAUSE it first");
                }
                if (p.status == Pipeline.Status.INIT) {
                    throw Kernel.fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline was never "
                            + "completed; send RESET or PAUSED first");
                }
                if (p.status == Pipeline.Status.READY) {
                    prepareAll(p, what);
                    startAll(p, what, false);
                } else if (p.status == Pipeline.Status.PAUSED) {
                    startAll(p, what, true);
                }
                break;
            case RESET:
                if (p.status == Pipeline.Status.ACTIVE || p.status == Pipeline.Status.PAUSED) {
                    resetAll(p, what);
                }
                p.status = Pipeline.Status.READY;
                break;
            case PAUSED:
                if (p.status == Pipeline.Status.INIT) {
                    p.status = Pipeline.Status.READY;
                } else if (p.status == Pipeline.Status.ACTIVE) {
                    pauseAll(p, what);
                }
                break;
            case EOS:
                if (p.status != Pipeline.Status.ACTIVE) {
                    throw Kernel.fail(Ipc4Status.INVALID_REQUEST, what + ": EOS needs a running "
                            + "pipeline, not " + p.status);
                }
                p.expectEos = true;
                return;
            default:
                throw Kernel.fail(Ipc4Status.INVALID_REQUEST, what + " is not supported: RESET, "
                        + "PAUSED, RUNNING or EOS");
        }
        p.expectEos = false;
    }

    /** {@code pipeline_prepare}: every READY instance; on failure the pipeline is reset. */
    private void prepareAll(Pipeline p, String what) {
        for (Component c : p.order) {
            if (c.state != Component.State.READY) {
                continue;
            }
            final int rc = call(c, ModuleOperation.PREPARE,
                    () -> c.module.prepare(c.moduleSources(), c.moduleSinks()));
            IpcException failed = rc != 0 ? Kernel.fail(Ipc4Status.INVALID_REQUEST, what + ": "
                    + c.name() + " prepare returned " + Errno.name(rc)) : null;
            if (failed == null && c.dp() && c.dpTask == null) {
                try {
                    createDpTask(c);
                } catch (IpcException e) {
                    failed = e;
                }
            }
            if (failed != null) {
                resetAll(p, what);
                p.status = Pipeline.Status.READY;
                throw failed;
            }
            c.setState(TriggerCommand.PREPARE);
        }
    }

    /**
     * PRE_START/START (or PRE_RELEASE/RELEASE from PAUSED) of every instance; the pipeline is
     * ACTIVE when all started. A failed start resets the pipeline and answers
     * {@code IPC4_PIPELINE_STATE_NOT_SET}, so a second RUNNING starts from scratch.
     */
    private void startAll(Pipeline p, String what, boolean release) {
        try {
            for (Component c : p.order) {
                if (c.state == Component.State.PREPARE) {
                    c.setState(TriggerCommand.PRE_START);
                    trigger(c, TriggerCommand.START);
                } else if (c.state == Component.State.PAUSED) {
                    c.setState(TriggerCommand.PRE_RELEASE);
                    trigger(c, TriggerCommand.RELEASE);
                }
            }
        } catch (IpcException e) {
            resetAll(p, what);
            p.status = Pipeline.Status.READY;
            throw Kernel.fail(Ipc4Status.PIPELINE_STATE_NOT_SET, what + ": " + e.getMessage());
        }
        p.status = Pipeline.Status.ACTIVE;
        for (Component c : p.order) {
            if (c.dpTask != null && c.state == Component.State.ACTIVE) {
                if (!release) {
                    primeOutputs(c);
                }
                c.dpTask.schedule();
            }
        }
    }

    /**
     * The DP margin ({@code SofRuntimeBuilder.dpMargin}): a freshly started DP instance's output
     * rings get that many periods of silence before its first run, so its LL consumer has that
     * much slack against a late run. The rings were made with room for it at bind; a ring that
     * already holds data (a start after PAUSED is a release and does not come here) is left.
     */
    private void primeOutputs(Component c) {
        final int periods = k.options().dpMargin();
        for (Connection out : c.outputs) {
            if (periods > 0 && out.ring != null && !out.ringAtInput()) {
                out.ring.prime(periods * c.baseConfig.obs());
            }
        }
    }

    /** PAUSE of every ACTIVE instance; a failure answers {@code PIPELINE_STATE_NOT_SET}. */
    private void pauseAll(Pipeline p, String what) {
        for (Component c : p.order) {
            if (c.state == Component.State.ACTIVE) {
                try {
                    trigger(c, TriggerCommand.PAUSE);
                } catch (IpcException e) {
                    throw Kernel.fail(Ipc4Status.PIPELINE_STATE_NOT_SET, what + ": "
                            + e.getMessage());
                }
                cancelDp(c);
            }
        }
        p.status = Pipeline.Status.PAUSED;
    }

    /**
     * {@code pipeline_reset}: STOP what runs or is paused, reset every instance that left READY,
     * stop DP tasks, empty the input buffers. Every instance is reset even if one fails; the
     * first failure is answered ({@code IPC4_INVALID_REQUEST}, as SOF maps a reset error).
     */
    private void resetAll(Pipeline p, String what) {
        IpcException first = null;
        for (Component c : p.order) {
            try {
                reset(c);
            } catch (IpcException e) {
                first = first == null ? Kernel.fail(Ipc4Status.INVALID_REQUEST, what + ": "
                        + e.getMessage()) : first;
            }
        }
        p.status = Pipeline.Status.READY;
        if (first != null) {
            throw first; // every instance was reset anyway; the reply carries the error
        }
    }

    private void reset(Component c) {
        cancelDp(c);
        int rc = 0;
        final boolean touched = c.state != Component.State.READY;
        if (!c.faulted // never call into a FAULTED module again; it is set READY below
                && (c.state == Component.State.ACTIVE || c.state == Component.State.PAUSED)) {
            rc = call(c, ModuleOperation.TRIGGER, () -> c.module.trigger(TriggerCommand.STOP));
        }
        final int resetRc = c.faulted || !touched ? 0 : call(c, ModuleOperation.RESET,
                c.module::reset);
        rc = rc != 0 ? rc : resetRc;
        c.setState(TriggerCommand.RESET);
        for (Connection in : c.inputs) {
            in.compBuffer.reset();
            if (in.ring != null) {
                in.ring.reset();
            }
        }
        check(c, "reset", rc);
    }

    /** Under A2 the DP thread stays: it still handles the instance's IPC (spec 4.6). */
    private static void cancelDp(Component c) {
        if (c.dpTask != null && c.dpIpc == null) {
            c.dpTask.cancel();
        }
    }

    /** Trigger gating (spec 4.12, scenario 16): the module first; on 0, SOF's state rules. */
    private void trigger(Component c, TriggerCommand cmd) {
        final int rc = call(c, ModuleOperation.TRIGGER, () -> c.module.trigger(cmd));
        check(c, "trigger " + cmd, rc);
        check(c, "comp_set_state " + cmd, c.setState(cmd));
    }

    private int call(Component c, ModuleOperation op, java.util.function.IntSupplier body) {
        if (c.userMode() && !c.driver.has(op)) {
            return 0; // an absent optional op never reaches the worker (spec 4.7)
        }
        return k.calls.call(c, op, Calls.Window.NONE, body);
    }

    private static void check(Component c, String what, int rc) {
        if (rc != 0) {
            throw Kernel.fail(Kernel.statusOf(rc), c.name() + " " + what + " returned "
                    + Errno.name(rc));
        }
    }

    /**
     * The DP task (spec 4.4, 4.8): period from the sinks' minimum free space when none is known,
     * {@code -EINVAL} below 1 ms, floored to whole ms by the scheduler.
     */
    void createDpTask(Component c) {
        final int period = dpPeriodMicros(c);
        if (period < LL_PERIOD_US) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, c.name() + " prepare: DP period="
                    + period + " us is below " + LL_PERIOD_US + " us (-EINVAL)");
        }
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
            throw Kernel.fail(Ipc4Status.OUT_OF_MEMORY, c.name() + ": its DP task (stack "
                    + stack + " bytes) could not be made: " + e.getMessage());
        }
        if (c.dpIpc != null) {
            c.dpIpc.attach(c.dpThread);
        }
    }

    /**
     * One DP run on the instance's DP thread: process, or silence once FAULTED. The run holds the
     * instance's gate, so no control call or graph change overlaps it. Whatever the module throws
     * is described on this thread (a user module's own thread), never by the kernel's.
     */
    private int dpRun(Component c, MemoryAccess access) {
        c.enterDpRun();
        try {
            if (c.faulted) {
                c.playSilence(access);
                return DpTask.RESCHEDULE;
            }
            // the JFR event is made before and committed after the allocation count, so a
            // recording never charges its own allocation to the module
            final Events.ModuleProcess event = PROCESS_EVENT.isEnabled() ? PipelineTask.begin()
                    : null;
            final boolean charged = c.userMode(); // a kernel module's allocation is trusted
            final long before = charged ? Allocations.current() : 0;
            try {
                if (c.textSize > 0) {
                    access.check(c.textStart, c.textSize, org.sofj.api.memory.AccessKind.EXECUTE);
                }
                final long faults = Revocation.faults(c);
                c.module.process(c.moduleSources(), c.moduleSinks());
                Revocation.checkFaults(k, c, faults, "process");
                if (charged) {
                    k.chargeAllocation(c, Allocations.current() - before);
                }
                if (event != null) {
                    PipelineTask.commit(event, c);
                }
            } catch (Throwable t) {
                // The kernel's own connections, never the arrays the module was handed.
                for (Connection o : c.outputArray) {
                    o.producerEndpoint().clearRequest();
                }
                for (Connection i : c.inputArray) {
                    i.consumerEndpoint().clearRequest();
                }
                k.fault(c, Faults.kindOf(t), Faults.describe(t), k.ticks());
            }
        } finally {
            c.exitDpRun();
        }
        return DpTask.RESCHEDULE;
    }

    private static int dpPeriodMicros(Component c) {
        int period = Integer.MAX_VALUE;
        for (Sink s : c.sinks) {
            final AudioFormat f = s.audioFormat();
            if (f != null && s.getMinFreeSpace() > 0) {
                final long us = 1_000_000L * s.getMinFreeSpace() / ((long) f.frameBytes()
                        * f.rate());
                period = (int) Math.min(period, us);
            }
        }
        if (period == Integer.MAX_VALUE) {
            final AudioFormat f = c.baseConfig.audioFormat();
            final int obs = Math.max(c.baseConfig.obs(), c.baseConfig.ibs());
            period = (int) (1_000_000L * obs / ((long) f.frameBytes() * f.rate()));
        }
        return period;
    }

    void setConfiguration(int componentId, int paramId, byte[] blob) {
        k.component(componentId);
        if (blob.length > MAX_BLOB) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET comp_id=0x"
                    + Integer.toHexString(componentId) + " size=" + blob.length
                    + " exceeds the blob limit of " + MAX_BLOB);
        }
        final int chunk = (int) k.calls.hostboxSize();
        int offset = 0;
        do {
            final int len = Math.min(chunk, blob.length - offset);
            final ConfigFragment pos = blob.length <= chunk ? ConfigFragment.SINGLE
                    : offset == 0 ? ConfigFragment.FIRST
                    : offset + len == blob.length ? ConfigFragment.LAST : ConfigFragment.MIDDLE;
            final byte[] piece = java.util.Arrays.copyOfRange(blob, offset, offset + len);
            setFragment(componentId, paramId, pos, pos.isFirst() ? blob.length : offset, piece);
            offset += len;
        } while (offset < blob.length);
    }

    /**
     * One fragment of {@code MOD_LARGE_CONFIG_SET} (spec 4.11): copied into the hostbox, which
     * the module reads (never writes) during the call.
     */
    void setFragment(int componentId, int paramId, ConfigFragment pos, int dataOffsetSize,
            byte[] payload) {
        final Component c = k.component(componentId);
        if (pos.isFirst() && dataOffsetSize > MAX_BLOB) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " size=" + dataOffsetSize + " exceeds the blob limit of " + MAX_BLOB);
        }
        if (payload.length > k.calls.hostboxSize()) {
            throw Kernel.fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " fragment=" + payload.length + " exceeds the hostbox of "
                    + k.calls.hostboxSize());
        }
        if (c.userMode() && !c.driver.has(ModuleOperation.SET_CONFIGURATION)) {
            return;
        }
        final long box = k.calls.hostboxAddress();
        final MemoryAccess access = k.memory.access();
        if (payload.length > 0) {
            access.putBytes(box, payload, 0, payload.length);
        }
        final MemoryView fragment = c.access(k.memory).view(box, payload.length);
        final int rc = k.calls.call(c, ModuleOperation.SET_CONFIGURATION, Calls.Window.HOSTBOX,
                () -> c.module.setConfiguration(paramId, pos, dataOffsetSize, fragment));
        if (rc != 0) {
            throw Kernel.fail(Kernel.statusOf(rc), "MOD_LARGE_CONFIG_SET " + c.name() + " param="
                    + paramId + " " + pos + " returned " + Errno.name(rc));
        }
    }

    byte[] getConfiguration(int componentId, int paramId) {
        final Component c = k.component(componentId);
        if (!c.driver.has(ModuleOperation.GET_CONFIGURATION)) {
            throw Kernel.fail(Ipc4Status.FAILURE, "MOD_LARGE_CONFIG_GET " + c.name()
                    + " has no get_configuration (-EIO)");
        }
        final MemoryAccess access = k.memory.access();
        final MemoryView reply = c.access(k.memory).view(k.calls.replyAddress(),
                k.calls.replySize());
        final int rc = k.calls.call(c, ModuleOperation.GET_CONFIGURATION,
                Calls.Window.HOSTBOX_AND_REPLY, () -> c.module.getConfiguration(paramId, reply));
        if (rc < 0) {
            throw Kernel.fail(Kernel.statusOf(rc), "MOD_LARGE_CONFIG_GET " + c.name()
                    + " param=" + paramId + " returned " + Errno.name(rc));
        }
        final int n = (int) Math.min(rc, k.calls.replySize());
        final byte[] out = new byte[n];
        access.getBytes(k.calls.replyAddress(), out, 0, n);
        return out;
    }
}
