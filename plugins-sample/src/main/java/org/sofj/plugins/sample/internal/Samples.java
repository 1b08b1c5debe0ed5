package org.sofj.plugins.sample.internal;

import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;

/**
 * Wrap-aware bulk sample transfer between a fragment of a circular buffer and a Java array, plus
 * the little-endian and saturation helpers the modules share.
 *
 * <p>A fragment from {@code getData}/{@code getBuffer} may wrap: it runs from
 * {@link AudioRegion#address()} for {@link AudioRegion#contiguousLength()} bytes and continues at
 * {@link AudioRegion#bufferStart()}. Each transfer is therefore at most two bulk calls, each
 * checked once by the memory system. Buffers hold whole samples (SOF sizes them in frames and
 * aligns them to 64 bytes), so the wrap never splits a sample.
 *
 * <p>Hot path: no method allocates.
 */
final class Samples {
    /** 2^24, the scale of a Q8.24 gain. */
    static final double Q24 = 16777216.0;
    /** 2^30, the scale of a Q2.30 coefficient. */
    static final double Q30 = 1073741824.0;
    /** 2^31, the scale of a Q1.31 value. */
    static final double Q31 = 2147483648.0;

    private Samples() {
    }

    /**
     * Reads {@code count} little-endian shorts from the start of a fragment.
     *
     * @param access the checked accessor
     * @param region the fragment
     * @param dst    the destination, at least {@code count} long
     * @param count  the number of samples; {@code 2 * count <= region.length()}
     */
    static void readShorts(MemoryAccess access, AudioRegion region, short[] dst, int count) {
        final int first = (int) (Math.min(region.contiguousLength(), 2L * count) >>> 1);
        access.getShorts(region.address(), dst, 0, first);
        if (first < count) {
            access.getShorts(region.bufferStart(), dst, first, count - first);
        }
    }

    /**
     * Writes {@code count} little-endian shorts to the start of a fragment.
     *
     * @param access the checked accessor
     * @param region the fragment
     * @param src    the samples
     * @param count  the number of samples; {@code 2 * count <= region.length()}
     */
    static void writeShorts(MemoryAccess access, AudioRegion region, short[] src, int count) {
        final int first = (int) (Math.min(region.contiguousLength(), 2L * count) >>> 1);
        access.putShorts(region.address(), src, 0, first);
        if (first < count) {
            access.putShorts(region.bufferStart(), src, first, count - first);
        }
    }

    /**
     * Reads {@code count} little-endian ints (S32 samples or F32 bit patterns).
     *
     * @param access the checked accessor
     * @param region the fragment
     * @param dst    the destination, at least {@code count} long
     * @param count  the number of samples; {@code 4 * count <= region.length()}
     */
    static void readInts(MemoryAccess access, AudioRegion region, int[] dst, int count) {
        final int first = (int) (Math.min(region.contiguousLength(), 4L * count) >>> 2);
        access.getInts(region.address(), dst, 0, first);
        if (first < count) {
            access.getInts(region.bufferStart(), dst, first, count - first);
        }
    }

    /**
     * Writes {@code count} little-endian ints (S32 samples or F32 bit patterns).
     *
     * @param access the checked accessor
     * @param region the fragment
     * @param src    the samples
     * @param count  the number of samples; {@code 4 * count <= region.length()}
     */
    static void writeInts(MemoryAccess access, AudioRegion region, int[] src, int count) {
        final int first = (int) (Math.min(region.contiguousLength(), 4L * count) >>> 2);
        access.putInts(region.address(), src, 0, first);
        if (first < count) {
            access.putInts(region.bufferStart(), src, first, count - first);
        }
    }

    /**
     * Saturates to the S16 range.
     *
     * @param v a value
     * @return {@code v} clamped to {@code [-32768, 32767]}
     */
    static short sat16(long v) {
        return (short) (v > Short.MAX_VALUE ? Short.MAX_VALUE
                : v < Short.MIN_VALUE ? Short.MIN_VALUE : v);
    }

    /**
     * {@link Math#round(double)}, bit for bit (ties toward positive infinity), cheaper on JDK
     * 17, whose {@code Math.round} is a sequence of bit operations: truncate ({@code (long) x},
     * one instruction), then step by one where the fraction says so. {@code x - (long) x} is
     * exact below 2^62 (Sterbenz's lemma for {@code |x| >= 1}; {@code x} itself below), so the
     * tie tests are exact; larger values, infinities and NaN take {@code Math.round}.
     * {@code SamplesTest} compares the two over edge cases and random doubles.
     *
     * @param x a value
     * @return the closest long
     */
    static long round(double x) {
        if (!(Math.abs(x) < 0x1p62)) {
            return Math.round(x);
        }
        final long t = (long) x;
        final double frac = x - t;
        return t + (frac >= 0.5 ? 1 : 0) - (frac < -0.5 ? 1 : 0);
    }

