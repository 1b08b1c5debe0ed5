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
     * @param rate frames per second, 8000..384000
     * @param channels interleaved channels, 1..8
     * @param sampleFormat the sample format, which fixes the container size
     * @param validBits significant bits per sample, at most the format's valid bits; for
     *     {@link SampleFormat#FLOAT_LE} exactly 32
     * @throws IllegalArgumentException naming the field and value if out of range
     * @throws NullPointerException if {@code sampleFormat} is null
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

    /** {@return bytes per sample container} */
    public int sampleBytes() {
        return sampleFormat.containerBytes();
    }

    /** {@return bytes per frame: {@code channels * sampleBytes()}} */
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
     * The frames a component moves per period as SOF sizes it
     * ({@code component_set_nearest_period_frames} in {@code sof/audio/component.h}): the rate
     * times the period, rounded <em>up</em>, except that the 44.1 kHz family is sized as the
     * 48 kHz family (44100 as 48000, 88200 as 96000, 176400 as 192000) to keep DMA buffers
     * 32-byte aligned. So at 1 ms: 48 frames for 44.1 and 48 kHz, 96 for 88.2, 23 for
     * 22.05 kHz.
     *
     * @param periodMicros the period in microseconds, {@code > 0}
     * @return the frame count
     * @throws IllegalArgumentException if {@code periodMicros} is not positive
     */
    public int periodFrames(int periodMicros) {
        if (periodMicros <= 0) {
            throw new IllegalArgumentException("periodMicros=" + periodMicros
                    + " must be positive");
        }
        final long r;
        switch (rate) {
            case 44_100: r = 48_000; break;
            case 88_200: r = 96_000; break;
            case 176_400: r = 192_000; break;
            default: r = rate; break;
        }
        return (int) ((r * periodMicros + 999_999L) / 1_000_000L);
    }

    /**
     * Bytes one period moves as SOF sizes it: {@code periodFrames(periodMicros) * frameBytes()}.
     *
     * @param periodMicros the period in microseconds, {@code > 0}
     * @return the byte count; 384 for 48 kHz stereo S32 at 1 ms, 192 for 44.1 kHz stereo S16
     * @throws IllegalArgumentException if {@code periodMicros} is not positive or the count does
     *     not fit an {@code int}
     */
    public int periodBytes(int periodMicros) {
        return bytes(periodFrames(periodMicros), periodMicros);
    }

    /**
     * Bytes in one period: {@code framesPerPeriod(periodMicros) * frameBytes()}.
     *
     * @param periodMicros the period in microseconds
     * @return the byte count; 384 for 48 kHz stereo S32 at 1 ms
     * @throws IllegalArgumentException if the count does not fit an {@code int}
     */
    public int bytesPerPeriod(int periodMicros) {
        return bytes(framesPerPeriod(periodMicros), periodMicros);
    }

    /** {@code frames * frameBytes()} in 64 bits, refused past {@code int}. */
    private int bytes(int frames, int periodMicros) {
        final long bytes = (long) frames * frameBytes();
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("periodMicros=" + periodMicros + " is " + bytes
                    + " bytes of " + this + ", more than " + Integer.MAX_VALUE);
        }
        return (int) bytes;
    }
}
