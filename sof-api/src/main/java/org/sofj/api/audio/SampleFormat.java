package org.sofj.api.audio;

/**
 * Sample formats sofj carries, all interleaved and little-endian, as SOF's
 * {@code SOF_IPC_FRAME_*}.
 */
public enum SampleFormat {
    /** 16-bit signed integer in a 16-bit container. */
    S16_LE(2, 16),
    /** 24-bit signed integer, held in the low 24 bits of a 32-bit container. */
    S24_4LE(4, 24),
    /** 32-bit signed integer. */
    S32_LE(4, 32),
    /** 32-bit IEEE 754 float, full scale [-1.0, 1.0]. */
    FLOAT_LE(4, 32);

    private final int containerBytes;
    private final int validBits;

    SampleFormat(int containerBytes, int validBits) {
        this.containerBytes = containerBytes;
        this.validBits = validBits;
    }

    /** {@return the bytes one sample occupies} */
    public int containerBytes() {
        return containerBytes;
    }

    /** {@return the container size in bits} */
    public int containerBits() {
        return containerBytes * 8;
    }

    /** {@return the significant bits of a sample} */
    public int validBits() {
        return validBits;
    }
}
