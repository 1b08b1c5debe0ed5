package org.sofj.plugins.sample.internal;

import java.util.Arrays;

/**
 * Uniformly partitioned overlap-save convolution (UPOLS) with no added latency: the FIR's engine.
 *
 * <p>The taps are cut into {@code K = ceil(taps / L)} partitions of {@code L} taps, where
 * {@code L} is the block (one period of frames). Each partition's spectrum is taken once, with a
 * complex FFT of size {@code N}, the smallest power of two {@code >= 2L}. Per block, the last
 * {@code N} input samples are transformed once and kept in a ring of the last {@code K} input
 * spectra (the frequency-domain delay line); the output spectrum is the sum over partitions of
 * input spectrum {@code i - j} times partition spectrum {@code j}, and one inverse FFT gives the
 * block's {@code L} outputs (the last {@code L} points, which the circular wrap does not reach
 * because {@code N >= L + L - 1}). Partition {@code j} is delayed by {@code j * L} samples, exactly
 * the age of input spectrum {@code i - j}, so the output is the direct-form sum, not a delayed one.
 *
 * <p>Two real channels share one complex lane (one in the real part, one in the imaginary): the
 * taps are real, so the two never mix. Work per block and lane: two FFTs of size {@code N} and
 * {@code K * N} complex multiply-adds, against {@code 2 * L * taps} multiply-adds for the direct
 * form of two channels (for 1024 taps and {@code L = 48}: about 23,000 real operations against
 * 98,000).
 *
 * <p>Arithmetic is IEEE double in a fixed order (twiddles from {@link StrictMath}), so the same input
 * gives the same output bits on every run and JVM. The result differs from the direct form's double
 * sum by rounding only (about {@code 1e-15} of the signal's scale). {@link #process} allocates
 * nothing; everything is made by the constructor.
 */
final class PartitionedConvolution {
    private final int taps;
    private final int block;
    private final int size;
    private final int parts;
    private final int lanes;
    private final int[] reverse;
    private final double[] cos;
    private final double[] sin;
    /** Partition spectra, partition {@code j} at {@code j * size}. */
    private final double[] partRe;
    private final double[] partIm;
    /** Per lane: the last {@code size} input samples, oldest first. */
    private final double[] windowRe;
    private final double[] windowIm;
    /** Per lane: the last {@code parts} input spectra, a ring. */
    private final double[] delayRe;
    private final double[] delayIm;
    private final double[] accRe;
    private final double[] accIm;
    private int newest;

