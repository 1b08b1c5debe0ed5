package org.sofj.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ModuleIds;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.CreatePipeline;
import org.sofj.runtime.ipc.DeletePipeline;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.Ipc4Message;
import org.sofj.runtime.ipc.Ipc4Reply;
import org.sofj.runtime.ipc.LoadLibrary;
import org.sofj.runtime.ipc.ModBind;
import org.sofj.runtime.ipc.ModDeleteInstance;
import org.sofj.runtime.ipc.ModInitInstance;
import org.sofj.runtime.ipc.ModLargeConfigGet;
import org.sofj.runtime.ipc.ModLargeConfigSet;
import org.sofj.runtime.ipc.ModUnbind;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.SetPipelineState;
import org.sofj.runtime.ipc.UnloadLibrary;

/**
 * The one dispatch path of the kernel: every request, a typed call of the facade or a raw
 * IPC4 frame, reaches the same method here, which validates it, opens the tick boundary it needs
 * and hands it to the service that applies it (docs/kernel.md). A frame is decoded first: a
 * malformed one gets the codec's status and changes nothing; a failed request gets its flow's
 * status as the reply, and the same {@link IpcException} on the typed path. Runs on the IPC
 * thread, which owns the kernel's tables; only {@link #stage} is called from other threads.
 */
final class IpcDispatcher {
    private final KernelState k;
    private final Drivers drivers;
    private final Instances instances;
    private final Binder binder;
    private final Pipelines pipelines;
    private final Configs configs;
    private final Ipc4Codec codec;
    /** What the host has "DMA'd": library files staged by DMA channel. */
    private final Map<Integer, Path> staged = new ConcurrentHashMap<>();

    /** @param state the kernel's state; the services are made over it here */
    IpcDispatcher(KernelState state) {
        this.k = state;
        final Calls calls = new Calls(state);
        final DpTasks dpTasks = new DpTasks(state);
        this.drivers = new Drivers(state);
        this.binder = new Binder(state, calls);
        this.instances = new Instances(state, calls, drivers, binder, dpTasks);
        this.pipelines = new Pipelines(state, calls, instances, dpTasks);
        this.configs = new Configs(state, calls);
        this.codec = Ipc4Codec.withHostboxSize((int) calls.hostboxSize());
    }

    /** Registers the built-in module types (library 0): the IPC thread's first request. */
    void registerBuiltIns() {
        drivers.registerBuiltIns(k.options().builtIns());
    }

    void stage(int dmaId, Path file) {
        staged.put(dmaId, file);
    }

    Ipc4Frame handle(Ipc4Frame request) {
        final Ipc4Message message;
        try {
            message = codec.decode(request);
        } catch (IpcException e) {
            return reply(request, lookupFirst(request, e.status()));
        }
        try {
            if (message instanceof ModLargeConfigGet) {
                final ModLargeConfigGet g = (ModLargeConfigGet) message;
                final byte[] data = getConfiguration(
                        ModuleIds.componentId(g.instanceId(), g.moduleId()), g.largeParamId());
                return Ipc4Reply.to(request, Ipc4Status.SUCCESS,
                        ModLargeConfigGet.replyExtension(request.extension(), data.length), data)
                        .toFrame();
            }
            apply(message);
            return reply(request, Ipc4Status.SUCCESS);
        } catch (IpcException e) {
            return reply(request, e.status());
        }
    }

    /**
     * SOF's {@code ipc4_set_pipeline_state} looks every pipeline up before
     * {@code ipc4_pipeline_prepare} reads the command: a SET_PIPELINE_STATE (either form) whose
     * ppl_state the codec refused (INVALID_REQUEST, SOF's answer for a command it does not know)
     * is answered INVALID_RESOURCE_ID when one of its ids names no pipeline.
     */
    private int lookupFirst(Ipc4Frame request, int status) {
        if (status != Ipc4Status.INVALID_REQUEST) {
            return status;
        }
        for (int id : SetPipelineState.requestedPipelineIds(request)) {
            if (!k.pipelines.containsKey(id)) {
                return Ipc4Status.INVALID_RESOURCE_ID;
            }
        }
        return status;
    }

