package org.sofj.llext.internal.manifest;

/**
 * {@code struct sof_man_mod_config} (spec §2.3): packed, little-endian, eleven {@code u32}, 44
 * bytes. The records follow the last module entry: record {@code j} is at
 * {@code FwHeaderDescriptor.LENGTH + n * ModuleEntryDescriptor.LENGTH + j * LENGTH}. Module
 * {@code i} owns record {@code i} ({@code cfg_offset = i}, {@code cfg_count = 1}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   par[0]: heap_bytes requested (sofj; SOF leaves par unused)  |  0
 *  |   par[1]: stack_bytes requested (sofj)                        |  4
 *  |   par[2]: input_pins declared, 0..8 (sofj; 0 = undeclared)     |  8
 *  |   par[3]: output_pins declared, 0..8 (sofj)                   | 12
 *  +---------------------------------------------------------------+
 *  |   is_pages: instance .bss in BYTES (SOF's IS_BYTES)           | 16
 *  |   cps                                                         | 20
 *  |   ibs                                                         | 24
 *  |   obs                                                         | 28
 *  |   module_flags: 0                                             | 32
 *  |   cpc: 0                                                      | 36
 *  |   obls: 0                                                     | 40
 *  +---------------------------------------------------------------+ 44
 * </pre>
 *
 * <p>SOF has no manifest field for heap and stack sizes (they come from Kconfig); sofj's source
 * manifest has them, and keeps them in the otherwise unused {@code par[0]} and {@code par[1]} so
 * that every source manifest field is in the signed binary manifest. The pin counts are SOF's
 * {@code max_sources}/{@code max_sinks}, which a SOF module sets in its own init; sofj needs them
 * before any module code runs (to refuse a bind to a pin the module lacks), so they sit in
 * {@code par[2]} and {@code par[3]}.
 *
 * <p>The header names word 4 {@code is_pages}, but what SOF puts there is bytes: the module TOML
 * files rimage reads label the column {@code IS_BYTES} (e.g. {@code src/audio/eq_iir/eq_iir.toml},
 * {@code 4096}), real images hold 4096 or 280, and the Linux driver reads it as
 * {@code sof_man4_module_config.is_bytes} ({@code ipc4-loader.c}). sofj writes
 * {@code is_pages * 4096}.
 */
public final class ModConfigDescriptor {
    /** {@code par[0..3]}, four {@code u32}. */
    public static final int PAR_OFFSET = 0;
    /** {@code par[0]}: requested heap bytes. */
    public static final int HEAP_BYTES_OFFSET = 0;
    /** {@code par[1]}: requested stack bytes. */
    public static final int STACK_BYTES_OFFSET = 4;
    /** {@code par[2]}: declared input pins. */
    public static final int INPUT_PINS_OFFSET = 8;
    /** {@code par[3]}: declared output pins. */
    public static final int OUTPUT_PINS_OFFSET = 12;
    /** Instance BSS, in bytes (a whole number of pages for sofj). */
    public static final int IS_PAGES_OFFSET = 16;
    /** Cycles per second. */
    public static final int CPS_OFFSET = 20;
    /** Input buffer size. */
    public static final int IBS_OFFSET = 24;
    /** Output buffer size. */
    public static final int OBS_OFFSET = 28;
    /** Written as 0. */
    public static final int MODULE_FLAGS_OFFSET = 32;
    /** Written as 0. */
    public static final int CPC_OFFSET = 36;
    /** Written as 0. */
    public static final int OBLS_OFFSET = 40;
    /** Number of {@code par} words. */
    public static final int PAR_COUNT = 4;
    /** {@code sizeof(struct sof_man_mod_config)}. */
    public static final int LENGTH = 44;

    private ModConfigDescriptor() {
    }
}
