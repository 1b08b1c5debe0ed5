package org.sofj.plugins.sample.internal;

/**
 * The complex FFTs of {@link PartitionedConvolution}: size {@code 2^m} or {@code 3 * 2^m}
 * ({@code 2^m >= 4}), in place on split real and imaginary arrays, without reordering. The forward
 * transform leaves the bins in its own order (bit-reversed within each power-of-two transform) and
 * the inverse takes that order in, so spectra that are only multiplied bin by bin never need a
 * reordering pass.
 *
 * <p>Size {@code 3 * 2^m}: one radix-3 stage around three power-of-two transforms. The power-of-two
 * forward transforms are decimation in frequency and the inverse ones decimation in time; each
 * stage reads its own twiddle table with unit stride; the last two stages are one radix-4 pass.
 * Size 96 (48-frame periods) is {@link Transform96}'s, in natural bin order, laid out so that
 * C2 vectorises most of its work.
 *
 * <p>Twiddles come from {@link StrictMath} and the arithmetic is double in a fixed order, so the
 * results are the same bits on every run and JVM. Nothing here allocates after construction.
 */
final class Transform {
    /** {@code sin(pi / 3)}: the imaginary part of the radix-3 twiddles. */
    private static final double SIN60 = StrictMath.sqrt(3.0) / 2;

    private final int size;
    /** The power-of-two transforms' size: {@code size}, or {@code size / 3} for radix 3. */
    private final int sub;
    /** Whether {@code size = 3 * sub}: one radix-3 stage around three power-of-two transforms. */
    private final boolean radix3;
    /**
     * Twiddles by stage of the power-of-two transforms: the stage whose butterflies span
     * {@code h} points reads {@code exp(-2 pi i k / (2h))} at index {@code h + k}, {@code k < h},
     * so each stage's loop walks its own table with unit stride.
     */
    private final double[] twRe;
    private final double[] twIm;
    /** Radix 3: {@code exp(-2 pi i q / size)} and its square at {@code q < sub}. */
    private final double[] w1Re;
    private final double[] w1Im;
    private final double[] w2Re;
    private final double[] w2Im;
    /** Size 96's own transforms, or null for every other size. */
    private final Transform96 size96;

    /**
     * @param min the least size wanted, {@code 1 .. 2^22}
     */
    Transform(int min) {
        size = sizeFor(min);
        radix3 = Integer.bitCount(size) == 2;
        sub = radix3 ? size / 3 : size;
        twRe = new double[sub];
        twIm = new double[sub];
        for (int h = 1; h < sub; h <<= 1) {
            for (int k = 0; k < h; k++) {
                final double a = -StrictMath.PI * k / h;
                twRe[h + k] = StrictMath.cos(a);
                twIm[h + k] = StrictMath.sin(a);
            }
        }
        size96 = size == Transform96.SIZE ? new Transform96() : null;
        final int w = radix3 && size96 == null ? sub : 0;
        w1Re = new double[w];
        w1Im = new double[w];
        w2Re = new double[w];
        w2Im = new double[w];
        for (int q = 0; q < w; q++) {
            final double a = -2 * StrictMath.PI * q / size;
            w1Re[q] = StrictMath.cos(a);
            w1Im[q] = StrictMath.sin(a);
            w2Re[q] = StrictMath.cos(2 * a);
            w2Im[q] = StrictMath.sin(2 * a);
        }
    }

    /**
     * @param min the least size wanted, {@code 1 .. 2^22}
     * @return the size a transform made with {@code min} has: the smallest {@code 2^m} or
     *     {@code 3 * 2^m} {@code >= min}, with {@code 2^m >= 4} so the last two stages are one
     *     radix-4 pass
     */
    static int sizeFor(int min) {
        if (min < 1 || min > 1 << 22) {
            throw new IllegalArgumentException("min=" + min + ": must be in [1, 2^22]");
        }
        final int need = Math.max(4, min);
        final int pow2 = ceilPow2(need);
        final int third = Math.max(4, ceilPow2((need + 2) / 3));
        return 3 * third < pow2 ? 3 * third : pow2;
    }

    private static int ceilPow2(int n) {
        final int p = Integer.highestOneBit(n);
        return p == n ? p : p << 1;
    }

    /** @return the size: the smallest {@code 2^m} or {@code 3 * 2^m} {@code >= min} (and 4) */
    int size() {
        return size;
    }

    /**
     * In-place forward FFT of {@code size} points, natural order in, the transforms' own bin order
     * out (bit-reversed within each power-of-two transform). The spectra are only multiplied bin by
     * bin and handed to {@link #inverse}, which takes that order in, so no pass ever reorders them.
     * Radix 3 ({@code size = 3 * sub}): one decimation-in-frequency radix-3 stage, then a
     * power-of-two transform of each third.
     */
    void forward(double[] re, double[] im) {
        if (!radix3) {
            forward2(re, im, 0, size);
            return;
        }
        final Transform96 t96 = size96;
        if (t96 != null) {
            t96.forward(re, im);
            return;
        }
        final int m = sub;
        forward3(re, im, m);
        forward2(re, im, 0, m);
        forward2(re, im, m, m);
        forward2(re, im, 2 * m, m);
    }

