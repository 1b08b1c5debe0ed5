package org.sofj.llext.internal.manifest;

/**
 * {@code union sof_man_segment_flags} (spec §2.1), LSB first.
 *
 * <pre>
 *   31                           16 15  12 11   8 7 6 5 4 3 2 1 0
 *  +-------------------------------+------+------+---+-+-+-+-+-+-+
 *  |        length (pages)         |rsvd1 | type |rs0|d|c|r|l|a|t|
 *  +-------------------------------+------+------+---+-+-+-+-+-+-+
 *   t = contents, a = alloc, l = load, r = readonly, c = code, d = data
 * </pre>
 *
 * <p>As rimage's {@code man_get_section_manifest} sets them for every module it reads from an
 * ELF's {@code .module} section (llext modules included): TEXT {@code contents|alloc|load|readonly|
 * code}, type 0; DATA (rodata and data) {@code contents|alloc|load|data}, type 1; BSS
 * {@code alloc}, type 2. The llext path ({@code man_module_fill_reloc}) then sets only the length
 * and keeps these bits for a segment of length 0, and so does sofj.
 */
public final class SegmentFlags {
    /** Bit 0. */
    public static final int CONTENTS = 1;
    /** Bit 1. */
    public static final int ALLOC = 1 << 1;
    /** Bit 2. */
    public static final int LOAD = 1 << 2;
    /** Bit 3. */
    public static final int READONLY = 1 << 3;
    /** Bit 4. */
    public static final int CODE = 1 << 4;
    /** Bit 5. */
    public static final int DATA = 1 << 5;
    /** Bits 8-11. */
    public static final int TYPE_SHIFT = 8;
    /** {@code type} of an empty segment. */
    public static final int TYPE_EMPTY = 15;
    /** Bits 16-31. */
    public static final int LENGTH_SHIFT = 16;
    /** The largest length in pages. */
    public static final int MAX_LENGTH = 0xFFFF;

    private SegmentFlags() {
    }

    /**
     * The flags of a segment.
     *
     * @param segment     0 TEXT, 1 DATA, 2 BSS
     * @param lengthPages its length in pages
     * @return the flags word
     */
    public static int of(int segment, int lengthPages) {
        if (lengthPages < 0 || lengthPages > MAX_LENGTH) {
            throw new IllegalArgumentException("segment=" + segment + " lengthPages=" + lengthPages
                    + " must be in [0, " + MAX_LENGTH + "]");
        }
        final int kind = switch (segment) {
            case ModuleEntryDescriptor.SEGMENT_TEXT -> CONTENTS | ALLOC | LOAD | READONLY | CODE;
            case ModuleEntryDescriptor.SEGMENT_DATA -> CONTENTS | ALLOC | LOAD | DATA;
            case ModuleEntryDescriptor.SEGMENT_BSS -> ALLOC;
            default -> throw new IllegalArgumentException("segment=" + segment);
        };
        return kind | segment << TYPE_SHIFT | lengthPages << LENGTH_SHIFT;
    }

    /**
     * @param flags a flags word
     * @return its length in pages
     */
    public static int lengthPages(int flags) {
        return flags >>> LENGTH_SHIFT;
    }
}
