package org.sofj.llext.internal.manifest;

/**
 * {@code struct sof_man_module} (spec §2.1): packed, little-endian, 120 bytes. Entry {@code i}
 * is at {@code FwHeaderDescriptor.LENGTH + i * LENGTH} ({@code SOF_MAN_MODULE_OFFSET}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 struct_id "$AME" (u8[4])                      |   0
 *  +-------------------------------+-------------------------------+
 *  | runtime_info.module_id (u16)  | runtime_info.state_flags (u16)|   4
 *  +-------------------------------+-------------------------------+
 *  |                 name (u8[8]), NUL-padded                      |   8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 uuid.a (u32)                                  |  16
 *  +-------------------------------+-------------------------------+
 *  |        uuid.b (u16)           |        uuid.c (u16)           |  20
 *  +-------------------------------+-------------------------------+
 *  |                 uuid.d (u8[8])                                |  24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 type (sof_man_module_type, u32 bitfield)      |  32
 *  +---------------------------------------------------------------+
 *  |                 hash (u8[32]), SHA-256                        |  36
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                 entry_point (u32)                             |  68
 *  +-------------------------------+-------------------------------+
 *  |        cfg_offset (u16)       |        cfg_count (u16)        |  72
 *  +-------------------------------+-------------------------------+
 *  |                 affinity_mask (u32)                           |  76
 *  +-------------------------------+-------------------------------+
 *  |   instance_max_count (u16)    |   instance_bss_size (u16)     |  80
 *  +-------------------------------+-------------------------------+
 *  |  segment[0] TEXT:   flags u32 | v_base_addr u32 | file_offset |  84
 *  |  segment[1] DATA:   flags u32 | v_base_addr u32 | file_offset |  96
 *  |  segment[2] BSS:    flags u32 | v_base_addr u32 | file_offset | 108
 *  +---------------------------------------------------------------+ 120
 * </pre>
 */
public final class ModuleEntryDescriptor {
    /** {@code "$AME"}. */
    public static final int STRUCT_ID_OFFSET = 0;
    /** {@code runtime_info.module_id}: the entry index. */
    public static final int MODULE_ID_OFFSET = 4;
    /** {@code runtime_info.state_flags}: written as 0. */
    public static final int STATE_FLAGS_OFFSET = 6;
    /** The module's name. */
    public static final int NAME_OFFSET = 8;
    /** {@code uuid.a}, {@code uuid.b}, {@code uuid.c}, {@code uuid.d}. */
    public static final int UUID_OFFSET = 16;
    /** {@code sof_man_module_type}, see {@link ModuleTypeBits}. */
    public static final int TYPE_OFFSET = 32;
    /** SHA-256 of the module, see {@code ModuleHasher}. */
    public static final int HASH_OFFSET = 36;
    /** Written as 0: sofj finds the entry through the provider class in the source manifest. */
    public static final int ENTRY_POINT_OFFSET = 68;
    /** Index of the module's first {@code sof_man_mod_config}. */
    public static final int CFG_OFFSET_OFFSET = 72;
    /** Number of its {@code sof_man_mod_config} records: 1. */
    public static final int CFG_COUNT_OFFSET = 74;
    /** The cores it may run on. */
    public static final int AFFINITY_MASK_OFFSET = 76;
    /** The most instances at once. */
    public static final int INSTANCE_MAX_COUNT_OFFSET = 80;
    /** Pages; rimage always writes 1 and so does sofj. */
    public static final int INSTANCE_BSS_SIZE_OFFSET = 82;
    /** {@code segment[0]}; segment {@code s} is at {@code SEGMENT_OFFSET + s * SEGMENT_LENGTH}. */
    public static final int SEGMENT_OFFSET = 84;
    /** {@code sizeof(struct sof_man_segment_desc)}. */
    public static final int SEGMENT_LENGTH = 12;
    /** {@code flags} within a segment descriptor, see {@link SegmentFlags}. */
    public static final int SEGMENT_FLAGS = 0;
    /** {@code v_base_addr} within a segment descriptor. */
    public static final int SEGMENT_V_BASE_ADDR = 4;
    /** {@code file_offset} within a segment descriptor. */
    public static final int SEGMENT_FILE_OFFSET = 8;
    /** {@code SOF_MAN_SEGMENT_TEXT}. */
    public static final int SEGMENT_TEXT = 0;
    /** {@code SOF_MAN_SEGMENT_RODATA} / {@code SOF_MAN_SEGMENT_DATA}. */
    public static final int SEGMENT_DATA = 1;
    /** {@code SOF_MAN_SEGMENT_BSS}. */
    public static final int SEGMENT_BSS = 2;
    /** {@code SOF_MAN_SEGMENT_COUNT}. */
    public static final int SEGMENT_COUNT = 3;
    /** {@code sizeof(struct sof_man_module)}. */
    public static final int LENGTH = 120;
    /** {@code SOF_MAN_MOD_ID}. */
    public static final String STRUCT_ID = "$AME";
    /** {@code SOF_MAN_MOD_SHA256_LEN}. */
    public static final int HASH_LENGTH = 32;

    private ModuleEntryDescriptor() {
    }
}