    /**
     * {@code sat32(round(x))}, bit for bit: clamps to the S32 range (NaN passes through and
     * becomes 0, as {@code Math.round(NaN)} is 0), then {@link #roundInt}. Branch-free once JIT
     * compiled; {@code SamplesTest} compares it with the two calls.
     *
     * @param x a value
     * @return the closest int, saturated
     */
    static int roundSat32(double x) {
        return roundInt(x > 2147483647.0 ? 2147483647.0 : x < -2147483648.0 ? -2147483648.0 : x);
    }

    /**
     * {@code (int) Math.round(x)}, bit for bit, for {@code |x| <= 2^31 - 1} (callers that know
     * their value is in range skip {@link #roundSat32}'s clamp; NaN gives 0). {@link Math#rint}
     * (one instruction on x86 with SSE4.1) rounds to the nearest integer with ties to even;
     * {@code Math.round} takes ties up, so a tie that went down ({@code r - x == -0.5}) is
     * stepped up by one. {@code r - x} is exact: {@code |r - x| <= 0.5}, and either {@code r}
     * is 0 or the two are within a factor of two of each other (Sterbenz's lemma).
     *
     * @param x a value within {@code [-2^31, 2^31 - 1]}, or NaN
     * @return the closest int, ties toward positive infinity
     */
    static int roundInt(double x) {
        final double r = Math.rint(x);
        return (int) r + (r - x == -0.5 ? 1 : 0);
    }

    /**
     * {@code (int) Math.round(x)}, bit for bit, given {@code twice = 2x} (an exact product for
     * any {@code x} in range), for {@code |x| <= 2^31 - 1}: {@code Math.round(x)} is {@code
     * floor(x + 1/2) = floor((2x + 1) / 2)}, and with {@code t = floor(2x)} that is
     * {@code (t + 1) >> 1} (write {@code 2x = t + f}, {@code 0 <= f < 1}: if {@code t + 1} is
     * even the {@code f / 2} cannot reach the next integer; if it is odd, {@code (1 + f) / 2}
     * lies in {@code [1/2, 1)}). One floor ({@code roundsd}), a conversion, an add and a shift:
     * no compare, unlike {@link #roundInt}'s tie fix-up (tone's S32 loop: about 115 to 100 ns
     * per stereo period in a scratch loop). NaN gives 0. {@code SamplesTest} compares it with
     * {@code Math.round} at the edges, on ties and over random doubles.
     *
     * @param twice {@code 2x}, within {@code [-2^32, 2^32 - 2]}, or NaN
     * @return the int closest to {@code x}, ties toward positive infinity
     */
    static int roundHalfOf(double twice) {
        return (int) (((long) Math.floor(twice) + 1) >> 1);
    }

    /**
     * {@link #roundSat32}{@code (x)}, bit for bit, given {@code twice = 2x} (exact): the clamp at
     * twice the S32 limits, then {@link #roundHalfOf}. fir's engine makes {@code 2x} at no cost
     * (its taps carry the factor 2, and doubling is exact all through the double arithmetic),
     * so its output loop takes this, a few steps shorter than {@link #roundSat32}'s tie fix-up
     * ({@code SamplesTest} compares the two).
     *
     * @param twice {@code 2x}
     * @return the closest int to {@code x}, ties toward positive infinity, saturated
     */
    static int roundSatHalf32(double twice) {
        return roundHalfOf(twice > 4294967294.0 ? 4294967294.0
                : twice < -4294967296.0 ? -4294967296.0 : twice);
    }

    /**
     * {@link #roundSat16}{@code (x)}, bit for bit, given {@code twice = 2x}, as
     * {@link #roundSatHalf32} does it.
     *
     * @param twice {@code 2x}
     * @return the closest short to {@code x}, saturated
     */
    static short roundSatHalf16(double twice) {
        return (short) roundHalfOf(twice > 65534.0 ? 65534.0 : twice < -65536.0 ? -65536.0 : twice);
    }

    /**
     * {@code sat16(round(x))}, bit for bit, as {@link #roundSat32} does it.
     *
     * @param x a value
     * @return the closest short, saturated
     */
    static short roundSat16(double x) {
        return (short) roundInt(x > 32767.0 ? 32767.0 : x < -32768.0 ? -32768.0 : x);
    }

    /**
     * Saturates to the S32 range.
     *
     * @param v a value
     * @return {@code v} clamped to the int range
     */
    static int sat32(long v) {
        return (int) (v > Integer.MAX_VALUE ? Integer.MAX_VALUE
                : v < Integer.MIN_VALUE ? Integer.MIN_VALUE : v);
    }

    /**
     * Reads a little-endian int from a byte array.
     *
     * @param b   the array
     * @param off the first byte
     * @return the value
     */
    static int getIntLe(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF) << 16
                | (b[off + 3] & 0xFF) << 24;
    }

    /**
     * Writes a little-endian int into a byte array.
     *
     * @param b     the array
     * @param off   the first byte
     * @param value the value
     */
    static void putIntLe(byte[] b, int off, int value) {
        b[off] = (byte) value;
        b[off + 1] = (byte) (value >>> 8);
        b[off + 2] = (byte) (value >>> 16);
        b[off + 3] = (byte) (value >>> 24);
    }
}
