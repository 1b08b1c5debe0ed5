package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * {@link Samples#round} must be {@link Math#round(double)} bit for bit (tone and fir use it),
 * and {@link Samples#roundSat32}/{@link Samples#roundSat16} the saturated round (eq_iir uses
 * them; fir the same from twice the value, {@link Samples#roundSatHalf32}).
 */
class SamplesTest {
    private static final double[] EDGES = {0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
            -0.49999999999999994, 0.5000000000000001, -0.5000000000000001, Math.nextDown(1.0),
            -Math.nextDown(1.0), 1e-300, -1e-300, Double.MIN_VALUE, -Double.MIN_VALUE,
            4503599627370495.5, -4503599627370495.5, 4503599627370496.0, 9007199254740993.0,
            2147483647.4999998, 2147483647.5, -2147483648.5, -2147483648.4999998,
            9.223372036854776E18, -9.223372036854776E18, 1e19, -1e19, Double.MAX_VALUE,
            -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            2147483647.0, -2147483648.0, 2147483646.5, -2147483647.5, 32767.0, 32767.5, 32766.5,
            -32768.0, -32768.5, -32767.5, 32767.49999999999, -32768.50000000001};

    @Test
    void shouldRoundAsMathRoundAtTheEdges() {
        for (double x : EDGES) {
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

    /**
     * What eq_iir's output takes: the saturating rounds are the two calls in one; and fir's: the
     * same from twice the value ({@code 2x} is exact, or infinite where {@code x} is huge).
     */
    private static void assertSaturatingRounds(double x) {
        assertEquals(Samples.sat32(Math.round(x)), Samples.roundSat32(x), "S32 x=" + x);
        assertEquals(Samples.sat16(Math.round(x)), Samples.roundSat16(x), "S16 x=" + x);
        assertEquals(Samples.roundSat32(x), Samples.roundSatHalf32(2 * x), "S32 2x, x=" + x);
        assertEquals(Samples.roundSat16(x), Samples.roundSatHalf16(2 * x), "S16 2x, x=" + x);
    }

    @Test
    void shouldSaturateAndRoundAsTheTwoCallsAtTheEdges() {
        for (double x : EDGES) {
            assertSaturatingRounds(x);
            assertSaturatingRounds(Math.nextUp(x));
            assertSaturatingRounds(Math.nextDown(x));
        }
    }

    @Test
    void shouldSaturateAndRoundAsTheTwoCallsOverRandomDoubles() {
        final SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < 1_000_000; i++) {
            final double audio = (r.nextDouble() * 2 - 1) * 4294967296.0; // past S32 either way
            final double small = (r.nextDouble() * 2 - 1) * 65536.0; // past S16 either way
            assertSaturatingRounds(audio);
            assertSaturatingRounds(Math.floor(audio) + 0.5);
            assertSaturatingRounds(Math.nextDown(Math.floor(audio) + 0.5));
            assertSaturatingRounds(small);
            assertSaturatingRounds(Math.floor(small) + 0.5);
            assertSaturatingRounds(Double.longBitsToDouble(r.nextLong()));
        }
    }

    /** Within {@code [-2^31, 2^31 - 1]}, the unclamped round is {@code (int) Math.round}. */
    private static void assertRoundInt(double x) {
        if (x >= -2147483648.0 && x <= 2147483647.0) {
            assertEquals((int) Math.round(x), Samples.roundInt(x), "x=" + x);
        }
    }

    @Test
    void shouldRoundToIntAsMathRoundAtTheEdgesOfItsRange() {
        for (double x : EDGES) {
            assertRoundInt(x);
            assertRoundInt(Math.nextUp(x));
            assertRoundInt(Math.nextDown(x));
        }
        assertEquals(0, Samples.roundInt(Double.NaN));
        assertEquals(Integer.MIN_VALUE, Samples.roundInt(-2147483648.0));
        assertEquals(Integer.MAX_VALUE, Samples.roundInt(2147483647.0));
        assertEquals(Integer.MAX_VALUE, Samples.roundInt(2147483646.5)); // a tie goes up
        assertEquals(-2147483647, Samples.roundInt(-2147483647.5));
    }

    @Test
    void shouldRoundToIntAsMathRoundOverRandomDoublesInRange() {
        final SplittableRandom r = new SplittableRandom(18);
        for (int i = 0; i < 1_000_000; i++) {
            final double audio = (r.nextDouble() * 2 - 1) * 2147483647.0;
            final double tiny = (r.nextDouble() * 2 - 1) * Math.scalb(1.0, -r.nextInt(60));
            assertRoundInt(audio);
            assertRoundInt(Math.floor(audio) + 0.5); // ties, odd and even
            assertRoundInt(tiny);
            assertRoundInt(Math.floor(tiny) + 0.5);
        }
    }

    /** Within {@code [-2^31, 2^31 - 1]}, {@code roundHalfOf(2x)} is {@code (int) Math.round(x)}. */
    private static void assertRoundHalfOf(double x) {
        if (x >= -2147483648.0 && x <= 2147483647.0) {
            assertEquals((int) Math.round(x), Samples.roundHalfOf(2 * x), "x=" + x);
        }
    }

    @Test
    void shouldRoundHalfOfTwiceAsMathRoundAtTheEdgesOfItsRange() {
        for (double x : EDGES) {
            assertRoundHalfOf(x);
            assertRoundHalfOf(Math.nextUp(x));
            assertRoundHalfOf(Math.nextDown(x));
        }
        assertEquals(0, Samples.roundHalfOf(Double.NaN));
        assertEquals(Integer.MIN_VALUE, Samples.roundHalfOf(-4294967296.0));
        assertEquals(Integer.MAX_VALUE, Samples.roundHalfOf(4294967294.0));
        assertEquals(Integer.MAX_VALUE, Samples.roundHalfOf(2 * 2147483646.5)); // a tie goes up
        assertEquals(-2147483647, Samples.roundHalfOf(2 * -2147483647.5));
        assertEquals(0, Samples.roundHalfOf(2 * 0.49999999999999994)); // floor(x + 0.5) says 1
        assertEquals(0, Samples.roundHalfOf(2 * -0.5));
        assertEquals(1, Samples.roundHalfOf(2 * 0.5));
    }

    @Test
    void shouldRoundHalfOfTwiceAsMathRoundOverRandomDoublesInRange() {
        final SplittableRandom r = new SplittableRandom(19);
        for (int i = 0; i < 1_000_000; i++) {
            final double audio = (r.nextDouble() * 2 - 1) * 2147483647.0;
            final double tiny = (r.nextDouble() * 2 - 1) * Math.scalb(1.0, -r.nextInt(60));
            assertRoundHalfOf(audio);
            assertRoundHalfOf(Math.floor(audio) + 0.5); // ties, odd and even
            assertRoundHalfOf(Math.nextDown(Math.floor(audio) + 0.5));
            assertRoundHalfOf(tiny);
            assertRoundHalfOf(Math.floor(tiny) + 0.5);
        }
    }
}
