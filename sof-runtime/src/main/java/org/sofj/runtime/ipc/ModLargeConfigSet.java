package org.sofj.runtime.ipc;

import java.util.Arrays;
import java.util.Objects;

import org.sofj.api.ConfigFragment;

/**
 * {@code SOF_IPC4_MOD_LARGE_CONFIG_SET} (4): one fragment of a configuration blob for an
 * instance. SOF's {@code struct ipc4_module_large_config} ({@code src/include/ipc4/module.h}); the
 * fragment's bytes are the payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |   4   | instance_id | module_id |
 *     +---+---+---+-------+-------------+-----------+
 * extension
 * bit  31..30  29          28           27..20          19..0
 *     +-------+-----------+------------+----------------+---------------+
 *     |   0   | init_block| final_block| large_param_id | data_off_size |
 *     +-------+-----------+------------+----------------+---------------+
 * </pre>
 *
 * <p>{@code data_off_size} is the blob's size on the first (or single) fragment and the
 * fragment's offset in the blob on the others. A SINGLE fragment's payload is exactly
 * {@code data_off_size} bytes; a FIRST fragment's payload is at most the whole blob.
 *
 * @param moduleId       the module id, 0..65535
 * @param instanceId     the instance id, 0..255
 * @param largeParamId   the parameter id, 0..255 ({@code 0xFF} is {@code VENDOR_CONFIG_PARAM})
 * @param initBlock      {@code init_block}: this fragment starts the blob
 * @param finalBlock     {@code final_block}: this fragment ends the blob
 * @param dataOffsetSize {@code data_off_size}, 0..2<sup>20</sup>-1
 * @param payload        the fragment, at most {@link Ipc4Header#MAX_MESSAGE_SIZE} bytes; copied
 */
public record ModLargeConfigSet(int moduleId, int instanceId, int largeParamId,
        boolean initBlock, boolean finalBlock, int dataOffsetSize, byte[] payload)
        implements Ipc4Message {

    /** Largest {@code data_off_size}: 20 bits. */
    public static final int MAX_DATA_OFFSET_SIZE = (1 << 20) - 1;

    /**
     * Validates the fields and copies the payload.
     *
     * @param moduleId the module id, 0..65535
     * @param instanceId the instance id, 0..255
     * @param largeParamId the parameter id, 0..255 ({@code 0xFF} is {@code VENDOR_CONFIG_PARAM})
     * @param initBlock {@code init_block}: this fragment starts the blob
     * @param finalBlock {@code final_block}: this fragment ends the blob
     * @param dataOffsetSize {@code data_off_size}, 0..2<sup>20</sup>-1
     * @param payload the fragment, at most {@link Ipc4Header#MAX_MESSAGE_SIZE} bytes; copied
     * @throws IllegalArgumentException naming the field and value if out of range, or if the
     *     payload length contradicts {@code dataOffsetSize}
     * @throws NullPointerException if {@code payload} is null
     */
    public ModLargeConfigSet {
        ModuleFields.checkIds(moduleId, instanceId);
        Fields.check("largeParamId", largeParamId, 0, 0xFF);
        Fields.check("dataOffsetSize", dataOffsetSize, 0, MAX_DATA_OFFSET_SIZE);
        Objects.requireNonNull(payload, "payload");
        Fields.check("payload.length", payload.length, 0, Ipc4Header.MAX_MESSAGE_SIZE);
        if (initBlock && finalBlock && payload.length != dataOffsetSize) {
            throw new IllegalArgumentException("payload.length=" + payload.length
                    + " must equal dataOffsetSize=" + dataOffsetSize + " for a SINGLE fragment");
        }
        if (initBlock && !finalBlock && payload.length > dataOffsetSize) {
            throw new IllegalArgumentException("payload.length=" + payload.length
                    + " exceeds the blob size dataOffsetSize=" + dataOffsetSize
                    + " of a FIRST fragment");
        }
        payload = payload.clone();
    }

    /**
     * A fragment at a given position.
     *
     * @param moduleId       the module id
     * @param instanceId     the instance id
     * @param largeParamId   the parameter id
     * @param fragment       where the fragment sits
     * @param dataOffsetSize the blob size (FIRST, SINGLE) or this fragment's offset
     * @param payload        the fragment's bytes
     * @return the message
     * @throws IllegalArgumentException as the canonical constructor
     */
    public static ModLargeConfigSet of(int moduleId, int instanceId, int largeParamId,
            ConfigFragment fragment, int dataOffsetSize, byte[] payload) {
        return new ModLargeConfigSet(moduleId, instanceId, largeParamId, fragment.isFirst(),
                fragment.isLast(), dataOffsetSize, payload);
    }

    /** {@return the fragment position {@code init_block} and {@code final_block} encode} */
    public ConfigFragment fragment() {
        return LargeConfig.fragment(initBlock, finalBlock);
    }

    /** {@return a copy of the fragment's bytes} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Package-private: the payload itself, for the codec, which never writes it. */
    byte[] payloadUnsafe() {
        return payload;
    }

    /** {@return whether {@code o} has the same fields and payload bytes} */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModLargeConfigSet m && moduleId == m.moduleId
                && instanceId == m.instanceId && largeParamId == m.largeParamId
                && initBlock == m.initBlock && finalBlock == m.finalBlock
                && dataOffsetSize == m.dataOffsetSize && Arrays.equals(payload, m.payload);
    }

    /** {@return a hash of the fields and payload bytes} */
    @Override
    public int hashCode() {
        return Objects.hash(moduleId, instanceId, largeParamId, initBlock, finalBlock,
                dataOffsetSize) * 31 + Arrays.hashCode(payload);
    }

    /** {@return the fields and the payload bytes} */
    @Override
    public String toString() {
        return "ModLargeConfigSet[moduleId=" + moduleId + ", instanceId=" + instanceId
                + ", largeParamId=" + largeParamId + ", fragment=" + fragment()
                + ", dataOffsetSize=" + dataOffsetSize + ", payload=" + Arrays.toString(payload)
                + "]";
    }
}
