package org.sofj.runtime.ipc;

import static org.sofj.runtime.ipc.Ipc4Header.bits;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;

/**
 * Encodes {@link Ipc4Message}s to SOF's IPC4 wire format and decodes frames back, checking every
 * field. Immutable and thread-safe; the only parameter is the hostbox size.
 *
 * <p>{@link #decode(Ipc4Frame)} throws nothing but {@link IpcException} for a malformed frame,
 * with the status SOF would reply with and a message naming the field and its value:
 *
 * <table>
 * <caption>Statuses of malformed frames</caption>
 * <tr><th>Condition</th><th>Status</th><th>Why</th></tr>
 * <tr><td>payload over {@link Ipc4Header#MAX_MESSAGE_SIZE}</td><td>INVALID_PARAM</td>
 *     <td>cannot be an IPC4 message at all</td></tr>
 * <tr><td>reserved bits set (header bits 31 / 31..30, per-message {@code rsvd*} fields),
 *     a payload on a message that has none, unsupported flags (CREATE_PIPELINE
 *     {@code payload}), {@code sync_stop_start} without {@code multi_ppl}, a multi-pipeline
 *     payload whose {@code pipelines_count} does not match its length</td><td>INVALID_PARAM</td>
 *     <td>a bad parameter of the request</td></tr>
 * <tr><td>{@code rsp} set on a request</td><td>INVALID_REQUEST</td>
 *     <td>a reply is not a request the firmware can serve</td></tr>
 * <tr><td>a type sofj does not model, or a type of the other target (global vs module)</td>
 *     <td>UNKNOWN_MESSAGE_TYPE</td><td>{@code ipc_cmd}'s answer to an unknown message; SOF
 *     says {@code IPC4_UNAVAILABLE} for known-but-unimplemented global types, which sofj's
 *     {@code Ipc4Status} does not have</td></tr>
 * <tr><td>LOAD_LIBRARY {@code lib_id} 0 (PREPARE carries no lib_id and is not checked)</td>
 *     <td>INVALID_PARAM</td>
 *     <td>{@code lib_manager_load_library}'s {@code -EINVAL}</td></tr>
 * <tr><td>CREATE_PIPELINE {@code instance_id} 255, {@code ppl_priority} over 7</td>
 *     <td>INVALID_PARAM</td><td>255 is reserved ({@code IPC4_INVALID_PIPELINE_ID})</td></tr>
 * <tr><td>DELETE_PIPELINE / SET_PIPELINE_STATE pipeline 255</td><td>INVALID_RESOURCE_ID</td>
 *     <td>no pipeline can have that id; SOF's answer for a missing pipeline</td></tr>
 * <tr><td>SET_PIPELINE_STATE unknown {@code ppl_state} (checked after the ids, as SOF reads
 *     the command only in {@code ipc4_pipeline_prepare}; the dispatcher then answers
 *     INVALID_RESOURCE_ID if an id names no pipeline)</td><td>INVALID_REQUEST</td>
 *     <td>the default branch of SOF's pipeline state switch</td></tr>
 * <tr><td>INIT_INSTANCE: {@code param_block_size} over the hostbox or not the payload length,
 *     bad extended init, base config too short, unsupported audio format</td>
 *     <td>MOD_NOT_INITIALIZED</td><td>each makes {@code comp_new_ipc4} return NULL</td></tr>
 * <tr><td>LARGE_CONFIG_SET to module 0 (base firmware) with {@code instance_id} not 0</td>
 *     <td>INVALID_RESOURCE_ID</td><td>"BaseFW module has only 0th instance"</td></tr>
 * <tr><td>LARGE_CONFIG_SET fragment over the hostbox</td><td>INVALID_RESOURCE_ID</td>
 *     <td>{@code module_set_large_config}'s {@code -EINVAL}, which
 *     {@code ipc4_set_large_config_module_instance} turns into that status</td></tr>
 * <tr><td>LARGE_CONFIG_SET SINGLE payload not {@code data_off_size} bytes, FIRST payload over
 *     {@code data_off_size}; LARGE_CONFIG_GET with a payload</td><td>INVALID_PARAM</td>
 *     <td>the header contradicts the payload</td></tr>
 * </table>
 *
 * <p>{@link #encode(Ipc4Message)} cannot fail: the records validate themselves.
 */
