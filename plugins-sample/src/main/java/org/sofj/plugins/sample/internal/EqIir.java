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
    private final double[] coef = new double[MAX_SECTIONS * 5];
    private int configBytes;
    private int sections;
    private double[] state;

    @Override
    protected int onInit(ModuleContext ctx) {
        state = new double[channels * MAX_SECTIONS * 2];
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
     * Filters one sample of one channel through every section. Hot path.
     *
     * @param x       the input
     * @param channel the channel, which selects the state
     * @return the output
     */
    private double filter(double x, int channel) {
        final double[] c = coef;
        final double[] s = state;
        final int n = sections;
        double v = x;
        int si = channel * MAX_SECTIONS * 2;
        for (int k = 0, ci = 0; k < n; k++, ci += 5, si += 2) {
            final double y = c[ci] * v + s[si];
            s[si] = c[ci + 1] * v - c[ci + 3] * y + s[si + 1];
            s[si + 1] = c[ci + 2] * v - c[ci + 4] * y;
            v = y;
        }
        return v;
    }

    @Override
    protected void processS16(short[] buf) {
        final int ch = channels;
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Samples.sat16(Samples.round(filter(buf[i], i % ch)));
        }
    }

    @Override
    protected void processS32(int[] buf) {
        final int ch = channels;
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Samples.sat32(Samples.round(filter(buf[i], i % ch)));
        }
    }

    @Override
    protected void processF32(int[] buf) {
        final int ch = channels;
        for (int i = 0; i < buf.length; i++) {
            buf[i] = Float.floatToRawIntBits((float) filter(Float.intBitsToFloat(buf[i]), i % ch));
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
