package org.sofj.plugins.sample.internal;

import java.util.Arrays;

/**
 * Uniformly partitioned overlap-save convolution (UPOLS) with no added latency: the FIR's engine.
 *
 * <p>The taps are cut into {@code K = ceil(taps / L)} partitions of {@code L} taps, where
 * {@code L} is the block (one period of frames). Each partition's spectrum is taken once, with a
 * complex FFT of size {@code N >= 2L - 1}: the smaller of the next power of two and the next
 * {@code 3 * 2^m} (96 rather than 128 for 48-frame periods). Per block, the last {@code N} input
 * samples are transformed once and kept in a ring of the last {@code K} input spectra (the
 * frequency-domain delay line); the output spectrum is the sum over partitions of input spectrum
 * {@code i - j} times partition spectrum {@code j}, and one inverse FFT gives the block's
 * {@code L} outputs (the last {@code L} points, which the circular wrap does not reach because
 * {@code N >= L + L - 1}). Partition {@code j} is delayed by {@code j * L} samples, exactly the
 * age of input spectrum {@code i - j}, so the output is the direct-form sum, not a delayed one.
 *
 * <p>Two real channels share one complex lane (one in the real part, one in the imaginary): the
 * taps are real, so the two never mix. Work per block and lane: two FFTs of size {@code N} and
 * {@code K * N} complex multiply-adds, against {@code 2 * L * taps} multiply-adds for the direct
 * form of two channels (for 1024 taps and {@code L = 48}: 22 x 96 complex multiply-adds, 8,448
 * real ones, plus the two transforms, against 98,304).
 *
 * <p>Where the time goes (issue 16; numbers in docs/BENCHMARKS.md): the transforms are
 * {@link Transform}'s (size 96 rather than 128 for 48-frame periods: a quarter fewer bins to
 * multiply). The spectra are rows of their own, so the multiply-add loop indexes every array by
 * the bin alone, which is what lets HotSpot's C2 vectorise it. Rows and twiddle tables are padded
 * and allocated together so that they share their alignment ({@link #ROW_PAD}).
 *
 * <p>Arithmetic is IEEE double in a fixed order (twiddles from {@link StrictMath}), so the same input
 * gives the same output bits on every run and JVM. The result differs from the direct form's double
 * sum by rounding only (about {@code 1e-15} of the signal's scale). {@link #process} allocates
 * nothing; everything is made by the constructor.
 */
final class PartitionedConvolution {
    /**
     * Doubles added to every spectrum row beyond the transform's size: for a size that is a
     * multiple of 8 (every size but 4 and 12), a row of {@code size + 6} doubles is a whole number
     * of 64-byte cache lines with the array header (16 bytes), so rows allocated one after another
     * start at the same address modulo 64. C2 aligns one array of a vectorised loop with its
     * pre-loop; when the others share that alignment, no 64-byte vector access (AVX-512) splits a
     * cache line. (With rows of {@code size + 2} doubles, a whole number of 32-byte units, every
     * other row was 32 bytes off: the engine took about a tenth longer.) The rows are allocated
     * right after {@link Transform96}'s tables and scratch row (padded the same way), so the
     * transforms' loops gain as well. A garbage collection that moves the arrays may break the
     * common alignment; the results do not depend on it, only the speed (numbers in
     * docs/BENCHMARKS.md).
     */
    static final int ROW_PAD = 6;