    /**
     * @param taps  the number of taps, {@code >= 1}
     * @param block samples per channel per call, {@code >= 1}
     * @param lanes complex lanes (two real channels each), {@code >= 1}
     */
    PartitionedConvolution(int taps, int block, int lanes) {
        if (taps < 1 || block < 1 || block > 1 << 20 || lanes < 1) {
            throw new IllegalArgumentException("taps=" + taps + " block=" + block
                    + " lanes=" + lanes);
        }
        this.taps = taps;
        this.block = block;
        this.lanes = lanes;
        size = Integer.highestOneBit(2 * block - 1) << 1;
        parts = (taps + block - 1) / block;
        reverse = new int[size];
        final int bits = Integer.numberOfTrailingZeros(size);
        for (int i = 0; i < size; i++) {
            reverse[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        cos = new double[size / 2 + 1];
        sin = new double[size / 2 + 1];
        for (int k = 0; k < cos.length; k++) {
            final double a = -2.0 * StrictMath.PI * k / size;
            cos[k] = StrictMath.cos(a);
            sin[k] = StrictMath.sin(a);
        }
        partRe = new double[parts * size];
        partIm = new double[parts * size];
        windowRe = new double[lanes * size];
        windowIm = new double[lanes * size];
        delayRe = new double[lanes * parts * size];
        delayIm = new double[lanes * parts * size];
        accRe = new double[size];
        accIm = new double[size];
    }

    /** @return the FFT size */
    int size() {
        return size;
    }

    /** @return the number of partitions */
    int parts() {
        return parts;
    }

    /**
     * Takes the partition spectra of {@code h[k] * scale}. Allocates nothing; costs
     * {@link #parts()} FFTs, so callers do it only when the taps change.
     *
     * @param h     {@code taps} taps
     * @param scale a factor applied to every tap (a power of two keeps it exact)
     */
    void setTaps(int[] h, double scale) {
        final double norm = scale / size;
        Arrays.fill(partRe, 0.0);
        Arrays.fill(partIm, 0.0);
        for (int k = 0; k < taps; k++) {
            final int j = k / block;
            partRe[j * size + k - j * block] = h[k] * norm;
        }
        for (int j = 0; j < parts; j++) {
            fft(partRe, partIm, j * size);
        }
    }

    /** Forgets all input (the delay lines); the taps stay. */
    void reset() {
        Arrays.fill(windowRe, 0.0);
        Arrays.fill(windowIm, 0.0);
        Arrays.fill(delayRe, 0.0);
        Arrays.fill(delayIm, 0.0);
        newest = 0;
    }

    /**
     * Filters one block of one lane in place. Every lane must be given one block per round, in any
     * order; the delay line advances after lane {@code lanes - 1}. Hot path: allocates nothing.
     *
     * @param lane the lane, {@code 0 .. lanes-1}
     * @param re   {@code block} samples of the lane's first channel; replaced by its output
     * @param im   {@code block} samples of the lane's second channel (zeros if none); replaced
     */
    void process(int lane, double[] re, double[] im) {
        final int n = size;
        final int l = block;
        final int k = parts;
        final double[] wr = windowRe;
        final double[] wi = windowIm;
        final int w = lane * n;
        System.arraycopy(wr, w + l, wr, w, n - l);
        System.arraycopy(wi, w + l, wi, w, n - l);
        System.arraycopy(re, 0, wr, w + n - l, l);
        System.arraycopy(im, 0, wi, w + n - l, l);
        final double[] dr = delayRe;
        final double[] di = delayIm;
        final int lineBase = lane * k * n;
        final int slot = newest;
        System.arraycopy(wr, w, dr, lineBase + slot * n, n);
        System.arraycopy(wi, w, di, lineBase + slot * n, n);
        fft(dr, di, lineBase + slot * n);
        final double[] ar = accRe;
        final double[] ai = accIm;
        Arrays.fill(ar, 0.0);
        Arrays.fill(ai, 0.0);
        for (int j = 0; j < k; j++) {
            final int s = slot - j < 0 ? slot - j + k : slot - j;
            multiplyAdd(dr, di, lineBase + s * n, j * n, ar, ai, n);
        }
        // inverse FFT as conj(FFT(conj(Y))); the 1/N is already in the partition spectra
        for (int i = 0; i < n; i++) {
            ai[i] = -ai[i];
        }
        fft(ar, ai, 0);
        final int tail = n - l;
        for (int i = 0; i < l; i++) {
            re[i] = ar[tail + i];
            im[i] = -ai[tail + i];
        }
        if (lane == lanes - 1) {
            newest = slot + 1 == k ? 0 : slot + 1;
        }
    }

    /** {@code acc += x * part}, complex, element by element (the JIT vectorises this loop). */
    private void multiplyAdd(double[] xr, double[] xi, int x, int p, double[] ar, double[] ai,
            int n) {
        final double[] hr = partRe;
        final double[] hi = partIm;
        for (int b = 0; b < n; b++) {
            final double a = xr[x + b];
            final double c = xi[x + b];
            final double e = hr[p + b];
            final double f = hi[p + b];
            ar[b] += a * e - c * f;
            ai[b] += a * f + c * e;
        }
    }

    /** In-place forward complex FFT of {@code size} points at {@code off}: radix 2, in time. */
    private void fft(double[] re, double[] im, int off) {
        final int n = size;
        final int[] rev = reverse;
        for (int i = 0; i < n; i++) {
            final int j = rev[i];
            if (j > i) {
                final double tr = re[off + i];
                re[off + i] = re[off + j];
                re[off + j] = tr;
                final double ti = im[off + i];
                im[off + i] = im[off + j];
                im[off + j] = ti;
            }
        }
        final double[] c = cos;
        final double[] s = sin;
        for (int half = 1; half < n; half <<= 1) {
            final int step = n / (2 * half);
            for (int k = 0; k < half; k++) {
                final double wr = c[k * step];
                final double wi = s[k * step];
                for (int a = off + k; a < off + n; a += 2 * half) {
                    final int b = a + half;
                    final double tr = re[b] * wr - im[b] * wi;
                    final double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