public final class Ipc4Codec {
    /** The default hostbox size: {@code SOF_IPC_MSG_MAX_SIZE}, one 4 KiB page. */
    public static final int DEFAULT_HOSTBOX_SIZE = Ipc4Header.MAX_MESSAGE_SIZE;

    private static final Ipc4Codec STANDARD = new Ipc4Codec(DEFAULT_HOSTBOX_SIZE);

    private final int hostboxSize;

    private Ipc4Codec(int hostboxSize) {
        this.hostboxSize = hostboxSize;
    }

    /** {@return a codec with {@link #DEFAULT_HOSTBOX_SIZE}} */
    public static Ipc4Codec standard() {
        return STANDARD;
    }

    /**
     * A codec for a platform whose hostbox ({@code MAILBOX_HOSTBOX_SIZE}) is smaller than a
     * page.
     *
     * @param hostboxSize the hostbox size in bytes, 4..{@link Ipc4Header#MAX_MESSAGE_SIZE}, a
     *                    multiple of 4
     * @return the codec
     * @throws IllegalArgumentException naming the value if out of range
     */
    public static Ipc4Codec withHostboxSize(int hostboxSize) {
        Fields.check("hostboxSize", hostboxSize, Integer.BYTES, Ipc4Header.MAX_MESSAGE_SIZE);
        if (hostboxSize % Integer.BYTES != 0) {
            throw new IllegalArgumentException("hostboxSize=" + hostboxSize
                    + " must be a multiple of 4");
        }
        return new Ipc4Codec(hostboxSize);
    }

    /** {@return the hostbox size in bytes: the largest INIT_INSTANCE block or config fragment} */
    public int hostboxSize() {
        return hostboxSize;
    }

    /**
     * Encodes a message.
     *
     * @param message the message
     * @return its frame
     * @throws NullPointerException if {@code message} is null
     */
    public Ipc4Frame encode(Ipc4Message message) {
        if (message instanceof LoadLibrary m) {
            final int type = m.prepare() ? Ipc4Header.GLB_LOAD_LIBRARY_PREPARE
                    : Ipc4Header.GLB_LOAD_LIBRARY;
            return new Ipc4Frame(Ipc4Header.requestPrimary(false, type,
                    m.libId() << 16 | m.dmaId()), m.loadOffset());
        } else if (message instanceof UnloadLibrary m) {
            return new Ipc4Frame(Ipc4Header.requestPrimary(false, Ipc4Header.GLB_UNLOAD_LIBRARY,
                    m.libId() << 16), 0);
        } else if (message instanceof CreatePipeline m) {
            return new Ipc4Frame(Ipc4Header.requestPrimary(false, Ipc4Header.GLB_CREATE_PIPELINE,
                    m.pipelineId() << 16 | m.priority() << 11 | m.memoryPages()),
                    m.core() << 20 | m.attributes() << 4 | (m.lowPower() ? 1 : 0));
        } else if (message instanceof SetPipelineState m) {
            if (!m.multi()) {
                return new Ipc4Frame(Ipc4Header.requestPrimary(false,
                        Ipc4Header.GLB_SET_PIPELINE_STATE,
                        m.pipelineId() << 16 | m.state().code()), 0);
            }
            final ByteBuffer ids = ByteBuffer.allocate(Integer.BYTES
                    * (m.pipelineIds().size() + 1)).order(ByteOrder.LITTLE_ENDIAN);
            ids.putInt(m.pipelineIds().size());
            m.pipelineIds().forEach(ids::putInt);
            return new Ipc4Frame(Ipc4Header.requestPrimary(false,
                    Ipc4Header.GLB_SET_PIPELINE_STATE, m.state().code()),
                    1 | (m.syncStopStart() ? 2 : 0), ids.array());
        } else if (message instanceof DeletePipeline m) {
            return new Ipc4Frame(Ipc4Header.requestPrimary(false, Ipc4Header.GLB_DELETE_PIPELINE,
                    m.pipelineId() << 16), 0);
        } else if (message instanceof ModInitInstance m) {
            final byte[] block = InitPayload.encode(m);
            final int extension = (m.dpData().isPresent() ? 1 << 29 : 0)
                    | m.domain().bit() << 28 | m.core() << 24 | m.pipelineId() << 16
                    | block.length / Integer.BYTES;
            return new Ipc4Frame(ModuleFields.primary(Ipc4Header.MOD_INIT_INSTANCE,
                    m.moduleId(), m.instanceId()), extension, block);
        } else if (message instanceof ModBind m) {
            return binding(Ipc4Header.MOD_BIND, m.srcModuleId(), m.srcInstanceId(),
                    m.dstModuleId(), m.dstInstanceId(), m.srcQueue(), m.dstQueue());
        } else if (message instanceof ModUnbind m) {
            return binding(Ipc4Header.MOD_UNBIND, m.srcModuleId(), m.srcInstanceId(),
                    m.dstModuleId(), m.dstInstanceId(), m.srcQueue(), m.dstQueue());
        } else if (message instanceof ModLargeConfigSet m) {
            return new Ipc4Frame(ModuleFields.primary(Ipc4Header.MOD_LARGE_CONFIG_SET,
                    m.moduleId(), m.instanceId()), LargeConfig.extension(m.largeParamId(),
                    m.initBlock(), m.finalBlock(), m.dataOffsetSize()), m.payloadUnsafe());
        } else if (message instanceof ModLargeConfigGet m) {
            return new Ipc4Frame(ModuleFields.primary(Ipc4Header.MOD_LARGE_CONFIG_GET,
                    m.moduleId(), m.instanceId()), LargeConfig.extension(m.largeParamId(),
                    m.initBlock(), m.finalBlock(), m.dataOffsetSize()));
        } else if (message instanceof ModDeleteInstance m) {
            return new Ipc4Frame(ModuleFields.primary(Ipc4Header.MOD_DELETE_INSTANCE,
                    m.moduleId(), m.instanceId()), 0);
        }
        throw new NullPointerException("message");
    }

