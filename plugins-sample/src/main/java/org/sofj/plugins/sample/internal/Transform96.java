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
 * run so (loops of 48, 24 and 12 butterflies); spans 2 and 1 are one scalar radix-4 pass, as is
 * the radix-3 pass over the triples {@code 3p .. 3p + 2}.
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
     */
    private final double[] span16Re = new double[SIZE];
    private final double[] span16Im = new double[SIZE];
    private final double[] span8Re = new double[SIZE];
    private final double[] span8Im = new double[SIZE];
    private final double[] span4Re = new double[SIZE];
    private final double[] span4Im = new double[SIZE];
    /** Radix 3: {@code exp(-2 pi i k / 96)} and its square for the bin {@code k} held at row p. */
    private final double[] w1Re = new double[32];
    private final double[] w1Im = new double[32];
    private final double[] w2Re = new double[32];
    private final double[] w2Im = new double[32];

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
        radix4Forward(re, im);
        radix3Forward(re, im);
    }

    /**
     * One decimation-in-frequency butterfly group of the three 32-point transforms: points
     * {@code off + j} and {@code off + j + span} for {@code j < span} ({@code span = 3h}).
     */
    private static void forwardStage(double[] re, double[] im, int off, int span, double[] tr,
            double[] ti) {
        for (int j = 0; j < span; j++) {
            final int a = off + j;
            final int b = a + span;
            final double ur = re[a];
            final double ui = im[a];
            final double vr = re[b];
            final double vi = im[b];
            re[a] = ur + vr;
            im[a] = ui + vi;
            final double dr = ur - vr;
            final double di = ui - vi;
            final double cr = tr[a];
            final double ci = ti[a];
            re[b] = dr * cr - di * ci;
            im[b] = dr * ci + di * cr;
        }
    }

    /** Spans 2 and 1 of the three 32-point transforms as one radix-4 pass: twiddles 1, -i. */
    private static void radix4Forward(double[] re, double[] im) {
        // four consecutive points of a 32-point transform are 3 apart: groups of 12 positions
        for (int g0 = 0; g0 < SIZE; g0 += 12) {
            for (int g = g0; g < g0 + 3; g++) {
                final double sr0 = re[g] + re[g + 6];
                final double si0 = im[g] + im[g + 6];
                final double dr0 = re[g] - re[g + 6];
                final double di0 = im[g] - im[g + 6];
                final double sr1 = re[g + 3] + re[g + 9];
                final double si1 = im[g + 3] + im[g + 9];
                final double dr1 = im[g + 3] - im[g + 9];
                final double di1 = re[g + 9] - re[g + 3];
                re[g] = sr0 + sr1;
                im[g] = si0 + si1;
                re[g + 3] = sr0 - sr1;
                im[g + 3] = si0 - si1;
                re[g + 6] = dr0 + dr1;
                im[g + 6] = di0 + di1;
                re[g + 9] = dr0 - dr1;
                im[g + 9] = di0 - di1;
            }
        }
    }

    /**
     * The radix-3 pass: row {@code p} holds bin {@code k} (bit-reversed {@code p}) of the three
     * transforms; the second and third are twiddled by {@code exp(-2 pi i k / 96)} and its square,
     * and the three become bins {@code k}, {@code k + 32} and {@code k + 64} in place.
     */
    private void radix3Forward(double[] re, double[] im) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int p = 0; p < 32; p++) {
            final int a = 3 * p;
            final double ar = re[a];
            final double ai = im[a];
            final double xr = re[a + 1];
            final double xi = im[a + 1];
            final double yr = re[a + 2];
            final double yi = im[a + 2];
            final double br = xr * c1[p] - xi * s1[p];
            final double bi = xr * s1[p] + xi * c1[p];
            final double cr = yr * c2[p] - yi * s2[p];
            final double ci = yr * s2[p] + yi * c2[p];
            final double sr = br + cr;
            final double si = bi + ci;
            final double tr = ar - 0.5 * sr;
            final double ti = ai - 0.5 * si;
            // -i sin(60) (b - c)
            final double ur = SIN60 * (bi - ci);
            final double ui = SIN60 * (cr - br);
            re[a] = ar + sr;
            im[a] = ai + si;
            re[a + 1] = tr + ur;
            im[a + 1] = ti + ui;
            re[a + 2] = tr - ur;
            im[a + 2] = ti - ui;
        }
    }

    /**
     * In-place inverse transform without the {@code 1/96}: the order on the class in, natural
     * order out. With {@code tail >= 48} only the points from 48 on are computed in the last
     * stage (the others are left as partial sums); otherwise all of them.
     */
    void inverse(double[] re, double[] im, int tail) {
        radix3Inverse(re, im);
        radix4Inverse(re, im);
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

    /** The conjugate of {@link #radix3Forward}: three bins back into the three transforms' row. */
    private void radix3Inverse(double[] re, double[] im) {
        final double[] c1 = w1Re;
        final double[] s1 = w1Im;
        final double[] c2 = w2Re;
        final double[] s2 = w2Im;
        for (int p = 0; p < 32; p++) {
            final int a = 3 * p;
            final double ar = re[a];
            final double ai = im[a];
            final double br = re[a + 1];
            final double bi = im[a + 1];
            final double cr = re[a + 2];
            final double ci = im[a + 2];
            final double sr = br + cr;
            final double si = bi + ci;
            final double tr = ar - 0.5 * sr;
            final double ti = ai - 0.5 * si;
            // +i sin(60) (b - c)
            final double ur = SIN60 * (ci - bi);
            final double ui = SIN60 * (br - cr);
            re[a] = ar + sr;
            im[a] = ai + si;
            final double xr = tr + ur;
            final double xi = ti + ui;
            final double yr = tr - ur;
            final double yi = ti - ui;
            // the conjugate twiddles
            re[a + 1] = xr * c1[p] + xi * s1[p];
            im[a + 1] = xi * c1[p] - xr * s1[p];
            re[a + 2] = yr * c2[p] + yi * s2[p];
            im[a + 2] = yi * c2[p] - yr * s2[p];
        }
    }

    /** Spans 1 and 2 of the three 32-point inverse transforms as one radix-4 pass: 1, +i. */
    private static void radix4Inverse(double[] re, double[] im) {
        for (int g0 = 0; g0 < SIZE; g0 += 12) {
            for (int g = g0; g < g0 + 3; g++) {
                final double ar0 = re[g] + re[g + 3];
                final double ai0 = im[g] + im[g + 3];
                final double ar1 = re[g] - re[g + 3];
                final double ai1 = im[g] - im[g + 3];
                final double ar2 = re[g + 6] + re[g + 9];
                final double ai2 = im[g + 6] + im[g + 9];
                final double vr = im[g + 9] - im[g + 6];
                final double vi = re[g + 6] - re[g + 9];
                re[g] = ar0 + ar2;
                im[g] = ai0 + ai2;
                re[g + 6] = ar0 - ar2;
                im[g + 6] = ai0 - ai2;
                re[g + 3] = ar1 + vr;
                im[g + 3] = ai1 + vi;
                re[g + 9] = ar1 - vr;
                im[g + 9] = ai1 - vi;
            }
        }
    }

    /** One decimation-in-time butterfly group (conjugate twiddles), as {@link #forwardStage}. */
    private static void inverseStage(double[] re, double[] im, int off, int span, double[] tr,
            double[] ti) {
        for (int j = 0; j < span; j++) {
            final int a = off + j;
            final int b = a + span;
            final double cr = tr[a];
            final double ci = ti[a];
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

    /** The span-16 stage's upper outputs only: points 48 .. 95, all the overlap-save keeps. */
    private void lastUpperHalf(double[] re, double[] im) {
        final double[] tr = span16Re;
        final double[] ti = span16Im;
        for (int a = 0; a < 48; a++) {
            final int b = a + 48;
            final double cr = tr[a];
            final double ci = ti[a];
            final double xr = re[b];
            final double xi = im[b];
            re[b] = re[a] - (xr * cr + xi * ci);
            im[b] = im[a] - (xi * cr - xr * ci);
        }
    }
}
