package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.HeapRegion;

/**
 * The FFT FIR against the direct form it replaced ({@code y[n] = sum h[k] x[n-k] / 2^31} summed in
 * double, k ascending, then rounded and saturated or narrowed to float), on random input and taps,
 * for every supported format and several channel counts, period sizes and tap counts.
 */
final class FirDirectFormTest {
    private static final int PERIODS = 40;

    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** Today's direct form, kept here as the reference: per channel, in the old summation order. */
    private static double[] direct(int[] h, double[] x, int channels) {
        final double[] y = new double[x.length];
        final int frames = x.length / channels;
        for (int c = 0; c < channels; c++) {
            for (int n = 0; n < frames; n++) {
                double acc = 0.0;
                for (int k = 0; k < h.length; k++) {
                    acc += h[k] * (n - k >= 0 ? x[(n - k) * channels + c] : 0.0);
                }
                y[n * channels + c] = acc / Samples.Q31;
            }
        }
        return y;
    }

    private static int[] randomTaps(Random rnd, int taps) {
        final int[] h = new int[taps];
        for (int k = 0; k < taps; k++) {
            // a decaying random response, the largest taps near full scale
            h[k] = (int) (rnd.nextGaussian() * (1 << 29) / (1 + k / 64.0));
        }
        h[0] = Integer.MIN_VALUE + 1;
        return h;
    }

    /** Runs {@code input} (interleaved, the format's bytes) through a fresh FIR; returns the bytes. */
    private byte[] run(SampleFormat sf, int channels, int frames, int[] h, byte[] input) {
        final AudioFormat f = AudioFormat.of(48000, channels, sf);
        final int period = frames * f.frameBytes();
        final int[] words = new int[h.length + 1];
        words[0] = h.length;
        System.arraycopy(h, 0, words, 1, h.length);
        final byte[] table = Fixture.ints(words);
        final long at = fx.put(table, HeapRegion.LIBRARY);
        final Fir fir = new Fir();
        assertEquals(0, fir.init(fx.context("fir", f, period, period,
                Fixture.ints((int) at, table.length))));
        final TestRing in = fx.ring(period);
        final TestRing out = fx.ring(period);
        final Source[] sources = {in.source};
        final Sink[] sinks = {out.sink};
        assertEquals(0, fir.prepare(sources, sinks));
        final byte[] y = new byte[input.length];
        for (int p = 0; p < input.length / period; p++) {
            final byte[] chunk = new byte[period];
            System.arraycopy(input, p * period, chunk, 0, period);
            in.write(chunk);
            assertEquals(0, fir.process(sources, sinks));
            System.arraycopy(out.read(period), 0, y, p * period, period);
        }
        assertEquals(0, fir.free());
        return y;
    }

