package org.sofj.plugins.sample.internal;

/**
 * The 96-point transforms of {@link Transform} (48-frame periods), laid out so that HotSpot 17's
 * SuperWord vectorises most of their work, and with every loop's bounds constants, so that the
 * library loader leaves them without a preemption check or a chunk (docs/threat-model.md §5).
 *
 * <p>96 = 3 x 32 with the radix-3 step on the outside. The forward transform takes the three
 * 32-point transforms of the decimated inputs {@code x[3n + t]} first. Point {@code n} of
 * transform {@code t} lives at {@code 3n + t}, where {@code x[3n + t]} already is, so the three
 * run in lockstep: a stage whose butterflies span {@code h} points of a 32-point transform pairs
 * {@code a} with {@code a + 3h}, and for one group of {@code 2h} points the {@code 3h}
 * butterflies sit at consecutive {@code a}. Spans 16 and 8 run so, as loops of 48 and 24
 * butterflies that SuperWord vectorises (every index the loop variable plus a constant, the
 * twiddles stored by position). What is left of each 32-point transform is four 8-point
 * transforms, twelve in all, whose points sit three apart: too short a run to vectorise, so each
 * is one scalar 8-point DFT ({@link #dft8}: 52 additions and 4 multiplications, no table), which
 * writes its bins into a scratch row in natural order, each transform in its own third. There
 * the radix-3 step is two loops over whole thirds that vectorise: the second and third thirds
 * times their twiddles, then the 32 three-point DFTs. (One loop for both is too big for C2 to
 * unroll, and it ran scalar at twice the time; it would also pass the loader's budget of
 * instructions for a loop without a check.) The inverse is the same in reverse: its
 * 8-point and 3-point DFTs and its twiddles are the forward ones on the real and imaginary parts
 * swapped (which conjugates a transform), its spans 8 and 16 are decimation-in-time butterflies
 * with conjugate twiddles.
 *
 * <p>Bin order: natural. The forward transform leaves bin {@code k} at {@code k}; the inverse
 * takes natural order in and gives natural order out. Twiddles from {@link StrictMath}, double
 * arithmetic in a fixed order: the same bits on every run and JVM. Nothing here allocates after
 * construction.
 */
final class Transform96 {
    /** The size. */
    static final int SIZE = 96;
    /** {@code sin(pi / 3)}: the imaginary part of the radix-3 twiddles. */
    private static final double SIN60 = StrictMath.sqrt(3.0) / 2;
    /** {@code sqrt(1/2)}: the 8-point DFT's odd twiddles. */
    private static final double C8 = StrictMath.sqrt(0.5);
    /** Every table and the scratch row: {@link PartitionedConvolution#ROW_PAD} doubles longer. */
    private static final int ROW = SIZE + PartitionedConvolution.ROW_PAD;

    /**
     * Twiddles of the spans 16 and 8 by position: {@code span16Re[a]} is the twiddle of the
     * butterfly whose upper point is {@code a}, {@code exp(-2 pi i k / 32)} for the point's index
     * {@code k = a / 3} within its 32-point transform (and the same for span 8). Every table here
     * is {@link PartitionedConvolution#ROW_PAD} doubles longer than it needs, so that it shares
     * its address modulo 64 with the spectrum rows the engine allocates right after it (the
     * extra entries are never read).
     */
    private final double[] span16Re = new double[ROW];
    private final double[] span16Im = new double[ROW];
    private final double[] span8Re = new double[ROW];
    private final double[] span8Im = new double[ROW];
    /**
     * Radix 3 by position in the scratch row: {@code exp(-2 pi i k / 96)} at {@code 32 + k} and
     * its square at {@code 64 + k} ({@code k < 32}); the first third is not read.
     */
    private final double[] w3Re = new double[ROW];
    private final double[] w3Im = new double[ROW];
    /** The three 32-point spectra (forward) or inputs (inverse), one third each. */
    private final double[] midRe = new double[ROW];
    private final double[] midIm = new double[ROW];

