package org.sofj.api.audio;

import java.util.Objects;

/**
 * The format of an interleaved PCM stream.
 *
 * @param rate         frames per second, 8000..384000
 * @param channels     interleaved channels, 1..8
 * @param sampleFormat the sample format, which fixes the container size
 * @param validBits    significant bits per sample, at most the format's valid bits; for
 *                     {@link SampleFormat#FLOAT_LE} exactly 32
 */
public record AudioFormat(int rate, int channels, SampleFormat sampleFormat, int validBits) {

    /** The smallest supported rate. */
    public static final int MIN_RATE = 8000;
    /** The largest supported rate. */
    public static final int MAX_RATE = 384000;
    /** The largest channel count, SOF's {@code PLATFORM_MAX_CHANNELS}. */
    public static final int MAX_CHANNELS = 8;

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value if out of range
     * @throws NullPointerException     if {@code sampleFormat} is null
     */
    public AudioFormat {
        Objects.requireNonNull(sampleFormat, "sampleFormat");
        if (rate < MIN_RATE || rate > MAX_RATE) {
            throw new IllegalArgumentException("rate=" + rate + " must be in [" + MIN_RATE + ", "
                    + MAX_RATE + "]");
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels=" + channels + " must be in [1, "
                    + MAX_CHANNELS + "]");
        }
        if (sampleFormat == SampleFormat.FLOAT_LE ? validBits != 32
                : validBits < 8 || validBits > sampleFormat.validBits()) {
            throw new IllegalArgumentException("validBits=" + validBits + " is not valid for "
                    + sampleFormat);
        }
    }

    /**
     * A format whose valid bits are the sample format's.
     *
     * @param rate         frames per second
     * @param channels     channels
     * @param sampleFormat the sample format
     * @return the format
     */
    public static AudioFormat of(int rate, int channels, SampleFormat sampleFormat) {
        return new AudioFormat(rate, channels, sampleFormat, sampleFormat.validBits());
    }

    /** @return bytes per sample container */
    public int sampleBytes() {
        return sampleFormat.containerBytes();
    }

    /** @return bytes per frame: {@code channels * sampleBytes()} */
    public int frameBytes() {
        return channels * sampleFormat.containerBytes();
    }

    /**
     * Frames in one period: {@code rate * periodMicros / 1_000_000}, rounded down.
     *
     * @param periodMicros the period, e.g. 1000 for the LL tick
     * @return the frame count
     */
    public int framesPerPeriod(int periodMicros) {
        return (int) ((long) rate * periodMicros / 1_000_000L);
    }

    /**
     * Bytes in one period: {@code framesPerPeriod(periodMicros) * frameBytes()}.
     *
     * @param periodMicros the period in microseconds
     * @return the byte count; 384 for 48 kHz stereo S32 at 1 ms
     */
    public int bytesPerPeriod(int periodMicros) {
        return framesPerPeriod(periodMicros) * frameBytes();
    }
}
