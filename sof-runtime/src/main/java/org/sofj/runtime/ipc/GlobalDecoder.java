package org.sofj.runtime.ipc;

import static org.sofj.runtime.ipc.Ipc4Codec.invalidParam;
import static org.sofj.runtime.ipc.Ipc4Codec.requireNoPayload;
import static org.sofj.runtime.ipc.Ipc4Codec.requireZero;
import static org.sofj.runtime.ipc.Ipc4Header.bits;

import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;

/** Decodes {@code msg_tgt = FW_GEN} frames; the bit tables are on the message records. */
final class GlobalDecoder {
    private GlobalDecoder() {
    }

    static Ipc4Message decode(Ipc4Frame frame) {
        final int type = Ipc4Codec.type(frame.primary());
        switch (type) {
            case Ipc4Header.GLB_LOAD_LIBRARY:
            case Ipc4Header.GLB_LOAD_LIBRARY_PREPARE:
                return loadLibrary(frame, type == Ipc4Header.GLB_LOAD_LIBRARY_PREPARE);
            case Ipc4Header.GLB_CREATE_PIPELINE:
                return createPipeline(frame);
            case Ipc4Header.GLB_DELETE_PIPELINE:
                return deletePipeline(frame);
            case Ipc4Header.GLB_SET_PIPELINE_STATE:
                return setPipelineState(frame);
            default:
                throw unknown(type);
        }
    }

    private static IpcException unknown(int type) {
        final String module = ModuleDecoder.typeName(type);
        final String hint = module == null ? "" : "; " + module
                + " is a module message and needs msg_tgt=1 (MODULE)";
        return new IpcException(Ipc4Status.UNKNOWN_MESSAGE_TYPE, "type=" + type
                + " with msg_tgt=0 (FW_GEN) is not a global message sofj supports" + hint);
    }

    /** @return the name of a global type sofj decodes, or null */
    static String typeName(int type) {
        switch (type) {
            case Ipc4Header.GLB_CREATE_PIPELINE: return "CREATE_PIPELINE";
            case Ipc4Header.GLB_DELETE_PIPELINE: return "DELETE_PIPELINE";
            case Ipc4Header.GLB_SET_PIPELINE_STATE: return "SET_PIPELINE_STATE";
            case Ipc4Header.GLB_LOAD_LIBRARY: return "LOAD_LIBRARY";
            case Ipc4Header.GLB_LOAD_LIBRARY_PREPARE: return "LOAD_LIBRARY_PREPARE";
            default: return null;
        }
    }

    private static LoadLibrary loadLibrary(Ipc4Frame frame, boolean prepare) {
        final String name = prepare ? "LOAD_LIBRARY_PREPARE" : "LOAD_LIBRARY";
        final int primary = frame.primary();
        requireNoPayload(name, frame);
        requireZero(name, "rsvd0", bits(primary, 5, 11));
        requireZero(name, "rsvd1", bits(primary, 20, 4));
        final int libId = bits(primary, 16, 4);
        if (libId == 0) {
            throw invalidParam(name + " lib_id=0 must be in [1, "
                    + (Ipc4Header.MAX_LIBRARIES - 1) + "]; 0 is the base firmware");
        }
        return new LoadLibrary(libId, bits(primary, 0, 5), bits(frame.extension(), 0, 30),
                prepare);
    }

    private static CreatePipeline createPipeline(Ipc4Frame frame) {
        final String name = "CREATE_PIPELINE";
        final int primary = frame.primary();
        final int extension = frame.extension();
        requireNoPayload(name, frame);
        requireZero(name, "rsvd1", bits(extension, 1, 3));
        requireZero(name, "rsvd2", bits(extension, 24, 5));
        if (bits(extension, 29, 1) != 0) {
            throw invalidParam(name + " payload=1: the pipeline extended payload is not "
                    + "supported");
        }
        final int id = bits(primary, 16, 8);
        if (id == Ipc4Header.INVALID_PIPELINE_ID) {
            throw invalidParam(name + " instance_id=" + id
                    + " is reserved (IPC4_INVALID_PIPELINE_ID)");
        }
        final int priority = bits(primary, 11, 5);
        if (priority > CreatePipeline.MAX_PRIORITY) {
            throw invalidParam(name + " ppl_priority=" + priority + " must be in [0, "
                    + CreatePipeline.MAX_PRIORITY + "]");
        }
        return new CreatePipeline(id, priority, bits(primary, 0, 11), (extension & 1) != 0,
                bits(extension, 4, 16), bits(extension, 20, 4));
    }

    private static DeletePipeline deletePipeline(Ipc4Frame frame) {
        final String name = "DELETE_PIPELINE";
        requireNoPayload(name, frame);
        requireZero(name, "rsvd0", bits(frame.primary(), 0, 16));
        requireZero(name, "extension", frame.extension());
        return new DeletePipeline(existingPipeline(name, "instance_id", frame.primary()));
    }

    private static SetPipelineState setPipelineState(Ipc4Frame frame) {
        final String name = "SET_PIPELINE_STATE";
        final int extension = frame.extension();
        requireNoPayload(name, frame);
        if ((extension & 1) != 0) {
            throw invalidParam(name + " multi_ppl=1 is not supported; send one message per "
                    + "pipeline");
        }
        if ((extension & 2) != 0) {
            throw invalidParam(name + " sync_stop_start=1 needs multi_ppl, which is not "
                    + "supported");
        }
        requireZero(name, "rsvd1", bits(extension, 2, 28));
        final int id = existingPipeline(name, "ppl_id", frame.primary());
        final int code = bits(frame.primary(), 0, 16);
        final PipelineState state = PipelineState.ofCode(code).orElseThrow(() ->
                new IpcException(Ipc4Status.INVALID_REQUEST, name + " ppl_state=" + code
                        + " is not a pipeline state"));
        return new SetPipelineState(id, state);
    }

    private static int existingPipeline(String name, String field, int primary) {
        final int id = bits(primary, 16, 8);
        if (id == Ipc4Header.INVALID_PIPELINE_ID) {
            throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, name + " " + field + "=" + id
                    + " (IPC4_INVALID_PIPELINE_ID) names no pipeline");
        }
        return id;
    }
}