    Transform96() {
        span(16, span16Re, span16Im);
        span(8, span8Re, span8Im);
        for (int k = 0; k < 32; k++) {
            final double a = -2 * StrictMath.PI * k / SIZE;
            w3Re[32 + k] = StrictMath.cos(a);
            w3Im[32 + k] = StrictMath.sin(a);
            w3Re[64 + k] = StrictMath.cos(2 * a);
            w3Im[64 + k] = StrictMath.sin(2 * a);
        }
    }

    /** Fills the position-indexed twiddles of the stage of span {@code h}. */
    private static void span(int h, double[] re, double[] im) {
        for (int a = 0; a < SIZE; a++) {
            final int k = (a / 3) % (2 * h);
            if (k < h) {
                final double angle = -StrictMath.PI * k / h;
                re[a] = StrictMath.cos(angle);
                im[a] = StrictMath.sin(angle);
            }
        }
    }

    /** In-place forward transform: natural order in, natural order out. */
    void forward(double[] re, double[] im) {
        span16Forward(re, im, span16Re, span16Im);
        span8Forward(re, im, 0, span8Re, span8Im);
        span8Forward(re, im, 48, span8Re, span8Im);
        final double[] mr = midRe;
        final double[] mi = midIm;
        // the 8-point transforms of block b (points 8b .. 8b + 7 of each 32-point transform)
        // hold the bins 4j + c of it, c = 0, 2, 1, 3 for b = 0 .. 3 (decimation in frequency)
        for (int t = 0; t < 3; t++) {
            dft8(re, im, t, mr, mi, 32 * t);
            dft8(re, im, 24 + t, mr, mi, 32 * t + 2);
            dft8(re, im, 48 + t, mr, mi, 32 * t + 1);
            dft8(re, im, 72 + t, mr, mi, 32 * t + 3);
        }
        twiddle(mr, mi, w3Re, w3Im);
        radix3(mr, mi, re, im);
    }

    /**
     * In-place inverse transform without the {@code 1/96}: natural order in, natural order out.
     * With {@code tail >= 48} only the points from 48 on are computed in the last stage (the
     * others are left as partial sums); otherwise all of them.
     */
    void inverse(double[] re, double[] im, int tail) {
        final double[] mr = midRe;
        final double[] mi = midIm;
        // the forward steps in reverse, each conjugated by swapping real and imaginary parts
        radix3(im, re, mi, mr);
        twiddle(mi, mr, w3Re, w3Im);
        for (int t = 0; t < 3; t++) {
            dft8i(mi, mr, 32 * t, im, re, t);
            dft8i(mi, mr, 32 * t + 2, im, re, 24 + t);
            dft8i(mi, mr, 32 * t + 1, im, re, 48 + t);
            dft8i(mi, mr, 32 * t + 3, im, re, 72 + t);
        }
        span8Inverse(re, im, 0, span8Re, span8Im);
        span8Inverse(re, im, 48, span8Re, span8Im);
        if (tail >= 48) {
            span16InverseUpper(re, im, span16Re, span16Im);
        } else {
            span16Inverse(re, im, span16Re, span16Im);
        }
    }

    /** Span 16 of the three 32-point transforms: 48 butterflies, {@code a} with {@code a + 48}. */
    private static void span16Forward(double[] re, double[] im, double[] tr, double[] ti) {
        for (int a = 0; a < 48; a++) {
            final double ur = re[a];
            final double ui = im[a];
            final double vr = re[a + 48];
            final double vi = im[a + 48];
            re[a] = ur + vr;
            im[a] = ui + vi;
            final double dr = ur - vr;
            final double di = ui - vi;
            re[a + 48] = dr * tr[a] - di * ti[a];
            im[a + 48] = dr * ti[a] + di * tr[a];
        }
    }

