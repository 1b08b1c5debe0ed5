package org.sofj.runtime.ipc;

import static org.sofj.runtime.ipc.Ipc4Codec.invalidParam;
import static org.sofj.runtime.ipc.Ipc4Codec.requireNoPayload;
import static org.sofj.runtime.ipc.Ipc4Codec.requireZero;
import static org.sofj.runtime.ipc.Ipc4Header.bits;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

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
            case Ipc4Header.GLB_UNLOAD_LIBRARY:
                return unloadLibrary(frame);
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

    /** {@return the name of a global type sofj decodes, or null} */
    static String typeName(int type) {
        switch (type) {
            case Ipc4Header.GLB_CREATE_PIPELINE: return "CREATE_PIPELINE";
            case Ipc4Header.GLB_DELETE_PIPELINE: return "DELETE_PIPELINE";
            case Ipc4Header.GLB_SET_PIPELINE_STATE: return "SET_PIPELINE_STATE";
            case Ipc4Header.GLB_LOAD_LIBRARY: return "LOAD_LIBRARY";
            case Ipc4Header.GLB_LOAD_LIBRARY_PREPARE: return "LOAD_LIBRARY_PREPARE";
            case Ipc4Header.GLB_UNLOAD_LIBRARY: return "UNLOAD_LIBRARY";
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
        if (libId == 0 && !prepare) {
            throw invalidParam(name + " lib_id=0 must be in [1, "
                    + (Ipc4Header.MAX_LIBRARIES - 1) + "]; 0 is the base firmware");
        }
        return new LoadLibrary(libId, bits(primary, 0, 5), bits(frame.extension(), 0, 30),
                prepare);
    }

    private static UnloadLibrary unloadLibrary(Ipc4Frame frame) {
        final String name = "UNLOAD_LIBRARY";
        final int primary = frame.primary();
        requireNoPayload(name, frame);
        requireZero(name, "rsvd0", bits(primary, 0, 16));
        requireZero(name, "rsvd1", bits(primary, 20, 4));
        requireZero(name, "extension", frame.extension());
        final int libId = bits(primary, 16, 4);
        if (libId == 0) {
            throw invalidParam(name + " lib_id=0 must be in [1, "
                    + (Ipc4Header.MAX_LIBRARIES - 1) + "]; 0 is the base firmware");
        }
        return new UnloadLibrary(libId);
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
        final boolean multi = (extension & 1) != 0;
        final boolean sync = (extension & 2) != 0;
        requireZero(name, "rsvd1", bits(extension, 2, 28));
        // SOF's order (ipc4_set_pipeline_state): the ids first (ipc4_pipeline_id_get: a payload
        // that does not fit is INVALID_PARAM; an id that names no pipeline INVALID_RESOURCE_ID),
        // then the command, which only ipc4_pipeline_prepare reads (unknown: INVALID_REQUEST)
        final List<Integer> ids;
        if (!multi) {
            requireNoPayload(name, frame);
            if (sync) {
                throw invalidParam(name + " sync_stop_start=1 needs multi_ppl=1");
            }
            ids = List.of(existingPipeline(name, "ppl_id", frame.primary()));
        } else {
            ids = pipelineList(name, frame);
        }
        final int code = bits(frame.primary(), 0, 16);
        final PipelineState state = PipelineState.ofCode(code).orElseThrow(() ->
                new IpcException(Ipc4Status.INVALID_REQUEST, name + " ppl_state=" + code
                        + " is not a pipeline state"));
        return new SetPipelineState(ids, state, sync);
    }

    /**
     * The pipeline ids a SET_PIPELINE_STATE frame names, read as {@link #setPipelineState} reads
     * them (SOF's {@code ipc4_pipeline_id_get}), whatever its {@code ppl_state}.
     *
     * @return the ids, or an empty list if the frame is not a SET_PIPELINE_STATE request or its
     *     ids do not decode
     */
    static List<Integer> requestedPipelineIds(Ipc4Frame frame) {
        final int primary = frame.primary();
        if (Ipc4Header.isModuleTarget(primary)
                || Ipc4Header.type(primary) != Ipc4Header.GLB_SET_PIPELINE_STATE) {
            return List.of();
        }
        try {
            return (frame.extension() & 1) == 0 ? List.of(bits(primary, 16, 8))
                    : pipelineList("SET_PIPELINE_STATE", frame);
        } catch (IpcException e) {
            return List.of();
        }
    }

    /**
     * {@code struct ipc4_pipeline_set_state_data}: {@code u32 pipelines_count; u32 ppl_id[]}.
     * The primary's {@code ppl_id} is not read, as in SOF's {@code ipc4_pipeline_id_get}.
     */
    private static List<Integer> pipelineList(String name, Ipc4Frame frame) {
        final int length = frame.payloadLength();
        if (length < Integer.BYTES) {
            throw invalidParam(name + " multi_ppl=1 payload.length=" + length
                    + " must hold pipelines_count (4 bytes)");
        }
        final ByteBuffer b = ByteBuffer.wrap(frame.payload()).order(ByteOrder.LITTLE_ENDIAN);
        final long count = b.getInt(0) & 0xFFFF_FFFFL;
        final long max = (Ipc4Header.MAX_MESSAGE_SIZE - Integer.BYTES) / Integer.BYTES;
        if (count < 1 || count > max || length != Integer.BYTES * (count + 1)) {
            throw invalidParam(name + " multi_ppl=1 pipelines_count=" + count + " with "
                    + "payload.length=" + length + ": need 1.." + max + " ids and a payload of "
                    + "4 + 4 * pipelines_count bytes");
        }
        final List<Integer> ids = new ArrayList<>((int) count);
        for (int i = 1; i <= count; i++) {
            final int id = b.getInt(Integer.BYTES * i);
            if (id < 0 || id >= Ipc4Header.INVALID_PIPELINE_ID) {
                throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, name + " ppl_id["
                        + (i - 1) + "]=" + Integer.toUnsignedString(id) + " names no pipeline");
            }
            ids.add(id);
        }
        return ids;
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
