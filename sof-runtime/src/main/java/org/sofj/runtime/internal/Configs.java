package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;
import static org.sofj.runtime.internal.KernelState.statusOf;

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

    private final KernelState k;
    private final Calls calls;

    Configs(KernelState state, Calls calls) {
        this.k = state;
        this.calls = calls;
    }

    void setConfiguration(int componentId, int paramId, byte[] blob) {
        k.component(componentId);
        if (blob.length > MAX_BLOB) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET comp_id=0x"
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
     * One fragment of {@code MOD_LARGE_CONFIG_SET} (spec 4.11): copied into the hostbox, which
     * the module reads (never writes) during the call.
     */
    void setFragment(int componentId, int paramId, ConfigFragment pos, int dataOffsetSize,
            byte[] payload) {
        final Component c = k.component(componentId);
        if (pos.isFirst() && dataOffsetSize > MAX_BLOB) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " size=" + dataOffsetSize + " exceeds the blob limit of " + MAX_BLOB);
        }
        if (payload.length > calls.hostboxSize()) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_SET " + c.name()
                    + " fragment=" + payload.length + " exceeds the hostbox of "
                    + calls.hostboxSize());
        }
        if (c.userMode() && !c.driver.has(ModuleOperation.SET_CONFIGURATION)) {
            return;
        }
        final long box = calls.hostboxAddress();
        final MemoryAccess access = k.memory.access();
        if (payload.length > 0) {
            access.putBytes(box, payload, 0, payload.length);
        }
        final MemoryView fragment = c.access(k.memory).view(box, payload.length);
        final int rc = calls.call(c, ModuleOperation.SET_CONFIGURATION, Calls.Window.HOSTBOX,
                () -> c.module.setConfiguration(paramId, pos, dataOffsetSize, fragment));
        if (rc != 0) {
            throw fail(statusOf(rc), "MOD_LARGE_CONFIG_SET " + c.name() + " param="
                    + paramId + " " + pos + " returned " + Errno.name(rc));
        }
    }

    byte[] getConfiguration(int componentId, int paramId) {
        final Component c = k.component(componentId);
        if (!c.driver.has(ModuleOperation.GET_CONFIGURATION)) {
            throw fail(Ipc4Status.FAILURE, "MOD_LARGE_CONFIG_GET " + c.name()
                    + " has no get_configuration (-EIO)");
        }
        final MemoryAccess access = k.memory.access();
        final MemoryView reply = c.access(k.memory).view(calls.replyAddress(),
                calls.replySize());
        final int rc = calls.call(c, ModuleOperation.GET_CONFIGURATION,
                Calls.Window.HOSTBOX_AND_REPLY, () -> c.module.getConfiguration(paramId, reply));
        if (rc < 0) {
            throw fail(statusOf(rc), "MOD_LARGE_CONFIG_GET " + c.name()
                    + " param=" + paramId + " returned " + Errno.name(rc));
        }
        final int n = (int) Math.min(rc, calls.replySize());
        final byte[] out = new byte[n];
        access.getBytes(calls.replyAddress(), out, 0, n);
        return out;
    }
}