    /** Span 8, the group from {@code g}: 24 butterflies, {@code g + a} with {@code g + a + 24}. */
    private static void span8Forward(double[] re, double[] im, int g, double[] tr, double[] ti) {
        for (int a = 0; a < 24; a++) {
            final double ur = re[g + a];
            final double ui = im[g + a];
            final double vr = re[g + a + 24];
            final double vi = im[g + a + 24];
            re[g + a] = ur + vr;
            im[g + a] = ui + vi;
            final double dr = ur - vr;
            final double di = ui - vi;
            re[g + a + 24] = dr * tr[g + a] - di * ti[g + a];
            im[g + a + 24] = dr * ti[g + a] + di * tr[g + a];
        }
    }

    /**
     * One 8-point DFT: the points at {@code i + 3m} ({@code m < 8}) of {@code x} into the bins
     * at {@code o + 4j} of {@code y}, natural order (decimation in frequency, twiddles 1,
     * (1 - i)/sqrt 2, -i, -(1 + i)/sqrt 2).
     */
    private static void dft8(double[] xr, double[] xi, int i, double[] yr, double[] yi, int o) {
        final int i4 = i + 12;
        final double a0r = xr[i];
        final double a0i = xi[i];
        final double a1r = xr[i + 3];
        final double a1i = xi[i + 3];
        final double a2r = xr[i + 2 * 3];
        final double a2i = xi[i + 2 * 3];
        final double a3r = xr[i + 3 * 3];
        final double a3i = xi[i + 3 * 3];
        final double a4r = xr[i4];
        final double a4i = xi[i4];
        final double a5r = xr[i4 + 3];
        final double a5i = xi[i4 + 3];
        final double a6r = xr[i4 + 2 * 3];
        final double a6i = xi[i4 + 2 * 3];
        final double a7r = xr[i4 + 3 * 3];
        final double a7i = xi[i4 + 3 * 3];
        // span 4: sums, and differences times 1, (1 - i)/sqrt 2, -i, -(1 + i)/sqrt 2
        final double s0r = a0r + a4r;
        final double s0i = a0i + a4i;
        final double s1r = a1r + a5r;
        final double s1i = a1i + a5i;
        final double s2r = a2r + a6r;
        final double s2i = a2i + a6i;
        final double s3r = a3r + a7r;
        final double s3i = a3i + a7i;
        final double d0r = a0r - a4r;
        final double d0i = a0i - a4i;
        final double e1r = a1r - a5r;
        final double e1i = a1i - a5i;
        final double d1r = (e1r + e1i) * C8;
        final double d1i = (e1i - e1r) * C8;
        final double d2r = a2i - a6i;
        final double d2i = a6r - a2r;
        final double e3r = a3r - a7r;
        final double e3i = a3i - a7i;
        final double d3r = (e3i - e3r) * C8;
        final double d3i = -(e3r + e3i) * C8;
        // the even bins 0, 2, 4, 6: a 4-point DFT of the sums
        final double t0r = s0r + s2r;
        final double t0i = s0i + s2i;
        final double t1r = s0r - s2r;
        final double t1i = s0i - s2i;
        final double t2r = s1r + s3r;
        final double t2i = s1i + s3i;
        final double t3r = s1r - s3r;
        final double t3i = s1i - s3i;
        yr[o] = t0r + t2r;
        yi[o] = t0i + t2i;
        yr[o + 4 * 4] = t0r - t2r;
        yi[o + 4 * 4] = t0i - t2i;
        yr[o + 2 * 4] = t1r + t3i;
        yi[o + 2 * 4] = t1i - t3r;
        yr[o + 6 * 4] = t1r - t3i;
        yi[o + 6 * 4] = t1i + t3r;
        // the odd bins 1, 3, 5, 7: a 4-point DFT of the twiddled differences
        final double u0r = d0r + d2r;
        final double u0i = d0i + d2i;
        final double u1r = d0r - d2r;
        final double u1i = d0i - d2i;
        final double u2r = d1r + d3r;
        final double u2i = d1i + d3i;
        final double u3r = d1r - d3r;
        final double u3i = d1i - d3i;
        yr[o + 4] = u0r + u2r;
        yi[o + 4] = u0i + u2i;
        yr[o + 5 * 4] = u0r - u2r;
        yi[o + 5 * 4] = u0i - u2i;
        yr[o + 3 * 4] = u1r + u3i;
        yi[o + 3 * 4] = u1i - u3r;
        yr[o + 7 * 4] = u1r - u3i;
        yi[o + 7 * 4] = u1i + u3r;
    }

