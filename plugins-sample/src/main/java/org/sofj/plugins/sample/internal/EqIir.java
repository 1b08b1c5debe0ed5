package org.sofj.plugins.sample.internal;

import java.util.Arrays;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.memory.MemoryView;

/**
 * {@code eq_iir}: a cascade of up to {@link #MAX_SECTIONS} biquads, transposed direct form II,
 * computed in double precision with per-channel state. DP, user mode; S16_LE, S32_LE and
 * FLOAT_LE; IBS = OBS = one period.
 *
 * <p>Configuration blob ({@code 4 + 20 * count} bytes, little-endian, any config id):
 * <pre>
 *   offset       size field
 *   0            4    count: number of sections, 0 .. 8 (0 = pass through)
 *   4 + 20*i     4    b0 of section i, signed Q2.30 (0x40000000 = 1.0)
 *   8 + 20*i     4    b1
 *   12 + 20*i    4    b2
 *   16 + 20*i    4    a1
 *   20 + 20*i    4    a2
 * </pre>
 * Each section is {@code H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)}; note the
 * sign convention: {@code y[n] = b0 x[n] + b1 x[n-1] + b2 x[n-2] - a1 y[n-1] - a2 y[n-2]}.
 * Sections run in blob order. A new blob clears the filter state. S16/S32 outputs are rounded
 * ({@link Math#round(double)}) and saturated; F32 outputs are not clipped. After init (and
 * {@code reset}) the count is 0.
 */
final class EqIir extends StreamFilter {
    /** The most sections a blob may hold. */
    static final int MAX_SECTIONS = 8;
    /** Bytes per section in the blob. */
    static final int SECTION_BYTES = 20;

    private final ConfigBlob blob = new ConfigBlob();
    private final byte[] config = new byte[4 + MAX_SECTIONS * SECTION_BYTES];
    /**
     * Per section {@code b0, c1, c2, a1, a2}: the blob's coefficients with {@code b1} and
     * {@code b2} replaced by {@code c1 = b1 - a1 b0} and {@code c2 = b2 - a2 b0}
     * ({@link #filterOne}).
     */
    private final double[] coef = new double[MAX_SECTIONS * 5];
    private int configBytes;
    private int sections;
    private double[] state;
    /** One period as doubles, filtered in place. */
    private double[] work;

    @Override
    protected int onInit(ModuleContext ctx) {
        state = new double[channels * MAX_SECTIONS * 2];
        work = new double[frames * channels];
        toDefaults();
        return 0;
    }

    private void toDefaults() {
        sections = 0;
        Arrays.fill(config, (byte) 0);
        configBytes = 4;
        Arrays.fill(state, 0.0);
        blob.clear();
    }

    /**
     * Runs every section over one period of interleaved samples in place, section by section and
     * channel by channel: the state lives in locals, and two channels run side by side, so the
     * processor overlaps their recurrences. Each sample sees the same operations in the same
     * order as a sample-by-sample cascade of the substituted recurrence ({@link #filterOne};
     * channels and sections are independent), so the result is bit for bit that cascade's
     * ({@code GoldenOutputTest}). Hot path.
     *
     * @param x {@code frames * channels} samples
     */
    void filter(double[] x) {
        filter(x, sections);
    }

    /** {@link #filter(double[])} through the first {@code n} sections only. */
    private void filter(double[] x, int n) {
        final double[] c = coef;
        final double[] s = state;
        final int ch = channels;
        for (int k = 0; k < n; k++) {
            final int ci = 5 * k;
            int c0 = 0;
            for (; c0 + 1 < ch; c0 += 2) {
                filterPair(x, null, ch, c0, c[ci], c[ci + 1], c[ci + 2], c[ci + 3], c[ci + 4], s,
                        stateIndex(c0, k), stateIndex(c0 + 1, k));
            }
            if (c0 < ch) {
                filterOne(x, ch, c0, c[ci], c[ci + 1], c[ci + 2], c[ci + 3], c[ci + 4], s,
                        stateIndex(c0, k));
            }
        }
    }

    private static int stateIndex(int channel, int section) {
        return (channel * MAX_SECTIONS + section) * 2;
    }