    private static Ipc4Frame binding(int type, int srcModuleId, int srcInstanceId,
            int dstModuleId, int dstInstanceId, int srcQueue, int dstQueue) {
        return new Ipc4Frame(ModuleFields.primary(type, srcModuleId, srcInstanceId),
                srcQueue << 27 | dstQueue << 24 | dstInstanceId << 16 | dstModuleId);
    }

    /**
     * Decodes and validates a request frame.
     *
     * @param frame the frame
     * @return the message
     * @throws IpcException         if the frame is malformed, with the status in the class
     *                              table and a message naming the field and value
     * @throws NullPointerException if {@code frame} is null
     */
    public Ipc4Message decode(Ipc4Frame frame) {
        final int primary = frame.primary();
        final int extension = frame.extension();
        if (frame.payloadLength() > Ipc4Header.MAX_MESSAGE_SIZE) {
            throw invalidParam("payload.length=" + frame.payloadLength()
                    + " exceeds SOF_IPC_MSG_MAX_SIZE=" + Ipc4Header.MAX_MESSAGE_SIZE);
        }
        if ((primary & Ipc4Header.PRIMARY_RESERVED_MASK) != 0) {
            throw invalidParam("primary=" + Fields.hex(primary) + ": reserved bit 31 is set");
        }
        if ((extension & Ipc4Header.EXTENSION_RESERVED_MASK) != 0) {
            throw invalidParam("extension=" + Fields.hex(extension)
                    + ": reserved bits 31..30 are set");
        }
        if (Ipc4Header.isReply(primary)) {
            throw new IpcException(Ipc4Status.INVALID_REQUEST, "rsp=1 (reply) on a request, "
                    + "primary=" + Fields.hex(primary));
        }
        try {
            return Ipc4Header.isModuleTarget(primary) ? ModuleDecoder.decode(frame, hostboxSize)
                    : GlobalDecoder.decode(frame);
        } catch (IllegalArgumentException e) {
            // Every field is checked before a record is built; this keeps the one-exception
            // contract should a record's rule ever be stricter than the decoder's.
            throw invalidParam(e.getMessage());
        }
    }

    static IpcException invalidParam(String message) {
        return new IpcException(Ipc4Status.INVALID_PARAM, message);
    }

    static void requireNoPayload(String message, Ipc4Frame frame) {
        if (frame.payloadLength() != 0) {
            throw invalidParam(message + " payload.length=" + frame.payloadLength()
                    + " must be 0");
        }
    }

    static void requireZero(String message, String field, int value) {
        if (value != 0) {
            throw invalidParam(message + " " + field + "=" + Fields.hex(value)
                    + " is reserved and must be 0");
        }
    }

    static int type(int primary) {
        return bits(primary, Ipc4Header.TYPE_SHIFT, 5);
    }
}
