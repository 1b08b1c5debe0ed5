package org.sofj.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Samples;

/**
 * Little-endian interleaved PCM to and from Java arrays, in every {@link SampleFormat}. Raw
 * sample values keep their format's scale (S16 in a {@code short}, S24 sign-extended from its low
 * 24 bits, S32 as is); floats are full scale {@code [-1.0, 1.0)} as
 * {@link org.sofj.api.audio.Samples} converts them. Pure functions; each call allocates its
 * result (test setup and evaluation, never the run loop).
 */
public final class Pcm {
    private Pcm() {
    }

    /**
     * S16 samples to S16_LE bytes.
     *
     * @param samples the samples, not null
     * @return their little-endian bytes, two per sample
     */
    public static byte[] fromShorts(short[] samples) {
        final ByteBuffer b = le(2 * samples.length);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }

    /**
     * Raw 32-bit containers (S32_LE, or S24_4LE values in the low 24 bits) to bytes.
     *
     * @param samples the containers
     * @return their little-endian bytes
     */
    public static byte[] fromInts(int[] samples) {
        final ByteBuffer b = le(4 * samples.length);
        for (int s : samples) {
            b.putInt(s);
        }
        return b.array();
    }

    /**
     * FLOAT_LE samples to bytes, the values unchanged (not clipped).
     *
     * @param samples the samples, not null
     * @return their little-endian IEEE 754 bytes, four per sample
     */
    public static byte[] fromFloats(float[] samples) {
        final ByteBuffer b = le(4 * samples.length);
        for (float s : samples) {
            b.putFloat(s);
        }
        return b.array();
    }

    /**
     * Full-scale floats converted to a sample format, rounded and saturated as
     * {@link Samples#floatToInt32} and its narrowing do; FLOAT_LE keeps the values.
     *
     * @param samples the samples, full scale {@code [-1.0, 1.0)}
     * @param format  the target format
     * @return the PCM bytes
     */
    public static byte[] fromFloats(float[] samples, SampleFormat format) {
        Objects.requireNonNull(format, "format");
        final int[] raw = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            raw[i] = fromInt32(Samples.floatToInt32(samples[i]), format, samples[i]);
        }
        return fromRaw(raw, format);
    }

    /**
     * Raw sample values (see the class comment) to bytes of a format; for FLOAT_LE the ints are
     * IEEE 754 bit patterns.
     *
     * @param raw    the samples
     * @param format the format
     * @return the PCM bytes
     */
    public static byte[] fromRaw(int[] raw, SampleFormat format) {
        if (format == SampleFormat.S16_LE) {
            final ByteBuffer b = le(2 * raw.length);
            for (int s : raw) {
                b.putShort((short) s);
            }
            return b.array();
        }
        return fromInts(raw);
    }

    private static int fromInt32(int int32, SampleFormat format, float value) {
        switch (format) {
            case S16_LE: return Samples.int32ToS16(int32);
            case S24_4LE: return Samples.int32ToS24(int32);
            case S32_LE: return int32;
            default: return Float.floatToRawIntBits(value);
        }
    }

    /**
     * Bytes to raw sample values (see the class comment).
     *
     * @param pcm    the bytes, a whole number of samples
     * @param format their format; FLOAT_LE is refused (use {@link #toFloats})
     * @return the samples
     * @throws IllegalArgumentException for FLOAT_LE or a partial sample
     */
    public static int[] toInts(byte[] pcm, SampleFormat format) {
        if (format == SampleFormat.FLOAT_LE) {
            throw new IllegalArgumentException("format=FLOAT_LE has no integer samples; use "
                    + "toFloats");
        }
        final ByteBuffer b = wrap(pcm, format);
        final int[] out = new int[pcm.length / format.containerBytes()];
        for (int i = 0; i < out.length; i++) {
            out[i] = format == SampleFormat.S16_LE ? b.getShort()
                    : format == SampleFormat.S24_4LE ? b.getInt() << 8 >> 8 : b.getInt();
        }
        return out;
    }

    /**
     * Bytes to full-scale floats: integer formats scaled to {@code [-1.0, 1.0)}, FLOAT_LE as
     * stored.
     *
     * @param pcm    the bytes, a whole number of samples
     * @param format their format
     * @return the samples
     */
    public static float[] toFloats(byte[] pcm, SampleFormat format) {
        final ByteBuffer b = wrap(pcm, format);
        final float[] out = new float[pcm.length / format.containerBytes()];
        for (int i = 0; i < out.length; i++) {
            switch (format) {
                case S16_LE: out[i] = Samples.int32ToFloat(b.getShort() << 16); break;
                case S24_4LE: out[i] = Samples.int32ToFloat(b.getInt() << 8); break;
                case S32_LE: out[i] = Samples.int32ToFloat(b.getInt()); break;
                default: out[i] = b.getFloat();
            }
        }
        return out;
    }

    private static ByteBuffer wrap(byte[] pcm, SampleFormat format) {
        Objects.requireNonNull(format, "format");
        if (pcm.length % format.containerBytes() != 0) {
            throw new IllegalArgumentException("bytes=" + pcm.length + " is not a whole number of "
                    + format + " samples");
        }
        return ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
