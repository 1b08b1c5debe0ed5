package org.sofj.runtime.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleIds;
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
import org.sofj.runtime.ipc.SetPipelineState;
import org.sofj.runtime.ipc.UnloadLibrary;

/**
 * Turns IPC4 frames into kernel requests and kernel outcomes into replies: a malformed frame gets
 * the codec's status and changes nothing; a failed request gets its flow's status. Runs on the
 * IPC thread.
 */
final class IpcDispatcher {
    private final Kernel k;
    private final Ipc4Codec codec;
    /** What the host has "DMA'd": library files staged by DMA channel. */
    private final Map<Integer, Path> staged = new ConcurrentHashMap<>();

    IpcDispatcher(Kernel kernel, int hostboxSize) {
        this.k = kernel;
        this.codec = Ipc4Codec.withHostboxSize(hostboxSize);
    }

    void stage(int dmaId, Path file) {
        staged.put(dmaId, file);
    }

    Ipc4Frame handle(Ipc4Frame request) {
        final Ipc4Message message;
        try {
            message = codec.decode(request);
        } catch (IpcException e) {
            return reply(request, e.status());
        }
        try {
            if (message instanceof ModLargeConfigGet) {
                final ModLargeConfigGet g = (ModLargeConfigGet) message;
                final byte[] data = k.getConfiguration(
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
            k.loadLibrary(l.libId(), file);
        } else if (m instanceof UnloadLibrary) {
            final int libId = ((UnloadLibrary) m).libId();
            final int rc = k.unloadLibrary(libId);
            if (rc == -Errno.ENOENT) {
                throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, "UNLOAD_LIBRARY lib_id="
                        + libId + ": nothing is loaded there");
            } else if (rc != 0) {
                throw new IpcException(Ipc4Status.INVALID_RESOURCE_STATE, "UNLOAD_LIBRARY lib_id="
                        + libId + ": " + Errno.name(rc) + " (an instance of it lives)");
            }
        } else if (m instanceof CreatePipeline) {
            final CreatePipeline c = (CreatePipeline) m;
            k.createPipeline(c.pipelineId(), c.core());
        } else if (m instanceof SetPipelineState) {
            final SetPipelineState s = (SetPipelineState) m;
            // multi_ppl: each pipeline in the payload's order, stopping at the first failure
            // (SOF's ipc4_set_pipeline_state returns that pipeline's error too); all of them
            // change between two ticks, which is what sync_stop_start asks for
            for (int id : s.pipelineIds()) {
                k.setPipelineState(id, s.state());
            }
        } else if (m instanceof DeletePipeline) {
            k.deletePipeline(((DeletePipeline) m).pipelineId());
        } else if (m instanceof ModInitInstance) {
            final ModInitInstance i = (ModInitInstance) m;
            k.initInstance(new InstanceSpec(i.moduleId(), i.instanceId(), i.core(),
                    i.pipelineId(), i.domain(), i.baseConfig(), i.initData(),
                    i.dpData().map(d -> (long) d.heapBytes()).orElse(0L),
                    i.dpData().map(d -> (long) d.stackBytes()).orElse(0L)));
        } else if (m instanceof ModBind) {
            final ModBind b = (ModBind) m;
            k.bind(ModuleIds.componentId(b.srcInstanceId(), b.srcModuleId()), b.srcQueue(),
                    ModuleIds.componentId(b.dstInstanceId(), b.dstModuleId()), b.dstQueue());
        } else if (m instanceof ModUnbind) {
            final ModUnbind b = (ModUnbind) m;
            k.unbind(ModuleIds.componentId(b.srcInstanceId(), b.srcModuleId()), b.srcQueue(),
                    ModuleIds.componentId(b.dstInstanceId(), b.dstModuleId()), b.dstQueue());
        } else if (m instanceof ModLargeConfigSet) {
            final ModLargeConfigSet s = (ModLargeConfigSet) m;
            k.setConfigurationFragment(ModuleIds.componentId(s.instanceId(), s.moduleId()),
                    s.largeParamId(), s.fragment(), s.dataOffsetSize(), s.payload());
        } else if (m instanceof ModDeleteInstance) {
            final ModDeleteInstance d = (ModDeleteInstance) m;
            k.deleteInstance(ModuleIds.componentId(d.instanceId(), d.moduleId()));
        } else {
            throw new IpcException(Ipc4Status.UNKNOWN_MESSAGE_TYPE, "message " + m
                    + " is not handled");
        }
    }
}