    /**
     * {@link #dft8} with the strides the other way round: the points at {@code i + 4m} into the
     * bins at {@code o + 3j}. With the real and imaginary parts swapped on both sides it is the
     * inverse 8-point DFT (without the {@code 1/8}) that undoes {@link #dft8}'s. Not one method
     * with the strides as parameters: it is too big for C2 to inline, so they would stay
     * variables, and that cost the two transforms some 35 ns (docs/BENCHMARKS.md).
     */
    private static void dft8i(double[] xr, double[] xi, int i, double[] yr, double[] yi, int o) {
        final int i4 = i + 16;
        final double a0r = xr[i];
        final double a0i = xi[i];
        final double a1r = xr[i + 4];
        final double a1i = xi[i + 4];
        final double a2r = xr[i + 2 * 4];
        final double a2i = xi[i + 2 * 4];
        final double a3r = xr[i + 3 * 4];
        final double a3i = xi[i + 3 * 4];
        final double a4r = xr[i4];
        final double a4i = xi[i4];
        final double a5r = xr[i4 + 4];
        final double a5i = xi[i4 + 4];
        final double a6r = xr[i4 + 2 * 4];
        final double a6i = xi[i4 + 2 * 4];
        final double a7r = xr[i4 + 3 * 4];
        final double a7i = xi[i4 + 3 * 4];
        // span 4: sums, and differences times 1, (1 - i)/sqrt 2, -i, -(1 + i)/sqrt 2
        final double s0r = a0r + a4r;
        final double s0i = a0i + a4i;
        final double s1r = a1r + a5r;
        final double s1i = a1i + a5i;
        final double s2r = a2r + a6r;
        final double s2i = a2i + a6i;
        final double s3r = a3r + a7r;
        final double s3i = a3i + a7i;
        final double d0r = a0r - a4r;
        final double d0i = a0i - a4i;
        final double e1r = a1r - a5r;
        final double e1i = a1i - a5i;
        final double d1r = (e1r + e1i) * C8;
        final double d1i = (e1i - e1r) * C8;
        final double d2r = a2i - a6i;
        final double d2i = a6r - a2r;
        final double e3r = a3r - a7r;
        final double e3i = a3i - a7i;
        final double d3r = (e3i - e3r) * C8;
        final double d3i = -(e3r + e3i) * C8;
        // the even bins 0, 2, 4, 6: a 4-point DFT of the sums
        final double t0r = s0r + s2r;
        final double t0i = s0i + s2i;
        final double t1r = s0r - s2r;
        final double t1i = s0i - s2i;
        final double t2r = s1r + s3r;
        final double t2i = s1i + s3i;
        final double t3r = s1r - s3r;
        final double t3i = s1i - s3i;
        yr[o] = t0r + t2r;
        yi[o] = t0i + t2i;
        yr[o + 4 * 3] = t0r - t2r;
        yi[o + 4 * 3] = t0i - t2i;
        yr[o + 2 * 3] = t1r + t3i;
        yi[o + 2 * 3] = t1i - t3r;
        yr[o + 6 * 3] = t1r - t3i;
        yi[o + 6 * 3] = t1i + t3r;
        // the odd bins 1, 3, 5, 7: a 4-point DFT of the twiddled differences
        final double u0r = d0r + d2r;
        final double u0i = d0i + d2i;
        final double u1r = d0r - d2r;
        final double u1i = d0i - d2i;
        final double u2r = d1r + d3r;
        final double u2i = d1i + d3i;
        final double u3r = d1r - d3r;
        final double u3i = d1i - d3i;
        yr[o + 3] = u0r + u2r;
        yi[o + 3] = u0i + u2i;
        yr[o + 5 * 3] = u0r - u2r;
        yi[o + 5 * 3] = u0i - u2i;
        yr[o + 3 * 3] = u1r + u3i;
        yi[o + 3 * 3] = u1i - u3r;
        yr[o + 7 * 3] = u1r - u3i;
        yi[o + 7 * 3] = u1i + u3r;
    }

