package org.sofj.runtime.ipc;

import static org.sofj.runtime.ipc.Ipc4Codec.invalidParam;
import static org.sofj.runtime.ipc.Ipc4Codec.requireNoPayload;
import static org.sofj.runtime.ipc.Ipc4Codec.requireZero;
import static org.sofj.runtime.ipc.Ipc4Header.bits;

import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;

/** Decodes {@code msg_tgt = MODULE} frames; the bit tables are on the message records. */
final class ModuleDecoder {
    private ModuleDecoder() {
    }

    static Ipc4Message decode(Ipc4Frame frame, int hostboxSize) {
        final int type = Ipc4Codec.type(frame.primary());
        switch (type) {
            case Ipc4Header.MOD_INIT_INSTANCE:
                return initInstance(frame, hostboxSize);
            case Ipc4Header.MOD_BIND:
                requireNoPayload("MOD_BIND", frame);
                return new ModBind(moduleId(frame), instanceId(frame), dstModuleId(frame),
                        dstInstanceId(frame), srcQueue(frame), dstQueue(frame));
            case Ipc4Header.MOD_UNBIND:
                requireNoPayload("MOD_UNBIND", frame);
                return new ModUnbind(moduleId(frame), instanceId(frame), dstModuleId(frame),
                        dstInstanceId(frame), srcQueue(frame), dstQueue(frame));
            case Ipc4Header.MOD_LARGE_CONFIG_SET:
                return largeConfigSet(frame, hostboxSize);
            case Ipc4Header.MOD_LARGE_CONFIG_GET:
                requireNoPayload("MOD_LARGE_CONFIG_GET", frame);
                return new ModLargeConfigGet(moduleId(frame), instanceId(frame),
                        largeParamId(frame), initBlock(frame), finalBlock(frame),
                        dataOffSize(frame));
            case Ipc4Header.MOD_DELETE_INSTANCE:
                requireNoPayload("MOD_DELETE_INSTANCE", frame);
                requireZero("MOD_DELETE_INSTANCE", "extension", frame.extension());
                return new ModDeleteInstance(moduleId(frame), instanceId(frame));
            default:
                throw unknown(type);
        }
    }

    private static IpcException unknown(int type) {
        final String global = GlobalDecoder.typeName(type);
        final String hint = global == null ? "" : "; " + global
                + " is a global message and needs msg_tgt=0 (FW_GEN)";
        return new IpcException(Ipc4Status.UNKNOWN_MESSAGE_TYPE, "type=" + type
                + " with msg_tgt=1 (MODULE) is not a module message sofj supports" + hint);
    }

    /** {@return the name of a module type sofj decodes, or null} */
    static String typeName(int type) {
        switch (type) {
            case Ipc4Header.MOD_INIT_INSTANCE: return "MOD_INIT_INSTANCE";
            case Ipc4Header.MOD_LARGE_CONFIG_GET: return "MOD_LARGE_CONFIG_GET";
            case Ipc4Header.MOD_LARGE_CONFIG_SET: return "MOD_LARGE_CONFIG_SET";
            case Ipc4Header.MOD_BIND: return "MOD_BIND";
            case Ipc4Header.MOD_UNBIND: return "MOD_UNBIND";
            case Ipc4Header.MOD_DELETE_INSTANCE: return "MOD_DELETE_INSTANCE";
            default: return null;
        }
    }

    private static ModInitInstance initInstance(Ipc4Frame frame, int hostboxSize) {
        final int extension = frame.extension();
        final int blockBytes = bits(extension, 0, 16) * Integer.BYTES;
        if (blockBytes > hostboxSize) {
            throw new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "INIT_INSTANCE "
                    + "param_block_size=" + blockBytes / Integer.BYTES + " DWORDs (" + blockBytes
                    + " bytes) exceeds the hostbox of " + hostboxSize + " bytes");
        }
        if (blockBytes != frame.payloadLength()) {
            throw new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "INIT_INSTANCE "
                    + "param_block_size=" + blockBytes / Integer.BYTES + " DWORDs (" + blockBytes
                    + " bytes) but payload.length=" + frame.payloadLength());
        }
        final InitPayload.Decoded block = InitPayload.decode(frame.payloadUnsafe(),
                bits(extension, 29, 1) != 0);
        return new ModInitInstance(moduleId(frame), instanceId(frame), bits(extension, 24, 4),
                bits(extension, 16, 8), ProcDomain.ofBit(bits(extension, 28, 1)),
                block.baseConfig(), block.initData(), block.dpData());
    }

    private static ModLargeConfigSet largeConfigSet(Ipc4Frame frame, int hostboxSize) {
        final String name = "MOD_LARGE_CONFIG_SET";
        final int moduleId = moduleId(frame);
        final int instanceId = instanceId(frame);
        final int size = dataOffSize(frame);
        final boolean init = initBlock(frame);
        final boolean fin = finalBlock(frame);
        final int length = frame.payloadLength();
        if (moduleId == 0 && instanceId != 0) {
            throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, name + " module_id=0 (base "
                    + "firmware) instance_id=" + instanceId + ": it has only instance 0");
        }
        final int fragment = init && fin ? size : length;
        if (fragment > hostboxSize) {
            throw new IpcException(Ipc4Status.INVALID_RESOURCE_ID, name + " fragment of "
                    + fragment + " bytes (data_off_size=" + size + ", payload.length=" + length
                    + ") exceeds the hostbox of " + hostboxSize + " bytes");
        }
        if (init && fin && length != size) {
            throw invalidParam(name + " SINGLE data_off_size=" + size + " but payload.length="
                    + length);
        }
        if (init && !fin && length > size) {
            throw invalidParam(name + " FIRST data_off_size=" + size
                    + " (blob size) is less than payload.length=" + length);
        }
        return new ModLargeConfigSet(moduleId, instanceId, largeParamId(frame), init, fin, size,
                frame.payloadUnsafe());
    }

    private static int moduleId(Ipc4Frame f) {
        return bits(f.primary(), 0, 16);
    }

    private static int instanceId(Ipc4Frame f) {
        return bits(f.primary(), 16, 8);
    }

    private static int dstModuleId(Ipc4Frame f) {
        return bits(f.extension(), 0, 16);
    }

    private static int dstInstanceId(Ipc4Frame f) {
        return bits(f.extension(), 16, 8);
    }

    private static int dstQueue(Ipc4Frame f) {
        return bits(f.extension(), 24, 3);
    }

    private static int srcQueue(Ipc4Frame f) {
        return bits(f.extension(), 27, 3);
    }

    private static int dataOffSize(Ipc4Frame f) {
        return bits(f.extension(), 0, LargeConfig.DATA_OFF_SIZE_BITS);
    }

    private static int largeParamId(Ipc4Frame f) {
        return bits(f.extension(), LargeConfig.LARGE_PARAM_ID_SHIFT, 8);
    }

    private static boolean finalBlock(Ipc4Frame f) {
        return (f.extension() & LargeConfig.FINAL_BLOCK_BIT) != 0;
    }

    private static boolean initBlock(Ipc4Frame f) {
        return (f.extension() & LargeConfig.INIT_BLOCK_BIT) != 0;
    }
}
