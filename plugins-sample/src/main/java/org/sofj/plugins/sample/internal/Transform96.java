package org.sofj.plugins.sample.internal;

/**
 * The 96-point transforms of {@link Transform} (48-frame periods), laid out so that HotSpot 17's
 * SuperWord vectorises most of their butterflies.
 *
 * <p>96 = 3 x 32 with the radix-3 step on the outside: the forward transform takes the three
 * 32-point transforms of the decimated inputs {@code x[3n + t]} first and combines them with one
 * radix-3 pass; the inverse is its conjugate in reverse. Point {@code n} of the transform of
 * {@code x[3n + t]} lives at {@code 3n + t}, which is where {@code x[3n + t]} already is, so the
 * three 32-point transforms run in lockstep: a stage whose butterflies span {@code h} points of a
 * 32-point transform pairs {@code a} with {@code a + 3h}, and for one group of {@code 2h} points
 * the {@code 3h} butterflies sit at consecutive {@code a}. Each such loop indexes every array by
 * its variable plus one invariant (the group's start) and constants, the form SuperWord
 * vectorises; the twiddle tables are therefore laid out by position too ({@code 96} entries per
 * stage, entry {@code a} holding the twiddle of the butterfly at {@code a}). Spans 16, 8 and 4
 * run so (loops of 48, 24 and 12 butterflies). Spans 2 and 1 (one radix-4 butterfly) and the
 * radix-3 pass over the triples {@code 3p .. 3p + 2} stay scalar, fused into one pass over groups
 * of 12 points, which hold both a radix-4 butterfly of each 32-point transform and four rows.
 *
 * <p>Bin order: the forward transform leaves bin {@code k + 32r} ({@code k < 32}, {@code r < 3})
 * at {@code 3p + r} where {@code p} is {@code k} bit-reversed in 5 bits, and the inverse takes that
 * order in and gives natural order out. Spectra that are only multiplied bin by bin never need
 * another order. Twiddles from {@link StrictMath}, double arithmetic in a fixed order: the same
 * bits on every run and JVM. Nothing here allocates after construction.
 */
final class Transform96 {
    /** The size. */
    static final int SIZE = 96;
    /** {@code sin(pi / 3)}: the imaginary part of the radix-3 twiddles. */
    private static final double SIN60 = StrictMath.sqrt(3.0) / 2;

    /**
     * Twiddles of the spans 16, 8 and 4 by position: {@code span16Re[a]} is the twiddle of the
     * butterfly whose upper point is {@code a}, {@code exp(-2 pi i k / 32)} for the point's index
     * {@code k = a / 3} within its 32-point transform (and the same for the others' spans).
     * Every table here is {@link PartitionedConvolution#ROW_PAD} doubles longer than it needs,
     * so that it shares its address modulo 32 with the spectrum rows the engine allocates
     * right after it (the extra entries are never read).
     */
    private final double[] span16Re = new double[SIZE + PartitionedConvolution.ROW_PAD];
    private final double[] span16Im = new double[SIZE + PartitionedConvolution.ROW_PAD];
    private final double[] span8Re = new double[SIZE + PartitionedConvolution.ROW_PAD];
    private final double[] span8Im = new double[SIZE + PartitionedConvolution.ROW_PAD];
    private final double[] span4Re = new double[SIZE + PartitionedConvolution.ROW_PAD];
    private final double[] span4Im = new double[SIZE + PartitionedConvolution.ROW_PAD];
    /** Radix 3: {@code exp(-2 pi i k / 96)} and its square for the bin {@code k} held at row p. */
    private final double[] w1Re = new double[32 + PartitionedConvolution.ROW_PAD];
    private final double[] w1Im = new double[32 + PartitionedConvolution.ROW_PAD];
    private final double[] w2Re = new double[32 + PartitionedConvolution.ROW_PAD];
    private final double[] w2Im = new double[32 + PartitionedConvolution.ROW_PAD];