    @ParameterizedTest(name = "{0} ch={1} frames={2} taps={3}")
    @CsvSource({"S16_LE,2,48,1024", "S32_LE,2,48,1024", "FLOAT_LE,2,48,1024",
        "S16_LE,1,48,1024", "S32_LE,3,16,100", "FLOAT_LE,3,8,33", "S32_LE,2,7,33", "S32_LE,2,1,40",
        "S16_LE,2,64,1", "FLOAT_LE,1,48,4096", "S32_LE,4,48,48", "S32_LE,2,6,50", "S16_LE,2,12,100",
        "S32_LE,1,24,200", "FLOAT_LE,2,96,500"})
    void shouldStayWithin1LsbOfTheDirectFormOnRandomInput(SampleFormat sf, int channels,
            int frames, int taps) {
        final Random rnd = new Random(31L * taps + frames);
        final int[] h = randomTaps(rnd, taps);
        final int samples = PERIODS * frames * channels;
        final double[] x = new double[samples];
        final byte[] input;
        if (sf == SampleFormat.S16_LE) {
            final short[] s = new short[samples];
            for (int i = 0; i < samples; i++) {
                s[i] = (short) rnd.nextInt();
                x[i] = s[i];
            }
            input = Fixture.shorts(s);
        } else if (sf == SampleFormat.S32_LE) {
            final int[] s = new int[samples];
            for (int i = 0; i < samples; i++) {
                s[i] = rnd.nextInt() >> rnd.nextInt(8); // full scale and quieter, to test both
                x[i] = s[i];
            }
            input = Fixture.ints(s);
        } else {
            final float[] s = new float[samples];
            for (int i = 0; i < samples; i++) {
                s[i] = (float) (rnd.nextDouble() * 2 - 1);
                x[i] = s[i];
            }
            input = Fixture.floats(s);
        }
        final double[] ref = direct(h, x, channels);
        final byte[] y = run(sf, channels, frames, h, input);
        final short[] y16 = Fixture.toShorts(y);
        final int[] y32 = Fixture.toInts(y);
        final float[] yf = Fixture.toFloats(y);
        int saturated = 0;
        for (int i = 0; i < samples; i++) {
            if (sf == SampleFormat.S16_LE) {
                final long want = Samples.sat16(Math.round(ref[i]));
                saturated += want == Short.MAX_VALUE || want == Short.MIN_VALUE ? 1 : 0;
                if (Math.abs(want - y16[i]) > 1) {
                    fail("S16 sample " + i + ": direct " + want + " fft " + y16[i]);
                }
            } else if (sf == SampleFormat.S32_LE) {
                final long want = Samples.sat32(Math.round(ref[i]));
                final long got = y32[i];
                if (Math.abs(want - got) > 1) {
                    fail("S32 sample " + i + ": direct " + want + " fft " + got);
                }
            } else {
                final float want = (float) ref[i];
                final float got = yf[i];
                if (Math.abs(want - got) > Math.ulp(want)) {
                    fail("F32 sample " + i + ": direct " + want + " fft " + got);
                }
            }
        }
        if (sf == SampleFormat.S16_LE && taps > 1) {
            assertTrue(saturated > 0, "full-scale random S16 input also tests saturation");
        }
    }

    /**
     * The worst case found for the FFT's rounding: every one of 1024 taps at full scale (random
     * signs), full-scale S32 input, one second of audio in 48-frame periods. The intermediate sums
     * reach 32 times full scale, so most outputs saturate; the test also asks for enough unsaturated
     * ones that the 1 LSB bound is really checked there.
     */
    @Test
    void shouldStayWithin1LsbWithEveryTapAndTheInputAtFullScaleOverALongRun() {
        final Random rnd = new Random(1024);
        final int[] h = new int[1024];
        for (int k = 0; k < h.length; k++) {
            h[k] = rnd.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE + 1;
        }
        final int periods = 1000;
        final int[] s = new int[periods * 48 * 2];
        final double[] x = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextBoolean() ? Integer.MAX_VALUE : Integer.MIN_VALUE;
            x[i] = s[i];
        }
        final double[] ref = direct(h, x, 2);
        final int[] y = Fixture.toInts(run(SampleFormat.S32_LE, 2, 48, h, Fixture.ints(s)));
        int unsaturated = 0;
        long worst = 0;
        for (int i = 0; i < s.length; i++) {
            final long want = Samples.sat32(Math.round(ref[i]));
            unsaturated += want != Integer.MAX_VALUE && want != Integer.MIN_VALUE ? 1 : 0;
            worst = Math.max(worst, Math.abs(want - y[i]));
        }
        assertTrue(unsaturated >= 1000, "unsaturated outputs: " + unsaturated);
        assertTrue(worst <= 1, "largest difference from the direct form: " + worst + " LSB");
    }

    @Test
    void shouldGiveTheSameBytesEveryRun() {
        final Random rnd = new Random(5);
        final int[] h = randomTaps(rnd, 1024);
        final int[] s = new int[PERIODS * 48 * 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = rnd.nextInt();
        }
        final byte[] first = run(SampleFormat.S32_LE, 2, 48, h, Fixture.ints(s));
        final byte[] second = run(SampleFormat.S32_LE, 2, 48, h, Fixture.ints(s));
        assertArrayEquals(first, second);
    }
}
