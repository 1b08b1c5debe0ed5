package org.sofj.llext.internal.manifest;

/**
 * {@code struct sof_man_fw_header} (rimage {@code user/manifest.h}): packed, little-endian,
 * 52 bytes, at offset 0 of {@code manifest.bin}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 header_id "$AM1" (u8[4])                      |  0
 *  +---------------------------------------------------------------+
 *  |                 header_len (u32) = 52                         |  4
 *  +---------------------------------------------------------------+
 *  |                 name (u8[8]), NUL-padded                      |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 preload_page_count (u32)                      | 16
 *  +---------------------------------------------------------------+
 *  |                 fw_image_flags (u32)                          | 20
 *  +---------------------------------------------------------------+
 *  |                 feature_mask (u32)                            | 24
 *  +-------------------------------+-------------------------------+
 *  |       major_version (u16)     |      minor_version (u16)      | 28
 *  +-------------------------------+-------------------------------+
 *  |      hotfix_version (u16)     |      build_version (u16)      | 32
 *  +-------------------------------+-------------------------------+
 *  |                 num_module_entries (u32)                      | 36
 *  +---------------------------------------------------------------+
 *  |                 fw_compat (u32)                               | 40
 *  +---------------------------------------------------------------+
 *  |                 hw_buf_length (u32)                           | 44
 *  +---------------------------------------------------------------+
 *  |                 load_offset (u32)                             | 48
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The spec (§2.3) lists the fields but not their widths; these are rimage's: every field is a
 * {@code uint32_t} except the four version fields ({@code uint16_t}) and the two byte arrays.
 */
public final class FwHeaderDescriptor {
    /** {@code "$AM1"}. */
    public static final int HEADER_ID_OFFSET = 0;
    /** Bytes of the header, always {@link #LENGTH}. */
    public static final int HEADER_LEN_OFFSET = 4;
    /** The library name. */
    public static final int NAME_OFFSET = 8;
    /**
     * Pages of the whole library image counted from its base, as rimage's ACE libraries hold it:
     * {@link #IMAGE_TEXT_OFFSET} / 4096 header pages, then text pages, then rodata pages.
     */
    public static final int PRELOAD_PAGE_COUNT_OFFSET = 16;
    /** {@code union sof_man_fw_header_image_flags}: {@link #IMAGE_FLAGS_LIBRARY}. */
    public static final int FW_IMAGE_FLAGS_OFFSET = 20;
    /** {@link #FEATURE_MASK_ACE}, what rimage writes. */
    public static final int FEATURE_MASK_OFFSET = 24;
    /** The library version, first number. */
    public static final int MAJOR_VERSION_OFFSET = 28;
    /** The library version, second number. */
    public static final int MINOR_VERSION_OFFSET = 30;
    /** The library version, third number. */
    public static final int HOTFIX_VERSION_OFFSET = 32;
    /** The library version, fourth number (0 if absent). */
    public static final int BUILD_VERSION_OFFSET = 34;
    /** Number of {@code sof_man_module} entries that follow. */
    public static final int NUM_MODULE_ENTRIES_OFFSET = 36;
    /** The sof-api version the library was built against, {@code ApiVersion.encode()}. */
    public static final int FW_COMPAT_OFFSET = 40;
    /** Written as 0. */
    public static final int HW_BUF_LENGTH_OFFSET = 44;
    /** {@link #LOAD_OFFSET_ACE}, what rimage writes. */
    public static final int LOAD_OFFSET_OFFSET = 48;
    /** {@code sizeof(struct sof_man_fw_header)}. */
    public static final int LENGTH = 52;
    /** {@code SOF_MAN_FW_HDR_ID}. */
    public static final String HEADER_ID = "$AM1";
    /** {@code SOF_MAN_FW_HDR_FW_NAME_LEN}. */
    public static final int NAME_LENGTH = 8;
    /**
     * {@code fw_image_flags}: {@code image_type} (bits 1-2) = {@code SOF_MAN_FW_HDR_IMG_TYPE_LIB}
     * (2), {@code tp} and {@code relocatable_lib} 0, as {@code man_write_fw_ace_v1_5} sets it for a
     * loadable module.
     */
    public static final int IMAGE_FLAGS_LIBRARY = 2 << 1;
    /** Bits 1-2 of {@code fw_image_flags}: {@code image_type}. */
    public static final int IMAGE_TYPE_SHIFT = 1;
    /** {@code SOF_MAN_FW_HDR_IMG_TYPE_LIB}. */
    public static final int IMAGE_TYPE_LIB = 2;
    /** {@code feature_mask = 0x2}, hard-coded in {@code man_write_fw_ace_v1_5}. */
    public static final int FEATURE_MASK_ACE = 0x2;
    /** {@code load_offset} of rimage's ACE platform files ({@code platform-mtl.toml} and later). */
    public static final int LOAD_OFFSET_ACE = 0x40000;
    /**
     * {@code FILE_TEXT_OFFSET_V1_8}: where the first module's text starts, counted from the image
     * base (the {@code $CPD} directory); the manifest itself is at {@code MAN_DESC_OFFSET_V1_8}.
     */
    public static final int IMAGE_TEXT_OFFSET = 0x8000;
    /** {@code MAN_DESC_OFFSET_V1_8}: where {@code $AM1} sits, counted from the image base. */
    public static final int MANIFEST_OFFSET_V1_8 = 0x2000;
    /** {@code MAN_DESC_OFFSET_V1_5}: where {@code $AM1} sits in cAVS 1.5 images. */
    public static final int MANIFEST_OFFSET_V1_5 = 0x284;

    private FwHeaderDescriptor() {
    }
}