    private final int taps;
    private final int block;
    private final int parts;
    private final int lanes;
    /** The transforms, of size {@link #size}. */
    private final Transform fft;
    private final int size;
    /**
     * Partition spectra (in the transforms' own bin order), one row per partition. Rows, not one
     * flat array at offsets: C2's SuperWord vectorises the multiply-add only when every array in
     * the loop is indexed by the same expression, and treats two different loop-invariant offsets
     * as a possible overlap.
     */
    private final double[][] partRe;
    private final double[][] partIm;
    /** Rows per lane in {@link #delayRe}: {@code parts + 1}. */
    private final int ring;
    /**
     * Per lane {@code l}, a ring of {@link #ring} rows from row {@code l * ring}: the last
     * {@code parts} input spectra, and the row of the next block ({@code newest}), which holds the
     * window being filled: the last {@code size - block} input samples, oldest first, then the room
     * where the caller writes the block. The row after it is the oldest spectrum, which no sum
     * reads any more; the window moves on into it (its first {@code size - block} points) just
     * before the block's transform, so there is no separate window to copy from.
     */
    private final double[][] delayRe;
    private final double[][] delayIm;
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
        parts = (taps + block - 1) / block;
        // the row tables first, so that nothing is allocated between the
        // transform's twiddle tables and the rows (see ROW_PAD)
        partRe = new double[parts][];
        partIm = new double[parts][];
        ring = parts + 1;
        delayRe = new double[lanes * ring][];
        delayIm = new double[lanes * ring][];
        // overlap-save keeps block outputs of a partition of block taps: size >= 2 * block - 1
        fft = new Transform(2 * block - 1);
        size = fft.size();
        final int row = size + ROW_PAD;
        for (int j = 0; j < parts; j++) {
            partRe[j] = new double[row];
            partIm[j] = new double[row];
        }
        for (int r = 0; r < lanes * ring; r++) {
            delayRe[r] = new double[row];
            delayIm[r] = new double[row];
        }
        accRe = new double[row];
        accIm = new double[row];
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
        for (int j = 0; j < parts; j++) {
            Arrays.fill(partRe[j], 0.0);
            Arrays.fill(partIm[j], 0.0);
        }
        for (int k = 0; k < taps; k++) {
            final int j = k / block;
            partRe[j][k - j * block] = h[k] * norm;
        }
        for (int j = 0; j < parts; j++) {
            fft.forward(partRe[j], partIm[j]);
        }
    }

    /** Forgets all input (the delay lines); the taps stay. */
    void reset() {
        for (int r = 0; r < delayRe.length; r++) {
            Arrays.fill(delayRe[r], 0.0);
            Arrays.fill(delayIm[r], 0.0);
        }
        newest = 0;
    }

    /**
     * Filters one block of one lane in place: copies it into {@link #inputRe}/{@link #inputIm},
     * runs {@link #run} and copies the output back. Hot path: allocates nothing.
     *
     * @param lane the lane, {@code 0 .. lanes-1}
     * @param re   {@code block} samples of the lane's first channel; replaced by its output
     * @param im   {@code block} samples of the lane's second channel (zeros if none); replaced
     */
    void process(int lane, double[] re, double[] im) {
        final int at = inputAt();
        System.arraycopy(re, 0, inputRe(lane), at, block);
        System.arraycopy(im, 0, inputIm(lane), at, block);
        run(lane);
        System.arraycopy(accRe, size - block, re, 0, block);
        System.arraycopy(accIm, size - block, im, 0, block);
    }

    /** @return where the next block goes in {@link #inputRe} and {@link #inputIm} */
    int inputAt() {
        return size - block;
    }

    /**
     * @param lane the lane
     * @return where the lane's next block of its first channel goes, from {@link #inputAt}: a
     *     different array every round, so callers ask again before each round
     */
    double[] inputRe(int lane) {
        return delayRe[lane * ring + newest];
    }

    /**
     * @param lane the lane
     * @return where the lane's next block of its second channel goes, as {@link #inputRe}
     */
    double[] inputIm(int lane) {
        return delayIm[lane * ring + newest];
    }

    /** @return where {@link #run}'s output starts in {@link #outputRe()} and {@link #outputIm()} */
    int outputAt() {
        return size - block;
    }

    /** @return the first channel's output of the last {@link #run}, from {@link #outputAt} */
    double[] outputRe() {
        return accRe;
    }

    /** @return the second channel's output of the last {@link #run}, from {@link #outputAt} */
    double[] outputIm() {
        return accIm;
    }

    /**
     * Filters the lane's block that the caller wrote at {@link #inputAt} of {@link #inputRe} and
     * {@link #inputIm} (the second channel's
     * zeros if there is none); the output is at {@link #outputAt} of {@link #outputRe()} and
     * {@link #outputIm()} until the next call. Every lane must be run once per round, in any
     * order; the delay line advances after lane {@code lanes - 1}. Callers filling the input in
     * place spare the copies {@link #process} makes. Hot path: allocates nothing.
     *
     * @param lane the lane, {@code 0 .. lanes-1}
     */
    void run(int lane) {
        final int n = size;
        final int l = block;
        final int r = ring;
        final double[][] dr = delayRe;
        final double[][] di = delayIm;
        final int line = lane * r;
        final int slot = newest;
        final int next = slot + 1 == r ? 0 : slot + 1;
        // the window moves on by one block into the next row (the oldest spectrum, no longer
        // summed), so the next block can be written at its end; then this row is transformed
        System.arraycopy(dr[line + slot], l, dr[line + next], 0, n - l);
        System.arraycopy(di[line + slot], l, di[line + next], 0, n - l);
        fft.forward(dr[line + slot], di[line + slot]);
        sum(line, slot);
        fft.inverse(accRe, accIm, n - l);
        if (lane == lanes - 1) {
            newest = next;
        }
    }

    /**
     * The output spectrum into {@link #accRe}/{@link #accIm}: the newest input spectrum (at
     * {@code slot} of the lane's ring from row {@code line}) times partition 0 sets the sum, the
     * older ones times the later partitions add to it.
     */
    private void sum(int line, int slot) {
        final int n = size;
        final int k = parts;
        final int r = ring;
        final double[][] dr = delayRe;
        final double[][] di = delayIm;
        final double[] ar = accRe;
        final double[] ai = accIm;
        multiply(dr[line + slot], di[line + slot], partRe[0], partIm[0], ar, ai, n);
        for (int j = 1; j < k; j++) {
            final int s = slot - j < 0 ? slot - j + r : slot - j;
            if (n == 96) {
                // 48-frame periods: a constant trip count for the JIT (this call is inlined;
                // sum itself is not, so the constant has to be written here)
                multiplyAdd(dr[line + s], di[line + s], partRe[j], partIm[j], ar, ai, 96);
            } else {
                multiplyAdd(dr[line + s], di[line + s], partRe[j], partIm[j], ar, ai, n);
            }
        }
    }

    /** {@code acc = x * h}, complex, element by element (vectorised as {@link #multiplyAdd}). */
    private static void multiply(double[] xr, double[] xi, double[] hr, double[] hi,
            double[] ar, double[] ai, int n) {
        for (int b = 0; b < n; b++) {
            ar[b] = xr[b] * hr[b] - xi[b] * hi[b];
            ai[b] = xr[b] * hi[b] + xi[b] * hr[b];
        }
    }

    /**
     * {@code acc += x * h}, complex, element by element. Every array is indexed by {@code b} alone,
     * so the JIT vectorises the loop.
     */
    private static void multiplyAdd(double[] xr, double[] xi, double[] hr, double[] hi,
            double[] ar, double[] ai, int n) {
        for (int b = 0; b < n; b++) {
            final double a = xr[b];
            final double c = xi[b];
            final double e = hr[b];
            final double f = hi[b];
            ar[b] += a * e - c * f;
            ai[b] += a * f + c * e;
        }
    }
}