    /**
     * One section over one channel: {@code y = b0 v + s0; s0 = b1 v - a1 y + s1;
     * s1 = b2 v - a2 y}, computed with {@code y} substituted into the state updates
     * (the state is the same): {@code s0' = c1 v + s1 - a1 s0}, {@code s1' = c2 v - a2 s0}, with
     * {@code c1 = b1 - a1 b0} and {@code c2 = b2 - a2 b0} ({@link #coef}). The recurrence from one
     * sample's {@code s0} to the next is then a multiply and an add (about 6 cycles), not the
     * four dependent operations through {@code y} (about 12): a channel's samples cannot
     * overlap, so that chain is the loop's speed. The results differ from the unsubstituted
     * form's by the rounding of the doubles, far below one LSB ({@code GoldenOutputTest}).
     */
    private static void filterOne(double[] x, int ch, int channel, double b0, double c1,
            double c2, double a1, double a2, double[] s, int si) {
        double s0 = s[si];
        double s1 = s[si + 1];
        for (int i = channel; i < x.length; i += ch) {
            final double v = x[i];
            final double y = b0 * v + s0;
            final double n0 = c1 * v + s1 - a1 * s0;
            s1 = c2 * v - a2 * s0;
            s0 = n0;
            x[i] = y;
        }
        s[si] = s0;
        s[si + 1] = s1;
    }

    /**
     * {@link #filterOne} for channels {@code channel} and {@code channel + 1} in one loop. With
     * {@code out} (S32, the last section) each output is rounded and saturated into {@code out}
     * instead of written back to {@code x}, so the rounding runs in the recurrence's shadow; the
     * caller then passes {@code b0}, {@code c1} and {@code c2} doubled and the loop keeps the
     * state doubled, so that every value is exactly twice the undoubled one (a power of two
     * commutes with rounding, outside the subnormal range no rounded sample can see) and {@code y} comes out as {@code 2y}, which
     * {@link Samples#roundSatHalf32} rounds with fewer steps than {@link Samples#roundSat32}
     * (the same int, {@code SamplesTest}). {@code out} is loop-invariant: the JIT makes one loop
     * for each case.
     */
    private static void filterPair(double[] x, int[] out, int ch, int channel, double b0,
            double c1, double c2, double a1, double a2, double[] s, int si, int sj) {
        final double k = out == null ? 1.0 : 2.0;
        double p0 = s[si] * k;
        double p1 = s[si + 1] * k;
        double q0 = s[sj] * k;
        double q1 = s[sj + 1] * k;
        for (int i = channel; i + 1 < x.length; i += ch) {
            final double v = x[i];
            final double w = x[i + 1];
            final double y = b0 * v + p0;
            final double z = b0 * w + q0;
            final double n0 = c1 * v + p1 - a1 * p0;
            final double m0 = c1 * w + q1 - a1 * q0;
            p1 = c2 * v - a2 * p0;
            q1 = c2 * w - a2 * q0;
            p0 = n0;
            q0 = m0;
            if (out == null) {
                x[i] = y;
                x[i + 1] = z;
            } else {
                out[i] = Samples.roundSatHalf32(y);
                out[i + 1] = Samples.roundSatHalf32(z);
            }
        }
        s[si] = p0 / k;
        s[si + 1] = p1 / k;
        s[sj] = q0 / k;
        s[sj + 1] = q1 / k;
    }

    /**
     * {@link #filterPair} with {@code out} for a stereo period of one section that reads its
     * input from the ints themselves: {@code (double) buf[i]} is exactly the double the
     * conversion into {@link #work} made, so the output is bit for bit the two-pass one's
     * ({@code GoldenOutputTest}). In place: a frame's two samples are read before they are
     * written. Coefficients doubled as for {@link #filterPair}. A second loop of the same
     * recurrence, kept apart on purpose: as one method with {@link #filterPair} (the input
     * chosen by a loop-invariant test) the JIT compiled it too big to inline into
     * {@link #processS32} and the chain without the FIR lost the gain (docs/BENCHMARKS.md,
     * 2026-12-01 session 11).
     */
    private static void filterStereoS32(int[] buf, double b0, double c1, double c2, double a1,
            double a2, double[] s, int si, int sj) {
        double p0 = s[si] * 2.0;
        double p1 = s[si + 1] * 2.0;
        double q0 = s[sj] * 2.0;
        double q1 = s[sj + 1] * 2.0;
        final int frames = buf.length >> 1;
        for (int f = 0, i = 0; f < frames; f++, i += 2) {
            final double v = buf[i];
            final double w = buf[i + 1];
            final double y = b0 * v + p0;
            final double z = b0 * w + q0;
            final double n0 = c1 * v + p1 - a1 * p0;
            final double m0 = c1 * w + q1 - a1 * q0;
            p1 = c2 * v - a2 * p0;
            q1 = c2 * w - a2 * q0;
            p0 = n0;
            q0 = m0;
            buf[i] = Samples.roundSatHalf32(y);
            buf[i + 1] = Samples.roundSatHalf32(z);
        }
        s[si] = p0 / 2.0;
        s[si + 1] = p1 / 2.0;
        s[sj] = q0 / 2.0;
        s[sj + 1] = q1 / 2.0;
    }

