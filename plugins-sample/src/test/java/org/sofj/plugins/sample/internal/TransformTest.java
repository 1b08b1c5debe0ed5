package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

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
        final Random rnd = new Random(n);
        final double[] re = new double[n];
        final double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = rnd.nextGaussian();
            im[i] = rnd.nextGaussian();
        }
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
        for (int i = tail; i < n; i++) {
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
