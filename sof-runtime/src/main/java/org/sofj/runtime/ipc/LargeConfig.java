package org.sofj.runtime.ipc;

import org.sofj.api.ConfigFragment;

/**
 * The extension word of {@code struct ipc4_module_large_config}, shared by GET and SET: see
 * {@link ModLargeConfigSet} for the bit table.
 */
final class LargeConfig {
    static final int DATA_OFF_SIZE_BITS = 20;
    static final int LARGE_PARAM_ID_SHIFT = 20;
    static final int FINAL_BLOCK_BIT = 1 << 28;
    static final int INIT_BLOCK_BIT = 1 << 29;

    private LargeConfig() {
    }

    static ConfigFragment fragment(boolean initBlock, boolean finalBlock) {
        if (initBlock) {
            return finalBlock ? ConfigFragment.SINGLE : ConfigFragment.FIRST;
        }
        return finalBlock ? ConfigFragment.LAST : ConfigFragment.MIDDLE;
    }

    static int extension(int largeParamId, boolean initBlock, boolean finalBlock,
            int dataOffsetSize) {
        return (initBlock ? INIT_BLOCK_BIT : 0) | (finalBlock ? FINAL_BLOCK_BIT : 0)
                | largeParamId << LARGE_PARAM_ID_SHIFT | dataOffsetSize;
    }
}
