package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.ModuleOperation;

/**
 * Configuration transfer (spec 4.11): {@code MOD_LARGE_CONFIG_SET} in hostbox-sized fragments,
 * which the module reads (never writes) during the call, and {@code MOD_LARGE_CONFIG_GET} through
 * the reply buffer. IPC thread only, inside the instance's tick boundary.
 */
final class Configs {
    /** {@code CONFIG_MODULE_MAX_BLOB_SIZE}. */
    static final int MAX_BLOB = 8192;
    /** {@code large_param_id}: 8 bits. */
    static final int MAX_PARAM_ID = 0xFF;

    private final KernelState k;
    private final Calls calls;

    Configs(KernelState state, Calls calls) {
        this.k = state;
        this.calls = calls;
    }

    void setConfiguration(int componentId, int paramId, byte[] blob) {
        k.component(componentId);
        checkParamId("MOD_LARGE_CONFIG_SET", paramId);
        if (blob.length > MAX_BLOB) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_SET comp_id=0x"
                    + Integer.toHexString(componentId) + " size=" + blob.length
                    + " exceeds the blob limit of " + MAX_BLOB);
        }
        final int chunk = (int) calls.hostboxSize();
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
     * The typed path as the frame: {@code large_param_id} has 8 bits in both messages'
     * extension, so a typed call cannot name a parameter no frame can.
     */
    private static void checkParamId(String message, int paramId) {
        if (paramId < 0 || paramId > MAX_PARAM_ID) {
            throw fail(Ipc4Status.INVALID_PARAM, message + " large_param_id=" + paramId
                    + " must be in [0, " + MAX_PARAM_ID + "] (8 bits in IPC4)");
        }
    }

    /**
     * One fragment of {@code MOD_LARGE_CONFIG_SET} (spec 4.11): copied into the hostbox, which
     * the module reads (never writes) during the call.
     */
    void setFragment(int componentId, int paramId, ConfigFragment pos, int dataOffsetSize,
            byte[] payload) {
        final Component c = k.component(componentId);
        if (pos.isFirst() && dataOffsetSize > MAX_BLOB) {
            // module_set_configuration's -EINVAL, which ipc4_set_large_config_module_instance
            // answers INVALID_RESOURCE_ID as every error of set_large_config (docs/ipc4.md)
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " size=" + dataOffsetSize + " exceeds the blob limit of " + MAX_BLOB);
        }
        if (payload.length > calls.hostboxSize()) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " fragment=" + payload.length + " exceeds the hostbox of "
                    + calls.hostboxSize());
        }
        final int length = fragmentLength(c, pos, dataOffsetSize, payload.length);
        if (c.userMode() && !c.driver.has(ModuleOperation.SET_CONFIGURATION)) {
            return;
        }
        final long box = calls.hostboxAddress();
        calls.stageHostbox(payload, length);
        final MemoryView fragment = c.access(k.memory).view(box, length);
        final int rc;
        try {
            rc = calls.call(c, ModuleOperation.SET_CONFIGURATION, Calls.Window.HOSTBOX,
                    () -> c.module.setConfiguration(paramId, pos, dataOffsetSize, fragment));
        } finally {
            calls.clearHostbox(length);
        }
        if (rc != 0) {
            // ipc4_set_large_config_module_instance: any error of set_large_config
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " param=" + paramId + " " + pos + " returned " + Errno.name(rc));
        }
    }

    /**
     * The bytes of a fragment the module is given, as SOF's {@code module_set_large_config}
     * counts them: a FIRST fragment records the blob's size ({@code new_cfg_size}); a LAST one
     * is the rest of it, {@code new_cfg_size - data_off_size}, refused (-EINVAL) when that is
     * negative (a u32 that wraps past the hostbox in SOF). A LAST payload longer than the rest is
     * cut to it, as SOF copies no more; a shorter one is refused, where SOF would hand the module
     * whatever the hostbox held before (a departure).
     */
    private int fragmentLength(Component c, ConfigFragment pos, int dataOffsetSize, int length) {
        if (pos == ConfigFragment.FIRST) {
            c.configBytes = dataOffsetSize;
            return length;
        }
        if (pos != ConfigFragment.LAST) {
            return length;
        }
        final long left = (long) c.configBytes - dataOffsetSize;
        if (left < 0 || left > calls.hostboxSize()) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " LAST data_off_size=" + dataOffsetSize + " is past the blob size "
                    + c.configBytes + " of its FIRST fragment (module_set_large_config: -EINVAL)");
        }
        if (length < left) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " LAST payload.length=" + length + " is shorter than the " + left
                    + " bytes left of the blob size " + c.configBytes + " (data_off_size="
                    + dataOffsetSize + ")");
        }
        return (int) left;
    }

    byte[] getConfiguration(int componentId, int paramId) {
        final Component c = k.component(componentId);
        checkParamId("MOD_LARGE_CONFIG_GET", paramId);
        if (!c.driver.has(ModuleOperation.GET_CONFIGURATION)) {
            // module_get_large_config answers -EIO, which the handler maps as every error
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_GET " + c.name()
                    + " has no get_configuration (-EIO)");
        }
        final MemoryAccess access = k.memory.access();
        calls.clearReply();
        final MemoryView reply = c.access(k.memory).view(calls.replyAddress(),
                calls.replySize());
        final int rc = calls.call(c, ModuleOperation.GET_CONFIGURATION,
                Calls.Window.HOSTBOX_AND_REPLY, () -> c.module.getConfiguration(paramId, reply));
        if (rc < 0) {
            // ipc4_get_large_config_module_instance: "if (ret < 0) ret = IPC4_INVALID_RESOURCE_ID"
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_LARGE_CONFIG_GET " + c.name()
                    + " param=" + paramId + " returned " + Errno.name(rc));
        }
        final int n = (int) Math.min(rc, calls.replySize());
        final byte[] out = new byte[n];
        access.getBytes(calls.replyAddress(), out, 0, n);
        return out;
    }
}
