package org.sofj.llext.internal.manifest;

/**
 * {@code struct sof_man_module_type}, a 32-bit bitfield, LSB first (spec §2.2).
 *
 * <pre>
 *   31        20 19 18 17 16      12 11     8  7  6  5  4  3     0
 *  +------------+--+--+--+----------+--------+--+--+--+--+--------+
 *  |   rsvd_    |sb|lp|um| core_type|init_cfg|lc|dp|ll|as|load_typ|
 *  +------------+--+--+--+----------+--------+--+--+--+--+--------+
 *   sb = stack_on_bss, lp = large_param, um = user_mode, lc = lib_code,
 *   dp = domain_dp, ll = domain_ll, as = auto_start
 * </pre>
 *
 * <p>sofj writes {@code load_type} from the source manifest, {@code auto_start = 0} for llext
 * entries and 1 for {@code module} entries, {@code domain_ll = 1} as SOF's llext macro does, and
 * {@code user_mode} from the source manifest; every other bit is 0.
 */
public final class ModuleTypeBits {
    /** Bits 0-3. */
    public static final int LOAD_TYPE_MASK = 0xF;
    /** Bit 4. */
    public static final int AUTO_START = 1 << 4;
    /** Bit 5, informational. */
    public static final int DOMAIN_LL = 1 << 5;
    /** Bit 6, informational. */
    public static final int DOMAIN_DP = 1 << 6;
    /** Bit 7. */
    public static final int LIB_CODE = 1 << 7;
    /** Bits 8-11. */
    public static final int INIT_CONFIG_SHIFT = 8;
    /** Bits 12-16. */
    public static final int CORE_TYPE_SHIFT = 12;
    /** Bit 17: a userspace module. */
    public static final int USER_MODE = 1 << 17;
    /** Bit 18, unused. */
    public static final int LARGE_PARAM = 1 << 18;
    /** Bit 19, unused. */
    public static final int STACK_ON_BSS = 1 << 19;

    private ModuleTypeBits() {
    }
}
