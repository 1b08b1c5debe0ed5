package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The FIR's FFTs: the sizes chosen, and forward then inverse giving the input back. */
final class TransformTest {
    @ParameterizedTest(name = "min {0} -> size {1}")
    @CsvSource({"1,4", "4,4", "5,8", "11,12", "13,16", "23,24", "95,96", "97,128", "127,128",
        "129,192", "191,192", "193,256"})
    void shouldPickTheSmallestPowerOfTwoOrThreeTimesOne(int min, int size) {
        assertEquals(size, new Transform(min).size());
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {4, 8, 12, 16, 24, 48, 64, 96, 128, 192, 384})
    void shouldGiveTheInputTimesTheSizeBackFromTheKeptPoints(int min) {
        final Transform t = new Transform(min);
        final int n = t.size();
        assertEquals(min, n, "the size asked for is one the transform has");
        final double[] re = noise(n, n);
        final double[] im = noise(-n, n);
        final double[] xr = re.clone();
        final double[] xi = im.clone();
        t.forward(re, im);
        double moved = 0;
        for (int i = 0; i < n; i++) {
            moved = Math.max(moved, Math.abs(re[i] - xr[i]));
        }
        assertTrue(moved > 0.1, "the forward transform changed the points");
        // the inverse computes the points from tail on: the upper half, or the last two thirds
        final int tail = n % 3 == 0 ? n / 3 : n / 2;
        t.inverse(re, im, tail);
        assertInputTimesSizeFrom(tail, xr, xi, re, im);
    }

    @Test
    void shouldLeaveEveryBinAtItsOwnIndexFor96Points() {
        final Transform t = new Transform(95);
        final double[] re = noise(96, 96);
        final double[] im = noise(-96, 96);
        final double[] xr = re.clone();
        final double[] xi = im.clone();
        t.forward(re, im);
        for (int bin = 0; bin < 96; bin++) {
            double sr = 0;
            double si = 0;
            for (int m = 0; m < 96; m++) {
                final double a = -2 * Math.PI * ((long) bin * m % 96) / 96;
                sr += xr[m] * Math.cos(a) - xi[m] * Math.sin(a);
                si += xr[m] * Math.sin(a) + xi[m] * Math.cos(a);
            }
            assertEquals(sr, re[bin], 1e-9, "re of bin " + bin);
            assertEquals(si, im[bin], 1e-9, "im of bin " + bin);
        }
    }

    @Test
    void shouldGiveTheUpperHalfOf96PointsBackWhenOnlyItIsKept() {
        final Transform t = new Transform(96);
        final double[] re = noise(48, 96);
        final double[] im = noise(-48, 96);
        final double[] xr = re.clone();
        final double[] xi = im.clone();
        t.forward(re, im);
        t.inverse(re, im, 48);
        assertInputTimesSizeFrom(48, xr, xi, re, im);
    }

    /** @return {@code n} Gaussian values from a generator seeded with {@code seed} */
    private static double[] noise(long seed, int n) {
        final Random rnd = new Random(seed);
        final double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextGaussian();
        }
        return v;
    }

    /** The inverse's points from {@code from} on are the input's times the size. */
    private static void assertInputTimesSizeFrom(int from, double[] xr, double[] xi, double[] re,
            double[] im) {
        final int n = re.length;
        for (int i = from; i < n; i++) {
            assertEquals(xr[i] * n, re[i], 1e-9 * n, "re " + i);
            assertEquals(xi[i] * n, im[i], 1e-9 * n, "im " + i);
        }
    }

    @ParameterizedTest(name = "min {0}")
    @ValueSource(ints = {0, -1, (1 << 22) + 1})
    void shouldRefuseASizeOutOfRangeNamingIt(int min) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Transform(min));
        assertTrue(e.getMessage().startsWith("min=" + min + ":"), e.getMessage());
    }
}
