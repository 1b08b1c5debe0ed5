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
 * <p>As rimage: TEXT {@code load|readonly|code}; DATA (rodata and data) {@code load}; BSS
 * {@code alloc}. {@code type} is the segment index (0, 1, 2); an empty segment has only
 * {@code type = 15}.
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
     * @param lengthPages its length in pages, 0 for an empty segment
     * @return the flags word
     */
    public static int of(int segment, int lengthPages) {
        if (lengthPages < 0 || lengthPages > MAX_LENGTH) {
            throw new IllegalArgumentException("segment=" + segment + " lengthPages=" + lengthPages
                    + " must be in [0, " + MAX_LENGTH + "]");
        }
        if (lengthPages == 0) {
            return TYPE_EMPTY << TYPE_SHIFT;
        }
        final int kind = switch (segment) {
            case ModuleEntryDescriptor.SEGMENT_TEXT -> LOAD | READONLY | CODE;
            case ModuleEntryDescriptor.SEGMENT_DATA -> LOAD;
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
