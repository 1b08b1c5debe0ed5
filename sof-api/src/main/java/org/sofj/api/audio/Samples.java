package org.sofj.api.audio;

import org.sofj.api.memory.MemoryAccess;

/**
 * Sample conversions for module authors: read sample {@code i} of a fragment in any
 * {@link SampleFormat} as a float or as a left-justified 32-bit integer, and write it back with
 * saturation, so one processing loop serves every format.
 *
 * <p>Conventions: a left-justified {@code int} holds the sample in its top bits (S16 {@code << 16},
 * S24 {@code << 8}, S32 as is), so full scale is {@link Integer#MIN_VALUE} ..
 * {@link Integer#MAX_VALUE} whatever the format. Floats are full scale at {@code [-1.0, 1.0)}.
 * S24_4LE samples sit in the low 24 bits of their container; the top byte is ignored on reading
 * and written as the sign extension. Narrowing rounds to nearest and saturates, as SOF's
 * {@code sat_int16}/{@code sat_int24} do; NaN becomes 0.
 *
 * <p>Pure static functions: any thread, no allocation. Memory reads and writes go through the
 * caller's {@link MemoryAccess}, so the memory system checks them as usual, and through
 * {@link AudioRegion#addressAt}, so a fragment that wraps is handled.
 */
public final class Samples {
    private static final float INT32_SCALE = 2147483648f; // 2^31
    private static final int S24_MAX = (1 << 23) - 1;
    private static final int S24_MIN = -(1 << 23);

    private Samples() {
    }

    /**
     * Reads sample {@code index} of a fragment as a left-justified 32-bit integer.
     *
     * @param access the caller's accessor
     * @param region the fragment
     * @param index  the sample index (frames times channels plus channel), from 0
     * @param format the sample format
     * @return the sample, full scale {@code [Integer.MIN_VALUE, Integer.MAX_VALUE]}
     * @throws org.sofj.api.MemoryFault if the calling thread may not read it
     */
    public static int readInt32(MemoryAccess access, AudioRegion region, int index,
            SampleFormat format) {
        final long address = region.addressAt((long) index * format.containerBytes());
        switch (format) {
            case S16_LE:
                return access.getShort(address) << 16;
            case S24_4LE:
                return access.getInt(address) << 8;
            case S32_LE:
                return access.getInt(address);
            case FLOAT_LE:
                return floatToInt32(access.getFloat(address));
            default:
                throw new IllegalArgumentException("format=" + format);
        }
    }

    /**
     * Reads sample {@code index} of a fragment as a float.
     *
     * @param access the caller's accessor
     * @param region the fragment
     * @param index  the sample index, from 0
     * @param format the sample format
     * @return the sample, full scale {@code [-1.0, 1.0)}; a float sample as stored
     * @throws org.sofj.api.MemoryFault if the calling thread may not read it
     */
    public static float readFloat(MemoryAccess access, AudioRegion region, int index,
            SampleFormat format) {
        if (format == SampleFormat.FLOAT_LE) {
            return access.getFloat(region.addressAt((long) index * format.containerBytes()));
        }
        return int32ToFloat(readInt32(access, region, index, format));
    }

    /**
     * Writes a left-justified 32-bit sample at {@code index}, narrowed with rounding and
     * saturation.
     *
     * @param access the caller's accessor
     * @param region the fragment
     * @param index  the sample index, from 0
     * @param format the sample format
     * @param value  the sample, left-justified
     * @throws org.sofj.api.MemoryFault if the calling thread may not write it
     */
    public static void writeInt32(MemoryAccess access, AudioRegion region, int index,
            SampleFormat format, int value) {
        final long address = region.addressAt((long) index * format.containerBytes());
        switch (format) {
            case S16_LE:
                access.putShort(address, int32ToS16(value));
                break;
            case S24_4LE:
                access.putInt(address, int32ToS24(value));
                break;
            case S32_LE:
                access.putInt(address, value);
                break;
            case FLOAT_LE:
                access.putFloat(address, int32ToFloat(value));
                break;
            default:
                throw new IllegalArgumentException("format=" + format);
        }
    }

    /**
     * Writes a float sample at {@code index}: integer formats saturate at full scale; a float
     * format is clamped to {@code [-1.0, 1.0]}.
     *
     * @param access the caller's accessor
     * @param region the fragment
     * @param index  the sample index, from 0
     * @param format the sample format
     * @param value  the sample
     * @throws org.sofj.api.MemoryFault if the calling thread may not write it
     */
    public static void writeFloat(MemoryAccess access, AudioRegion region, int index,
            SampleFormat format, float value) {
        if (format == SampleFormat.FLOAT_LE) {
            final float v = value != value ? 0f : Math.max(-1f, Math.min(1f, value));
            access.putFloat(region.addressAt((long) index * format.containerBytes()), v);
            return;
        }
        writeInt32(access, region, index, format, floatToInt32(value));
    }

    /**
     * A float to a left-justified 32-bit integer: {@code value * 2^31}, rounded, saturated.
     *
     * @param value the sample
     * @return the integer sample; NaN gives 0
     */
    public static int floatToInt32(float value) {
        final double scaled = Math.rint((double) value * INT32_SCALE);
        if (scaled != scaled) {
            return 0;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, scaled));
    }

    /**
     * A left-justified 32-bit integer to a float: {@code value / 2^31}.
     *
     * @param value the integer sample
     * @return the float sample in {@code [-1.0, 1.0]}
     */
    public static float int32ToFloat(int value) {
        return value / INT32_SCALE;
    }

    /**
     * Narrows a left-justified sample to S16, rounding to nearest and saturating.
     *
     * @param value the sample
     * @return the 16-bit sample
     */
    public static short int32ToS16(int value) {
        final long r = ((long) value + (1L << 15)) >> 16;
        return (short) Math.min(Short.MAX_VALUE, r);
    }

    /**
     * Narrows a left-justified sample to S24 in a 32-bit container (sign-extended), rounding to
     * nearest and saturating.
     *
     * @param value the sample
     * @return the container value, in {@code [-2^23, 2^23 - 1]}
     */
    public static int int32ToS24(int value) {
        final long r = ((long) value + (1L << 7)) >> 8;
        return (int) Math.max(S24_MIN, Math.min(S24_MAX, r));
    }
}