    /**
     * The radix-3 decimation-in-frequency stage: point {@code q} and its two partners {@code m}
     * and {@code 2m} away become the three thirds' inputs, the second and third twiddled by
     * {@code exp(-2 pi i q / size)} and its square. Every array is indexed by {@code q} plus a
     * constant once {@code m} is one, so the loop vectorises.
     */
    private void forward3(double[] re, double[] im, int m) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int q = 0; q < m; q++) {
            final double ar = re[q];
            final double ai = im[q];
            final double br = re[q + m];
            final double bi = im[q + m];
            final double cr = re[q + 2 * m];
            final double ci = im[q + 2 * m];
            final double sr = br + cr;
            final double si = bi + ci;
            final double tr = ar - 0.5 * sr;
            final double ti = ai - 0.5 * si;
            // -i sin(60) (b - c)
            final double ur = SIN60 * (bi - ci);
            final double ui = SIN60 * (cr - br);
            re[q] = ar + sr;
            im[q] = ai + si;
            final double xr = tr + ur;
            final double xi = ti + ui;
            re[q + m] = xr * c1[q] - xi * s1[q];
            im[q + m] = xr * s1[q] + xi * c1[q];
            final double yr = tr - ur;
            final double yi = ti - ui;
            re[q + 2 * m] = yr * c2[q] - yi * s2[q];
            im[q + 2 * m] = yr * s2[q] + yi * c2[q];
        }
    }

    /**
     * In-place forward FFT of the {@code n} points at {@code off} ({@code n} a power of two,
     * {@code >= 4}), decimation in frequency: natural order in, bit-reversed order out.
     */
    private void forward2(double[] re, double[] im, int off, int n) {
        final int end = off + n;
        final double[] tr = twRe;
        final double[] ti = twIm;
        for (int h = n >> 1; h >= 4; h >>= 1) {
            for (int g = off; g < end; g += 2 * h) {
                forwardGroup(re, im, g, h, tr, ti, h);
            }
        }
        radix4Forward(re, im, off, end);
    }

    /** The spans 2 and 1 as one radix-4 pass on the points {@code from .. end}: twiddles 1, -i. */
    private static void radix4Forward(double[] re, double[] im, int from, int end) {
        for (int g = from; g < end; g += 4) {
            final double sr0 = re[g] + re[g + 2];
            final double si0 = im[g] + im[g + 2];
            final double dr0 = re[g] - re[g + 2];
            final double di0 = im[g] - im[g + 2];
            final double sr1 = re[g + 1] + re[g + 3];
            final double si1 = im[g + 1] + im[g + 3];
            final double dr1 = im[g + 1] - im[g + 3];
            final double di1 = re[g + 3] - re[g + 1];
            re[g] = sr0 + sr1;
            im[g] = si0 + si1;
            re[g + 1] = sr0 - sr1;
            im[g + 1] = si0 - si1;
            re[g + 2] = dr0 + dr1;
            im[g + 2] = di0 + di1;
            re[g + 3] = dr0 - dr1;
            im[g + 3] = di0 - di1;
        }
    }

    /**
     * In-place inverse FFT of {@code size} points, without the {@code 1/size} (the partition
     * spectra carry it): {@link #forward}'s bin order in, natural order out. Only the points from
     * {@code tail} on are computed in the last stage ({@code tail >= size / 2} for a power of
     * two, {@code tail >= sub} for radix 3); the others are left as partial sums.
     */
    void inverse(double[] re, double[] im, int tail) {
        if (!radix3) {
            inverse2(re, im, 0, size, tail);
            return;
        }
        final Transform96 t96 = size96;
        if (t96 != null) {
            t96.inverse(re, im, tail);
            return;
        }
        final int m = sub;
        inverse2(re, im, 0, m, 0);
        inverse2(re, im, m, m, 0);
        inverse2(re, im, 2 * m, m, 0);
        inverse3(re, im, m);
    }

    /**
     * The radix-3 decimation-in-time stage, the conjugate of {@link #forward3}. It computes only
     * the second and third thirds of the output: {@code tail >= sub}, so the first is never kept.
     */
    private void inverse3(double[] re, double[] im, int m) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int q = 0; q < m; q++) {
            final double br = re[q + m];
            final double bi = im[q + m];
            final double cr = re[q + 2 * m];
            final double ci = im[q + 2 * m];
            // the conjugate twiddles
            final double xr = br * c1[q] + bi * s1[q];
            final double xi = bi * c1[q] - br * s1[q];
            final double yr = cr * c2[q] + ci * s2[q];
            final double yi = ci * c2[q] - cr * s2[q];
            final double sr = xr + yr;
            final double si = xi + yi;
            final double tr = re[q] - 0.5 * sr;
            final double ti = im[q] - 0.5 * si;
            // +i sin(60) (x - y)
            final double vr = SIN60 * (yi - xi);
            final double vi = SIN60 * (xr - yr);
            re[q + m] = tr + vr;
            im[q + m] = ti + vi;
            re[q + 2 * m] = tr - vr;
            im[q + 2 * m] = ti - vi;
        }
    }

    /**
     * In-place inverse FFT of the {@code n} points at {@code off} ({@code n} a power of two,
     * {@code >= 4}), decimation in time: bit-reversed order in, natural order out. With
     * {@code tail > 0} ({@code >= n / 2}) only the points from {@code off + tail} on are computed
     * in the last stage; with {@code tail == 0} all of them.
     */
    private void inverse2(double[] re, double[] im, int off, int n, int tail) {
        final int end = off + n;
        final double[] tr = twRe;
        final double[] ti = twIm;
        radix4Inverse(re, im, off, end);
        final int half = n >> 1;
        final int last = tail == 0 ? n : half;
        for (int h = 4; h < last; h <<= 1) {
            for (int g = off; g < end; g += 2 * h) {
                inverseGroup(re, im, g, h, tr, ti, h);
            }
        }
        if (tail == 0 || n == 4) {
            return; // all points computed, or the radix-4 pass was the whole transform
        }
        // the last span: only the outputs from tail on are kept, all of them in the upper half
        inverseUpper(re, im, off + tail - half, off + half, half, tr, ti, half - off);
    }

    /**
     * One decimation-in-frequency butterfly group: the points {@code a0 + j} and
     * {@code a0 + j + span} for {@code j < span}, the difference twiddled by
     * {@code tr/ti[t0 + j]}. Indexed by {@code j} plus invariants, the form SuperWord vectorises.
     */
    static void forwardGroup(double[] re, double[] im, int a0, int span, double[] tr,
            double[] ti, int t0) {
        for (int j = 0; j < span; j++) {
            final int a = a0 + j;
            final int b = a + span;
            final double ur = re[a];
            final double ui = im[a];
            final double vr = re[b];
            final double vi = im[b];
            re[a] = ur + vr;
            im[a] = ui + vi;
            final double dr = ur - vr;
            final double di = ui - vi;
            final double cr = tr[t0 + j];
            final double ci = ti[t0 + j];
            re[b] = dr * cr - di * ci;
            im[b] = dr * ci + di * cr;
        }
    }

    /**
     * One decimation-in-time butterfly group with conjugate twiddles, the inverse of
     * {@link #forwardGroup}'s (up to the factor 2): the same points and twiddle indices.
     */
    static void inverseGroup(double[] re, double[] im, int a0, int span, double[] tr,
            double[] ti, int t0) {
        for (int j = 0; j < span; j++) {
            final int a = a0 + j;
            final int b = a + span;
            final double cr = tr[t0 + j];
            final double ci = ti[t0 + j];
            final double xr = re[b];
            final double xi = im[b];
            final double vr = xr * cr + xi * ci;
            final double vi = xi * cr - xr * ci;
            final double ur = re[a];
            final double ui = im[a];
            re[a] = ur + vr;
            im[a] = ui + vi;
            re[b] = ur - vr;
            im[b] = ui - vi;
        }
    }

    /**
     * The upper outputs of an inverse butterfly span only (the lower ones are not kept): for
     * {@code k} in {@code from .. to}, point {@code k + half} from the points {@code k} and
     * {@code k + half}, the twiddle {@code tr/ti[t0 + k]}.
     */
    static void inverseUpper(double[] re, double[] im, int from, int to, int half, double[] tr,
            double[] ti, int t0) {
        for (int k = from; k < to; k++) {
            final int b = k + half;
            final double cr = tr[t0 + k];
            final double ci = ti[t0 + k];
            final double xr = re[b];
            final double xi = im[b];
            re[b] = re[k] - (xr * cr + xi * ci);
            im[b] = im[k] - (xi * cr - xr * ci);
        }
    }

    /** The spans 1 and 2 as one radix-4 pass on the points {@code from .. end}: twiddles 1, +i. */
    private static void radix4Inverse(double[] re, double[] im, int from, int end) {
        for (int g = from; g < end; g += 4) {
            final double ar0 = re[g] + re[g + 1];
            final double ai0 = im[g] + im[g + 1];
            final double ar1 = re[g] - re[g + 1];
            final double ai1 = im[g] - im[g + 1];
            final double ar2 = re[g + 2] + re[g + 3];
            final double ai2 = im[g + 2] + im[g + 3];
            final double vr = im[g + 3] - im[g + 2];
            final double vi = re[g + 2] - re[g + 3];
            re[g] = ar0 + ar2;
            im[g] = ai0 + ai2;
            re[g + 2] = ar0 - ar2;
            im[g + 2] = ai0 - ai2;
            re[g + 1] = ar1 + vr;
            im[g + 1] = ai1 + vi;
            re[g + 3] = ar1 - vr;
            im[g + 3] = ai1 - vi;
        }
    }
}