    Transform96() {
        span(16, span16Re, span16Im);
        span(8, span8Re, span8Im);
        span(4, span4Re, span4Im);
        for (int p = 0; p < 32; p++) {
            final int k = Integer.reverse(p) >>> 27;
            final double a = -2 * StrictMath.PI * k / SIZE;
            w1Re[p] = StrictMath.cos(a);
            w1Im[p] = StrictMath.sin(a);
            w2Re[p] = StrictMath.cos(2 * a);
            w2Im[p] = StrictMath.sin(2 * a);
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

    /** In-place forward transform: natural order in, the order on the class out. */
    void forward(double[] re, double[] im) {
        forwardStage(re, im, 0, 48, span16Re, span16Im);
        forwardStage(re, im, 0, 24, span8Re, span8Im);
        forwardStage(re, im, 48, 24, span8Re, span8Im);
        for (int g = 0; g < SIZE; g += 24) {
            forwardStage(re, im, g, 12, span4Re, span4Im);
        }
        lastPassesForward(re, im);
    }

    /**
     * One decimation-in-frequency butterfly group of the three 32-point transforms: points
     * {@code off + j} and {@code off + j + span} for {@code j < span} ({@code span = 3h}).
     */
    private static void forwardStage(double[] re, double[] im, int off, int span, double[] tr,
            double[] ti) {
        Transform.forwardGroup(re, im, off, span, tr, ti, off);
    }

    /**
     * Spans 2 and 1 of the three 32-point transforms (one radix-4 butterfly each, twiddles 1 and
     * -i) and then the radix-3 pass, fused: the 12 points from {@code g} hold four consecutive
     * points of each 32-point transform, which are also the rows {@code g / 3 .. g / 3 + 3} the
     * radix-3 pass combines, so each group is loaded and stored once for both.
     */
    private void lastPassesForward(double[] re, double[] im) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int g = 0; g < SIZE; g += 12) {
            // third 0: spans 2 and 1 (twiddles 1, -i)
            final double as0r = re[g] + re[g + 6];
            final double as0i = im[g] + im[g + 6];
            final double ad0r = re[g] - re[g + 6];
            final double ad0i = im[g] - im[g + 6];
            final double as1r = re[g + 3] + re[g + 9];
            final double as1i = im[g + 3] + im[g + 9];
            final double ad1r = im[g + 3] - im[g + 9];
            final double ad1i = re[g + 9] - re[g + 3];
            // third 1: spans 2 and 1 (twiddles 1, -i)
            final double bs0r = re[g + 1] + re[g + 7];
            final double bs0i = im[g + 1] + im[g + 7];
            final double bd0r = re[g + 1] - re[g + 7];
            final double bd0i = im[g + 1] - im[g + 7];
            final double bs1r = re[g + 4] + re[g + 10];
            final double bs1i = im[g + 4] + im[g + 10];
            final double bd1r = im[g + 4] - im[g + 10];
            final double bd1i = re[g + 10] - re[g + 4];
            // third 2: spans 2 and 1 (twiddles 1, -i)
            final double cs0r = re[g + 2] + re[g + 8];
            final double cs0i = im[g + 2] + im[g + 8];
            final double cd0r = re[g + 2] - re[g + 8];
            final double cd0i = im[g + 2] - im[g + 8];
            final double cs1r = re[g + 5] + re[g + 11];
            final double cs1i = im[g + 5] + im[g + 11];
            final double cd1r = im[g + 5] - im[g + 11];
            final double cd1i = re[g + 11] - re[g + 5];
            // outputs 0 .. 3 of each third's butterfly are rows g / 3 .. g / 3 + 3
            final int p = g / 3;
            radix3Forward(re, im, g, as0r + as1r, as0i + as1i, bs0r + bs1r, bs0i + bs1i,
                    cs0r + cs1r, cs0i + cs1i, c1[p], s1[p], c2[p], s2[p]);
            radix3Forward(re, im, g + 3, as0r - as1r, as0i - as1i, bs0r - bs1r, bs0i - bs1i,
                    cs0r - cs1r, cs0i - cs1i, c1[p + 1], s1[p + 1], c2[p + 1], s2[p + 1]);
            radix3Forward(re, im, g + 6, ad0r + ad1r, ad0i + ad1i, bd0r + bd1r, bd0i + bd1i,
                    cd0r + cd1r, cd0i + cd1i, c1[p + 2], s1[p + 2], c2[p + 2], s2[p + 2]);
            radix3Forward(re, im, g + 9, ad0r - ad1r, ad0i - ad1i, bd0r - bd1r, bd0i - bd1i,
                    cd0r - cd1r, cd0i - cd1i, c1[p + 3], s1[p + 3], c2[p + 3], s2[p + 3]);
        }
    }