    /** A reply to any frame, even one that wrongly had the reply bit set already. */
    private static Ipc4Frame reply(Ipc4Frame request, int status) {
        if ((request.primary() & RSP) != 0) {
            // reserved bit 31 is never echoed: SOF builds the reply header from rsp, msg_tgt,
            // type and status only (ipc_cmd in handler-kernel.c)
            return new Ipc4Frame((request.primary() & ~0xFFFFFF & ~(1 << 31)) | status,
                    request.extension());
        }
        return Ipc4Reply.to(request, status).toFrame();
    }

    private static final int RSP = 1 << 29;

    private void apply(Ipc4Message m) {
        if (m instanceof LoadLibrary) {
            final LoadLibrary l = (LoadLibrary) m;
            if (l.prepare()) {
                // SOF's lib_manager_load_library: PREPARE only sets up the DMA channel and
                // returns; the LOAD_LIBRARY that follows (hda-loader.c) loads
                return;
            }
            final Path file = staged.get(l.dmaId());
            if (file == null) {
                throw new IpcException(Ipc4Status.FAILURE, "LOAD_LIBRARY dma_id=" + l.dmaId()
                        + ": nothing staged on that channel (-ENODEV)");
            }
            loadLibrary(l.libId(), file);
        } else if (m instanceof UnloadLibrary) {
            final int libId = ((UnloadLibrary) m).libId();
            final int rc = unloadLibrary(libId);
            if (rc == -Errno.ENOENT) {
                throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, "UNLOAD_LIBRARY lib_id="
                        + libId + ": nothing is loaded there");
            } else if (rc != 0) {
                throw new IpcException(Ipc4Status.INVALID_RESOURCE_STATE, "UNLOAD_LIBRARY lib_id="
                        + libId + ": " + Errno.name(rc) + " (an instance of it lives)");
            }
        } else if (m instanceof CreatePipeline) {
            final CreatePipeline c = (CreatePipeline) m;
            createPipeline(c.pipelineId(), c.core());
        } else if (m instanceof SetPipelineState) {
            final SetPipelineState s = (SetPipelineState) m;
            // multi_ppl: SOF's ipc4_set_pipeline_state, every pipeline prepared, then every one
            // triggered, in one tick boundary, so all of them change between the same two ticks
            // (what sync_stop_start asks for)
            setPipelineStates(s.pipelineIds().stream().mapToInt(Integer::intValue).toArray(),
                    s.state());
        } else if (m instanceof DeletePipeline) {
            deletePipeline(((DeletePipeline) m).pipelineId());
        } else if (m instanceof ModInitInstance) {
            final ModInitInstance i = (ModInitInstance) m;
            initInstance(new InstanceSpec(i.moduleId(), i.instanceId(), i.core(),
                    i.pipelineId(), i.domain(), i.baseConfig(), i.initData(),
                    i.dpData().map(d -> (long) d.heapBytes()).orElse(0L),
                    i.dpData().map(d -> (long) d.stackBytes()).orElse(0L)));
        } else if (m instanceof ModBind) {
            final ModBind b = (ModBind) m;
            bind(ModuleIds.componentId(b.srcInstanceId(), b.srcModuleId()), b.srcQueue(),
                    ModuleIds.componentId(b.dstInstanceId(), b.dstModuleId()), b.dstQueue());
        } else if (m instanceof ModUnbind) {
            final ModUnbind b = (ModUnbind) m;
            unbind(ModuleIds.componentId(b.srcInstanceId(), b.srcModuleId()), b.srcQueue(),
                    ModuleIds.componentId(b.dstInstanceId(), b.dstModuleId()), b.dstQueue());
        } else if (m instanceof ModLargeConfigSet) {
            final ModLargeConfigSet s = (ModLargeConfigSet) m;
            setConfigurationFragment(ModuleIds.componentId(s.instanceId(), s.moduleId()),
                    s.largeParamId(), s.fragment(), s.dataOffsetSize(), s.payload());
        } else if (m instanceof ModDeleteInstance) {
            final ModDeleteInstance d = (ModDeleteInstance) m;
            deleteInstance(ModuleIds.componentId(d.instanceId(), d.moduleId()));
        } else {
            throw new IpcException(Ipc4Status.UNKNOWN_MESSAGE_TYPE, "message " + m
                    + " is not handled");
        }
    }

    // The requests, typed: the facade's calls and the frames decoded above both come here.

    List<String> loadLibrary(int libId, Path file) {
        return drivers.loadLibrary(libId, file);
    }

    int unloadLibrary(int libId) {
        return drivers.unloadLibrary(libId);
    }

    int moduleId(int libId, String name) {
        return drivers.moduleId(libId, name);
    }

    ModuleDescription moduleDescription(int moduleId) {
        return drivers.description(moduleId);
    }

    void createPipeline(int pipelineId, int core) {
        change(() -> {
            pipelines.create(pipelineId, core);
            return null;
        });
    }

    int initInstance(InstanceSpec spec) {
        return instances.init(spec);
    }

    void bind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        change(() -> {
            binder.bind(srcComponentId, srcQueue, dstComponentId, dstQueue);
            return null;
        });
    }

    void unbind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        change(() -> {
            binder.unbind(srcComponentId, srcQueue, dstComponentId, dstQueue);
            return null;
        });
    }

    void setPipelineState(int pipelineId, PipelineState state) {
        setPipelineStates(new int[] {pipelineId}, state);
    }

    /** One request for several pipelines: SOF's order (prepare all, then trigger all). */
    void setPipelineStates(int[] pipelineIds, PipelineState state) {
        change(() -> {
            pipelines.setStates(pipelineIds, state);
            return null;
        });
    }

    /** The whole blob, in hostbox-sized fragments, inside one boundary of the instance. */
    void setConfiguration(int componentId, int paramId, byte[] blob) {
        within(TickBoundary.of(k, k.component(componentId)), () -> {
            configs.setConfiguration(componentId, paramId, blob);
            return null;
        });
    }

    /** One fragment of {@code MOD_LARGE_CONFIG_SET}, as a raw IPC4 frame carries it. */
    void setConfigurationFragment(int componentId, int paramId, org.sofj.api.ConfigFragment pos,
            int dataOffsetSize, byte[] payload) {
        within(TickBoundary.of(k, k.component(componentId)), () -> {
            configs.setFragment(componentId, paramId, pos, dataOffsetSize, payload);
            return null;
        });
    }

    byte[] getConfiguration(int componentId, int paramId) {
        return within(TickBoundary.of(k, k.component(componentId)),
                () -> configs.getConfiguration(componentId, paramId));
    }

    void deleteInstance(int componentId) {
        change(() -> {
            instances.delete(componentId);
            return null;
        });
    }

    void deletePipeline(int pipelineId) {
        change(() -> {
            pipelines.deleteWithInstances(pipelineId);
            return null;
        });
    }

    InstanceReport report(int componentId) {
        return k.reports.report(k.component(componentId));
    }

    List<Integer> instances() {
        return List.copyOf(k.components.keySet());
    }

    /** Frees every instance and pipeline: the runtime closes. */
    void deleteAll() {
        change(() -> {
            pipelines.deleteAll();
            return null;
        });
    }

    /**
     * Applies a request that changes what ticks and DP runs use inside a {@link TickBoundary}
     * over every core and DP instance.
     */
    private <T> T change(Supplier<T> request) {
        return within(TickBoundary.all(k), request);
    }

    private static <T> T within(TickBoundary boundary, Supplier<T> request) {
        try {
            return request.get();
        } finally {
            boundary.close();
        }
    }
}