    /** The second and third thirds of {@code x} times {@code w}, in place. */
    private static void twiddle(double[] xr, double[] xi, double[] wr, double[] wi) {
        for (int j = 32; j < 96; j++) {
            final double a = xr[j];
            final double b = xi[j];
            xr[j] = a * wr[j] - b * wi[j];
            xi[j] = a * wi[j] + b * wr[j];
        }
    }

    /**
     * The 32 three-point DFTs across the thirds of {@code m} into the thirds of {@code x}: bins
     * {@code k}, {@code k + 32} and {@code k + 64}.
     */
    private static void radix3(double[] mr, double[] mi, double[] xr, double[] xi) {
        for (int k = 0; k < 32; k++) {
            final double ar = mr[k];
            final double ai = mi[k];
            final double br = mr[k + 32];
            final double bi = mi[k + 32];
            final double cr = mr[k + 64];
            final double ci = mi[k + 64];
            final double sr = br + cr;
            final double si = bi + ci;
            final double tr = ar - 0.5 * sr;
            final double ti = ai - 0.5 * si;
            // -i sin(60) (b - c)
            final double ur = SIN60 * (bi - ci);
            final double ui = SIN60 * (cr - br);
            xr[k] = ar + sr;
            xi[k] = ai + si;
            xr[k + 32] = tr + ur;
            xi[k + 32] = ti + ui;
            xr[k + 64] = tr - ur;
            xi[k + 64] = ti - ui;
        }
    }

    /** The inverse of {@link #span8Forward} (up to the factor 2): conjugate twiddles. */
    private static void span8Inverse(double[] re, double[] im, int g, double[] tr, double[] ti) {
        for (int a = 0; a < 24; a++) {
            final double xr = re[g + a + 24];
            final double xi = im[g + a + 24];
            final double vr = xr * tr[g + a] + xi * ti[g + a];
            final double vi = xi * tr[g + a] - xr * ti[g + a];
            final double ur = re[g + a];
            final double ui = im[g + a];
            re[g + a] = ur + vr;
            im[g + a] = ui + vi;
            re[g + a + 24] = ur - vr;
            im[g + a + 24] = ui - vi;
        }
    }

    /** The inverse of {@link #span16Forward} (up to the factor 2): conjugate twiddles. */
    private static void span16Inverse(double[] re, double[] im, double[] tr, double[] ti) {
        for (int a = 0; a < 48; a++) {
            final double xr = re[a + 48];
            final double xi = im[a + 48];
            final double vr = xr * tr[a] + xi * ti[a];
            final double vi = xi * tr[a] - xr * ti[a];
            final double ur = re[a];
            final double ui = im[a];
            re[a] = ur + vr;
            im[a] = ui + vi;
            re[a + 48] = ur - vr;
            im[a + 48] = ui - vi;
        }
    }

    /** {@link #span16Inverse}'s upper outputs only: points 48 .. 95, all the overlap-save keeps. */
    private static void span16InverseUpper(double[] re, double[] im, double[] tr, double[] ti) {
        for (int a = 0; a < 48; a++) {
            final double xr = re[a + 48];
            final double xi = im[a + 48];
            re[a + 48] = re[a] - (xr * tr[a] + xi * ti[a]);
            im[a + 48] = im[a] - (xi * tr[a] - xr * ti[a]);
        }
    }
}
