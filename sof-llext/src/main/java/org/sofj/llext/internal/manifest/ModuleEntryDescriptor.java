package org.sofj.llext.internal.manifest;

/**
 * {@code struct sof_man_module} (rimage {@code src/include/rimage/sof/user/manifest.h}): packed,
 * little-endian, 116 bytes. Entry {@code i} is at {@code FwHeaderDescriptor.LENGTH + i * LENGTH}
 * ({@code SOF_MAN_MODULE_OFFSET(i)}).
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  union { struct_id "$AME" (u8[4]);                            |   0
 *  |          runtime_info { module_id u16; state_flags u16 } }    |
 *  +---------------------------------------------------------------+
 *  |                 name (u8[8]), NUL-padded                      |   4
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 uuid.a (u32)                                  |  12
 *  +-------------------------------+-------------------------------+
 *  |        uuid.b (u16)           |        uuid.c (u16)           |  16
 *  +-------------------------------+-------------------------------+
 *  |                 uuid.d (u8[8])                                |  20
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 type (sof_man_module_type, u32 bitfield)      |  28
 *  +---------------------------------------------------------------+
 *  |                 hash (u8[32]), SHA-256                        |  32
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                 entry_point (u32)                             |  64
 *  +-------------------------------+-------------------------------+
 *  |        cfg_offset (u16)       |        cfg_count (u16)        |  68
 *  +-------------------------------+-------------------------------+
 *  |                 affinity_mask (u32)                           |  72
 *  +-------------------------------+-------------------------------+
 *  |   instance_max_count (u16)    |   instance_bss_size (u16)     |  76
 *  +-------------------------------+-------------------------------+
 *  |  segment[0] TEXT:   flags u32 | v_base_addr u32 | file_offset |  80
 *  |  segment[1] DATA:   flags u32 | v_base_addr u32 | file_offset |  92
 *  |  segment[2] BSS:    flags u32 | v_base_addr u32 | file_offset | 104
 *  +---------------------------------------------------------------+ 116
 * </pre>
 *
 * <p>{@code runtime_info} is a union over {@code struct_id}, not 4 more bytes: the file holds
 * {@code "$AME"} there and SOF's firmware overwrites it at run time.
 */
public final class ModuleEntryDescriptor {
    /** {@code "$AME"}; shares its 4 bytes with {@code runtime_info} (a union). */
    public static final int STRUCT_ID_OFFSET = 0;
    /** The module's name. */
    public static final int NAME_OFFSET = 4;
    /** {@code uuid.a}, {@code uuid.b}, {@code uuid.c}, {@code uuid.d}. */
    public static final int UUID_OFFSET = 12;
    /** {@code sof_man_module_type}, see {@link ModuleTypeBits}. */
    public static final int TYPE_OFFSET = 28;
    /** SHA-256 of the module's text and rodata pages, see {@code ModuleHasher}. */
    public static final int HASH_OFFSET = 32;
    /** Written as 0: sofj finds the entry through the provider class in the source manifest. */
    public static final int ENTRY_POINT_OFFSET = 64;
    /** Index of the module's first {@code sof_man_mod_config}. */
    public static final int CFG_OFFSET_OFFSET = 68;
    /** Number of its {@code sof_man_mod_config} records: 1. */
    public static final int CFG_COUNT_OFFSET = 70;
    /** The cores it may run on. */
    public static final int AFFINITY_MASK_OFFSET = 72;
    /** The most instances at once. */
    public static final int INSTANCE_MAX_COUNT_OFFSET = 76;
    /** Pages; rimage always writes 1 and so does sofj. */
    public static final int INSTANCE_BSS_SIZE_OFFSET = 78;
    /** {@code segment[0]}; segment {@code s} is at {@code SEGMENT_OFFSET + s * SEGMENT_LENGTH}. */
    public static final int SEGMENT_OFFSET = 80;
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
    public static final int LENGTH = 116;
    /** {@code SOF_MAN_MOD_ID}. */
    public static final String STRUCT_ID = "$AME";
    /** {@code SOF_MAN_MOD_SHA256_LEN}. */
    public static final int HASH_LENGTH = 32;

    private ModuleEntryDescriptor() {
    }
}
