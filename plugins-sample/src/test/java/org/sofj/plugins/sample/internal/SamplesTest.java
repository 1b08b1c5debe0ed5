package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link Samples#round} must be {@link Math#round(double)} bit for bit: tone and eq_iir use it. */
class SamplesTest {
    @Test
    void shouldRoundAsMathRoundAtTheEdges() {
        final double[] edges = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
            -0.49999999999999994, 0.5000000000000001, -0.5000000000000001, Math.nextDown(1.0),
            -Math.nextDown(1.0), 1e-300, -1e-300, Double.MIN_VALUE, -Double.MIN_VALUE,
            4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
            2147483647.4999998, 2147483647.5, -2147483648.5, -2147483648.4999998,
            9.223372036854776E18, -9.223372036854776E18, 1e19, -1e19, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        for (double x : edges) {
            assertEquals(Math.round(x), Samples.round(x), "x=" + x);
            assertEquals(Math.round(Math.nextUp(x)), Samples.round(Math.nextUp(x)),
                    "x=" + Math.nextUp(x));
            assertEquals(Math.round(Math.nextDown(x)), Samples.round(Math.nextDown(x)),
                    "x=" + Math.nextDown(x));
        }
    }

    @Test
    void shouldRoundAsMathRoundOverRandomDoubles() {
        final SplittableRandom r = new SplittableRandom(16);
        for (int i = 0; i < 1_000_000; i++) {
            final double audio = (r.nextDouble() * 2 - 1) * 2147483648.0; // the S32 range
            final double half = Math.floor(audio) + 0.5; // ties
            final double any = Double.longBitsToDouble(r.nextLong()); // every exponent
            assertEquals(Math.round(audio), Samples.round(audio), "x=" + audio);
            assertEquals(Math.round(half), Samples.round(half), "x=" + half);
            assertEquals(Math.round(any), Samples.round(any), "x=" + any);
        }
    }
}