    @Override
    protected void processS16(short[] buf) {
        final double[] x = work;
        for (int i = 0; i < buf.length; i++) {
            x[i] = buf[i];
        }
        filter(x);
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Samples.roundSat16(x[i]);
        }
    }

    @Override
    protected void processS32(int[] buf) {
        final int n = sections;
        final double[] c = coef;
        if (channels == 2 && n == 1) {
            // one section (the README's): it reads the ints itself, no period of doubles
            filterStereoS32(buf, 2 * c[0], 2 * c[1], 2 * c[2], c[3], c[4], state,
                    stateIndex(0, 0), stateIndex(1, 0));
            return;
        }
        final double[] x = work;
        for (int i = 0; i < buf.length; i++) {
            x[i] = buf[i];
        }
        if (channels == 2 && n > 0) {
            // the last section rounds as it goes: the rounding runs in the recurrence's shadow
            filter(x, n - 1);
            final int ci = 5 * (n - 1);
            filterPair(x, buf, 2, 0, 2 * c[ci], 2 * c[ci + 1], 2 * c[ci + 2], c[ci + 3],
                    c[ci + 4], state, stateIndex(0, n - 1), stateIndex(1, n - 1));
            return;
        }
        filter(x, n);
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Samples.roundSat32(x[i]);
        }
    }

    @Override
    protected void processF32(int[] buf) {
        final double[] x = work;
        for (int i = 0; i < buf.length; i++) {
            x[i] = Float.intBitsToFloat(buf[i]);
        }
        filter(x);
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Float.floatToRawIntBits((float) x[i]);
        }
    }

    /**
     * Assembles and applies the blob documented on the class.
     *
     * @return 0; {@code -Errno.EINVAL} for a blob shorter than 4 bytes, a count above 8, a size
     *     other than {@code 4 + 20 * count}, or a fragment error (the filter is then unchanged)
     */
    @Override
    public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        final int rc = blob.accept(position, dataOffsetSize, fragment);
        if (rc != ConfigBlob.COMPLETE) {
            return rc;
        }
        final byte[] b = blob.data();
        final int size = blob.size();
        if (size < 4) {
            return -Errno.EINVAL;
        }
        final int count = Samples.getIntLe(b, 0);
        if (count < 0 || count > MAX_SECTIONS || size != 4 + count * SECTION_BYTES) {
            return -Errno.EINVAL;
        }
        for (int i = 0; i < count * 5; i++) {
            coef[i] = Samples.getIntLe(b, 4 + 4 * i) / Samples.Q30;
        }
        for (int ci = 0; ci < count * 5; ci += 5) { // b0 b1 b2 a1 a2 -> b0 c1 c2 a1 a2
            coef[ci + 1] -= coef[ci + 3] * coef[ci];
            coef[ci + 2] -= coef[ci + 4] * coef[ci];
        }
        System.arraycopy(b, 0, config, 0, size);
        configBytes = size;
        sections = count;
        Arrays.fill(state, 0.0);
        return 0;
    }

    /**
     * Writes the applied blob.
     *
     * @return its size, or {@code -Errno.EINVAL} if the reply buffer is shorter
     */
    @Override
    public int getConfiguration(int configId, MemoryView response) {
        return ConfigBlob.reply(config, configBytes, response);
    }

    /**
     * Back to no sections and cleared state.
     *
     * @return 0
     */
    @Override
    public int reset() {
        toDefaults();
        return 0;
    }
}
