package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;
import static org.sofj.runtime.internal.KernelState.statusOf;

import java.util.ArrayList;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.TriggerCommand;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.runtime.ipc.PipelineState;

/**
 * Pipelines and their states (spec 4.8, 4.12): create and delete, and SOF's state table with
 * prepare (and its DP tasks), trigger gating and reset. IPC thread only, inside a tick boundary.
 */
final class Pipelines {
    /** {@code IPC4_MAX_PPL_COUNT}-style bound: 255 is the invalid pipeline id on every path. */
    static final int MAX_PIPELINE_ID = 255;

    private final KernelState k;
    private final Calls calls;
    private final Instances instances;
    private final DpTasks dpTasks;

    Pipelines(KernelState state, Calls calls, Instances instances, DpTasks dpTasks) {
        this.k = state;
        this.calls = calls;
        this.instances = instances;
        this.dpTasks = dpTasks;
    }

    void create(int id, int core) {
        if (id < 0 || id >= MAX_PIPELINE_ID) {
            throw fail(Ipc4Status.INVALID_PARAM, "CREATE_PIPELINE pipeline_id=" + id
                    + " must be in [0, " + (MAX_PIPELINE_ID - 1) + "] (255 is invalid)");
        }
        if (core < 0 || core >= k.options().cores()) {
            // SOF's ipc_pipeline_new (src/ipc/ipc4/helper.c): core_id >= CONFIG_CORE_COUNT
            throw fail(Ipc4Status.INVALID_CORE_ID, "CREATE_PIPELINE core=" + core
                    + " but cores=" + k.options().cores());
        }
        if (k.pipelines.containsKey(id)) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "CREATE_PIPELINE pipeline_id="
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
            throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "DELETE_PIPELINE pipeline_id="
                    + id + " still has " + p.components.size() + " instances");
        }
        k.scheduler.removeLlTask(p.task);
        k.pipelines.remove(id);
    }

    /**
     * {@code DELETE_PIPELINE}: every instance must be READY; then they are freed, as SOF's
     * {@code ipc_pipeline_module_free} does, and the pipeline with them.
     */
    void deleteWithInstances(int id) {
        final Pipeline p = k.pipelines.get(id);
        if (p != null) {
            for (Component c : p.components) {
                if (c.state != Component.State.READY) {
                    throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "DELETE_PIPELINE "
                            + "pipeline_id=" + id + ": " + c.name() + " is " + c.state
                            + "; RESET the pipeline first (nothing was freed)");
                }
            }
            for (Component c : new ArrayList<>(p.components)) {
                instances.delete(c); // as SOF's ipc_pipeline_module_free
            }
        }
        delete(id);
    }

    /** Frees every instance and pipeline, whatever their states: the runtime closes. */
    void deleteAll() {
        for (Component c : new ArrayList<>(k.components.values())) {
            instances.delete(c);
        }
        for (Pipeline p : new ArrayList<>(k.pipelines.values())) {
            delete(p.id);
        }
    }

    private Pipeline pipeline(int id) {
        final Pipeline p = k.pipelines.get(id);
        if (p == null) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "pipeline_id=" + id
                    + " does not exist");
        }
        return p;
    }

    /**
     * {@code SET_PIPELINE_STATE} for one or more pipelines, in SOF's order
     * ({@code ipc4_set_pipeline_state}, {@code src/ipc/ipc4/handler-user.c}): every id is looked up
     * first (a missing one answers {@code INVALID_RESOURCE_ID} and changes nothing), then the
     * prepare phase ({@code ipc4_pipeline_prepare}) runs on every pipeline in the request's order,
     * then the trigger phase ({@code ipc4_pipeline_trigger}) on every pipeline in the same order.
     * The first failure is answered at once: the pipelines before it keep what the phases did to
     * them (prepared, or started), the pipelines after it keep what the prepare phase did; the
     * failing pipeline itself is left as the single-pipeline rules leave it.
     * docs/pipeline-states.md has the table and the citations.
     *
     * @param ids pipeline ids in the order the request names them (one for the single form)
     * @param cmd the requested state
     */
    void setStates(int[] ids, PipelineState cmd) {
        final Pipeline[] ps = new Pipeline[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ps[i] = pipeline(ids[i]);
        }
        for (Pipeline p : ps) {
            prepare(p, cmd, what(p, cmd, ps.length));
        }
        for (Pipeline p : ps) {
            trigger(p, cmd, what(p, cmd, ps.length));
        }
    }

    private static String what(Pipeline p, PipelineState cmd, int count) {
        return "SET_PIPELINE_STATE pipeline_id=" + p.id + " state=" + cmd
                + (count > 1 ? " (one of " + count + " pipelines)" : "");
    }

    /**
     * SOF's {@code ipc4_pipeline_prepare}: refuses what the status does not allow, completes a new
     * pipeline (INIT to READY for RESET and PAUSED), prepares a READY pipeline's instances for
     * RUNNING (status PREPARE, as {@code pipeline_prepare} sets it in {@code pipeline-params.c}),
     * marks EOS. Any command but EOS clears "expecting EOS" once it passes this phase.
     */
    private void prepare(Pipeline p, PipelineState cmd, String what) {
        switch (cmd) {
            case RUNNING:
                if (p.expectEos) {
                    throw fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline expects "
                            + "EOS; RESET or PAUSE it first");
                }
                if (p.status == Pipeline.Status.READY) {
                    prepareAll(p, what);
                    p.status = Pipeline.Status.PREPARE;
                } else if (p.status == Pipeline.Status.INIT) {
                    throw fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline was never "
                            + "completed; send RESET or PAUSED first");
                } else if (p.status == Pipeline.Status.PREPARE) {
                    throw fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline is "
                            + "PREPARE (left by a multi-pipeline request that failed); RESET it "
                            + "first");
                }
                break;
            case RESET:
                if (p.status == Pipeline.Status.INIT) {
                    p.status = Pipeline.Status.READY;
                }
                break;
            case PAUSED:
                if (p.status == Pipeline.Status.INIT) {
                    p.status = Pipeline.Status.READY;
                } else if (p.status == Pipeline.Status.PREPARE) {
                    throw fail(Ipc4Status.INVALID_REQUEST, what + ": the pipeline is "
                            + "PREPARE, never started, so it cannot pause; RESET it first");
                }
                break;
            case EOS:
                if (p.status != Pipeline.Status.ACTIVE) {
                    throw fail(Ipc4Status.INVALID_REQUEST, what + ": EOS needs a running "
                            + "pipeline, not " + p.status);
                }
                p.expectEos = true;
                return;
            default:
                throw fail(Ipc4Status.INVALID_REQUEST, what + " is not supported: RESET, "
                        + "PAUSED, RUNNING or EOS");
        }
        p.expectEos = false;
    }

    /**
     * SOF's {@code ipc4_pipeline_trigger}: start a prepared pipeline (or release a paused one),
     * pause an active one, stop and reset an active, paused or prepared one; everything else is a
     * no-op here (EOS was handled by the prepare phase).
     */
    private void trigger(Pipeline p, PipelineState cmd, String what) {
        final Pipeline.Status status = p.status;
        switch (cmd) {
            case RUNNING:
                if (status == Pipeline.Status.PREPARE) { // the prepare phase made it so
                    startAll(p, what, false);
                } else if (status == Pipeline.Status.PAUSED) {
                    startAll(p, what, true);
                }
                break;
            case RESET:
                if (status == Pipeline.Status.ACTIVE || status == Pipeline.Status.PAUSED
                        || status == Pipeline.Status.PREPARE) {
                    resetAll(p, what);
                }
                break;
            case PAUSED:
                if (status == Pipeline.Status.ACTIVE) {
                    pauseAll(p, what);
                }
                break;
            default:
                break;
        }
    }

    /** {@code pipeline_prepare}: every READY instance; on failure the pipeline is reset. */
    private void prepareAll(Pipeline p, String what) {
        for (Component c : p.order) {
            if (c.state != Component.State.READY) {
                continue;
            }
            final int rc = call(c, ModuleOperation.PREPARE,
                    () -> c.module.prepare(c.moduleSources(), c.moduleSinks()));
            IpcException failed = rc != 0 ? fail(Ipc4Status.INVALID_REQUEST, what + ": "
                    + c.name() + " prepare returned " + Errno.name(rc)) : null;
            if (failed == null && c.dp() && c.dpTask == null) {
                try {
                    dpTasks.createDpTask(c);
                } catch (IpcException e) {
                    // a refused DP period answers INVALID_REQUEST (DpTasks.createDpTask); a DP
                    // thread whose stack cannot be had stays OUT_OF_MEMORY (SOF makes the thread
                    // at init instead)
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
            throw fail(Ipc4Status.PIPELINE_STATE_NOT_SET, what + ": " + e.getMessage());
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
                    throw fail(Ipc4Status.PIPELINE_STATE_NOT_SET, what + ": "
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
                first = first == null ? fail(Ipc4Status.INVALID_REQUEST, what + ": "
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
        return calls.call(c, op, Calls.Window.NONE, body);
    }

    private static void check(Component c, String what, int rc) {
        if (rc != 0) {
            throw fail(statusOf(rc), c.name() + " " + what + " returned "
                    + Errno.name(rc));
        }
    }
}
