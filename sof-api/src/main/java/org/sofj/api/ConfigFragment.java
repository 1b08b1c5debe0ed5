package org.sofj.api;

/**
 * Where a fragment of a large configuration sits, SOF's {@code enum module_cfg_fragment_position}.
 * A blob larger than one mailbox arrives as FIRST, MIDDLE..., LAST; a small one as SINGLE.
 */
public enum ConfigFragment {
    /** 0: neither first nor last. */
    MIDDLE(0),
    /** 1: the first of several; {@code dataOffsetSize} is the whole blob's size. */
    FIRST(1),
    /** 2: the last of several; {@code dataOffsetSize} is this fragment's offset. */
    LAST(2),
    /** 3: the whole blob in one fragment. */
    SINGLE(3);

    private final int code;

    ConfigFragment(int code) {
        this.code = code;
    }

    /** {@return SOF's numeric value} */
    public int code() {
        return code;
    }

    /** {@return whether this fragment starts a blob (FIRST or SINGLE)} */
    public boolean isFirst() {
        return this == FIRST || this == SINGLE;
    }

    /** {@return whether this fragment ends a blob (LAST or SINGLE)} */
    public boolean isLast() {
        return this == LAST || this == SINGLE;
    }
}
