package org.sofj.runtime.ipc;

import org.sofj.api.ConfigFragment;

/**
 * {@code SOF_IPC4_MOD_LARGE_CONFIG_GET} (3): ask an instance for (a fragment of) a
 * configuration blob. Same layout as {@link ModLargeConfigSet}, SOF's
 * {@code struct ipc4_module_large_config} ({@code src/include/ipc4/module.h}), with type 3 and no
 * payload: sofj does not support the vendor-parameter GET that reads a TLV from the hostbox.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |   3   | instance_id | module_id |
 *     +---+---+---+-------+-------------+-----------+
 * extension
 * bit  31..30  29          28           27..20          19..0
 *     +-------+-----------+------------+----------------+---------------+
 *     |   0   | init_block| final_block| large_param_id | data_off_size |
 *     +-------+-----------+------------+----------------+---------------+
 * </pre>
 *
 * <p>The reply carries the data as payload and, in its extension, the request's extension with
 * {@code data_off_size} set to the bytes returned and {@code final_block} set when they fit in one
 * message, as {@code ipc4_get_large_config_module_instance} builds it; see
 * {@link #replyExtension}.
 *
 * @param moduleId       the module id, 0..65535
 * @param instanceId     the instance id, 0..255
 * @param largeParamId   the parameter id, 0..255
 * @param initBlock      {@code init_block}: the first request for this blob
 * @param finalBlock     {@code final_block}: the last request for this blob
 * @param dataOffsetSize {@code data_off_size}: the offset asked for, 0..2<sup>20</sup>-1
 */
public record ModLargeConfigGet(int moduleId, int instanceId, int largeParamId,
        boolean initBlock, boolean finalBlock, int dataOffsetSize) implements Ipc4Message {

    /**
     * Validates the fields.
     *
     * @param moduleId the module id, 0..65535
     * @param instanceId the instance id, 0..255
     * @param largeParamId the parameter id, 0..255
     * @param initBlock {@code init_block}: the first request for this blob
     * @param finalBlock {@code final_block}: the last request for this blob
     * @param dataOffsetSize {@code data_off_size}: the offset asked for, 0..2<sup>20</sup>-1
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public ModLargeConfigGet {
        ModuleFields.checkIds(moduleId, instanceId);
        Fields.check("largeParamId", largeParamId, 0, 0xFF);
        Fields.check("dataOffsetSize", dataOffsetSize, 0, ModLargeConfigSet.MAX_DATA_OFFSET_SIZE);
    }

    /**
     * The extension of a successful reply, as SOF's {@code ipc4_get_large_config_module_instance}
     * sets it: the request's extension with {@code data_off_size} = the bytes returned (the field
     * Linux's {@code sof_ipc4_set_get_data} reads the size from), and {@code final_block} set
     * unless the request had it clear and the data fill a whole message.
     *
     * @param requestExtension the request's extension word
     * @param dataBytes        the bytes returned, 0..{@link Ipc4Header#MAX_MESSAGE_SIZE}
     * @return the reply's extension word
     * @throws IllegalArgumentException naming the value if {@code dataBytes} is out of range
     */
    public static int replyExtension(int requestExtension, int dataBytes) {
        Fields.check("dataBytes", dataBytes, 0, Ipc4Header.MAX_MESSAGE_SIZE);
        int ext = requestExtension & ~ModLargeConfigSet.MAX_DATA_OFFSET_SIZE | dataBytes;
        if ((requestExtension & LargeConfig.FINAL_BLOCK_BIT) == 0
                && dataBytes < Ipc4Header.MAX_MESSAGE_SIZE) {
            ext |= LargeConfig.FINAL_BLOCK_BIT;
        }
        return ext;
    }

    /** {@return the fragment position {@code init_block} and {@code final_block} encode} */
    public ConfigFragment fragment() {
        return LargeConfig.fragment(initBlock, finalBlock);
    }
}