    /**
     * One radix-3 butterfly: bin {@code k} of the three transforms ({@code a}, {@code x},
     * {@code y}), the second and third twiddled by {@code w1 = exp(-2 pi i k / 96)} and
     * {@code w2 = w1^2}, become bins {@code k}, {@code k + 32} and {@code k + 64} at {@code at},
     * {@code at + 1} and {@code at + 2}.
     */
    private static void radix3Forward(double[] re, double[] im, int at, double ar, double ai,
            double xr, double xi, double yr, double yi, double w1r, double w1i, double w2r,
            double w2i) {
        final double br = xr * w1r - xi * w1i;
        final double bi = xr * w1i + xi * w1r;
        final double cr = yr * w2r - yi * w2i;
        final double ci = yr * w2i + yi * w2r;
        final double sr = br + cr;
        final double si = bi + ci;
        final double tr = ar - 0.5 * sr;
        final double ti = ai - 0.5 * si;
        // -i sin(60) (b - c)
        final double ur = SIN60 * (bi - ci);
        final double ui = SIN60 * (cr - br);
        re[at] = ar + sr;
        im[at] = ai + si;
        re[at + 1] = tr + ur;
        im[at + 1] = ti + ui;
        re[at + 2] = tr - ur;
        im[at + 2] = ti - ui;
    }

    /**
     * In-place inverse transform without the {@code 1/96}: the order on the class in, natural
     * order out. With {@code tail >= 48} only the points from 48 on are computed in the last
     * stage (the others are left as partial sums); otherwise all of them.
     */
    void inverse(double[] re, double[] im, int tail) {
        firstPassesInverse(re, im);
        for (int g = 0; g < SIZE; g += 24) {
            inverseStage(re, im, g, 12, span4Re, span4Im);
        }
        inverseStage(re, im, 0, 24, span8Re, span8Im);
        inverseStage(re, im, 48, 24, span8Re, span8Im);
        if (tail >= 48) {
            lastUpperHalf(re, im);
        } else {
            inverseStage(re, im, 0, 48, span16Re, span16Im);
        }
    }

    /**
     * The conjugate of {@link #lastPassesForward}: the radix-3 pass (conjugate twiddles), then
     * spans 1 and 2 of the three 32-point inverse transforms (one radix-4 butterfly each,
     * twiddles 1 and +i), each group of 12 points loaded and stored once for both.
     */
    private void firstPassesInverse(double[] re, double[] im) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int g = 0; g < SIZE; g += 12) {
            final int p = g / 3;
            // row p + 0: bins back into the three transforms (conjugate twiddles)
            final double s0r = re[g + 1] + re[g + 2];
            final double s0i = im[g + 1] + im[g + 2];
            final double t0r = re[g] - 0.5 * s0r;
            final double t0i = im[g] - 0.5 * s0i;
            final double u0r = SIN60 * (im[g + 2] - im[g + 1]);
            final double u0i = SIN60 * (re[g + 1] - re[g + 2]);
            final double x00r = re[g] + s0r;
            final double x00i = im[g] + s0i;
            final double v0r = t0r + u0r;
            final double v0i = t0i + u0i;
            final double y0r = t0r - u0r;
            final double y0i = t0i - u0i;
            final double x01r = v0r * c1[p + 0] + v0i * s1[p + 0];
            final double x01i = v0i * c1[p + 0] - v0r * s1[p + 0];
            final double x02r = y0r * c2[p + 0] + y0i * s2[p + 0];
            final double x02i = y0i * c2[p + 0] - y0r * s2[p + 0];
            // row p + 1: bins back into the three transforms (conjugate twiddles)
            final double s1r = re[g + 4] + re[g + 5];
            final double s1i = im[g + 4] + im[g + 5];
            final double t1r = re[g + 3] - 0.5 * s1r;
            final double t1i = im[g + 3] - 0.5 * s1i;
            final double u1r = SIN60 * (im[g + 5] - im[g + 4]);
            final double u1i = SIN60 * (re[g + 4] - re[g + 5]);
            final double x10r = re[g + 3] + s1r;
            final double x10i = im[g + 3] + s1i;
            final double v1r = t1r + u1r;
            final double v1i = t1i + u1i;
            final double y1r = t1r - u1r;
            final double y1i = t1i - u1i;
            final double x11r = v1r * c1[p + 1] + v1i * s1[p + 1];
            final double x11i = v1i * c1[p + 1] - v1r * s1[p + 1];
            final double x12r = y1r * c2[p + 1] + y1i * s2[p + 1];
            final double x12i = y1i * c2[p + 1] - y1r * s2[p + 1];
            // row p + 2: bins back into the three transforms (conjugate twiddles)
            final double s2r = re[g + 7] + re[g + 8];
            final double s2i = im[g + 7] + im[g + 8];
            final double t2r = re[g + 6] - 0.5 * s2r;
            final double t2i = im[g + 6] - 0.5 * s2i;
            final double u2r = SIN60 * (im[g + 8] - im[g + 7]);
            final double u2i = SIN60 * (re[g + 7] - re[g + 8]);
            final double x20r = re[g + 6] + s2r;
            final double x20i = im[g + 6] + s2i;
            final double v2r = t2r + u2r;
            final double v2i = t2i + u2i;
            final double y2r = t2r - u2r;
            final double y2i = t2i - u2i;
            final double x21r = v2r * c1[p + 2] + v2i * s1[p + 2];
            final double x21i = v2i * c1[p + 2] - v2r * s1[p + 2];
            final double x22r = y2r * c2[p + 2] + y2i * s2[p + 2];
            final double x22i = y2i * c2[p + 2] - y2r * s2[p + 2];
            // row p + 3: bins back into the three transforms (conjugate twiddles)
            final double s3r = re[g + 10] + re[g + 11];
            final double s3i = im[g + 10] + im[g + 11];
            final double t3r = re[g + 9] - 0.5 * s3r;
            final double t3i = im[g + 9] - 0.5 * s3i;
            final double u3r = SIN60 * (im[g + 11] - im[g + 10]);
            final double u3i = SIN60 * (re[g + 10] - re[g + 11]);
            final double x30r = re[g + 9] + s3r;
            final double x30i = im[g + 9] + s3i;
            final double v3r = t3r + u3r;
            final double v3i = t3i + u3i;
            final double y3r = t3r - u3r;
            final double y3i = t3i - u3i;
            final double x31r = v3r * c1[p + 3] + v3i * s1[p + 3];
            final double x31i = v3i * c1[p + 3] - v3r * s1[p + 3];
            final double x32r = y3r * c2[p + 3] + y3i * s2[p + 3];
            final double x32i = y3i * c2[p + 3] - y3r * s2[p + 3];
            radix4Inverse(re, im, g, x00r, x00i, x10r, x10i, x20r, x20i, x30r, x30i);
            radix4Inverse(re, im, g + 1, x01r, x01i, x11r, x11i, x21r, x21i, x31r, x31i);
            radix4Inverse(re, im, g + 2, x02r, x02i, x12r, x12i, x22r, x22i, x32r, x32i);
        }
    }

    /**
     * One radix-4 butterfly of an inverse 32-point transform (spans 1 and 2, twiddles 1 and +i):
     * its four consecutive points {@code x0 .. x3} go to {@code at}, {@code at + 3},
     * {@code at + 6} and {@code at + 9}.
     */
    private static void radix4Inverse(double[] re, double[] im, int at, double x0r, double x0i,
            double x1r, double x1i, double x2r, double x2i, double x3r, double x3i) {
        final double ar0 = x0r + x1r;
        final double ai0 = x0i + x1i;
        final double ar1 = x0r - x1r;
        final double ai1 = x0i - x1i;
        final double ar2 = x2r + x3r;
        final double ai2 = x2i + x3i;
        final double vr = x3i - x2i;
        final double vi = x2r - x3r;
        re[at] = ar0 + ar2;
        im[at] = ai0 + ai2;
        re[at + 6] = ar0 - ar2;
        im[at + 6] = ai0 - ai2;
        re[at + 3] = ar1 + vr;
        im[at + 3] = ai1 + vi;
        re[at + 9] = ar1 - vr;
        im[at + 9] = ai1 - vi;
    }

    /** One decimation-in-time butterfly group (conjugate twiddles), as {@link #forwardStage}. */
    private static void inverseStage(double[] re, double[] im, int off, int span, double[] tr,
            double[] ti) {
        Transform.inverseGroup(re, im, off, span, tr, ti, off);
    }

    /** The span-16 stage's upper outputs only: points 48 .. 95, all the overlap-save keeps. */
    private void lastUpperHalf(double[] re, double[] im) {
        Transform.inverseUpper(re, im, 0, 48, 48, span16Re, span16Im, 0);
    }
}
