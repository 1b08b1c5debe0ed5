package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.ModuleProvider;

/** The harness runs sample modules and graphs whose output matches independent references. */
final class HarnessTest {
    private static final AudioFormat S16 = AudioFormat.of(48000, 2, SampleFormat.S16_LE);
    private static final ModuleProvider SAMPLES = SamplePlugins.provider();
    /** A biquad low-pass (RBJ, fc = 2 kHz, Q = 0.707 at 48 kHz) in Q2.30. */
    private static final int[] LOWPASS = q30(0.014401440346511, 0.028802880693022,
            0.014401440346511, -1.632993161855452, 0.690598923241497);

    private static int[] q30(double... c) {
        final int[] q = new int[c.length];
        for (int i = 0; i < c.length; i++) {
            q[i] = (int) Math.round(c[i] * (1 << 30));
        }
        return q;
    }

    private static byte[] eqBlob(int[] section) {
        return Pcm.fromInts(
                new int[] {1, section[0], section[1], section[2], section[3], section[4]});
    }

    /** The ramp formula of docs/sample-modules.md, one gain per frame. */
    private static int[] gainReference(int[] x, int channels, long target, int rampFrames) {
        final long start = 1L << 24;
        final int[] y = new int[x.length];
        for (int n = 0; n < x.length / channels; n++) {
            final long k = n + 1;
            final long g = k < rampFrames ? start + (target - start) * k / rampFrames : target;
            for (int c = 0; c < channels; c++) {
                final long v = ((long) x[n * channels + c] * g + (1L << 23)) >> 24;
                y[n * channels + c] = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
        }
        return y;
    }

    /** A direct form I biquad in double per channel, rounded and saturated to S16. */
    private static int[] biquadReference(int[] x, int channels, int[] q) {
        final double b0 = q[0] / (double) (1 << 30);
        final double b1 = q[1] / (double) (1 << 30);
        final double b2 = q[2] / (double) (1 << 30);
        final double a1 = q[3] / (double) (1 << 30);
        final double a2 = q[4] / (double) (1 << 30);
        final int[] y = new int[x.length];
        for (int c = 0; c < channels; c++) {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int n = c; n < x.length; n += channels) {
                final double v = b0 * x[n] + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
                x2 = x1;
                x1 = x[n];
                y2 = y1;
                y1 = v;
                y[n] = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
            }
        }
        return y;
    }

    private static void assertClose(int[] expected, int[] actual, int tolerance) {
        assertTrue(actual.length > 0, "no output");
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (Math.abs(expected[i] - actual[i]) > tolerance) {
                throw new AssertionError("sample " + i + ": expected " + expected[i] + " got "
                        + actual[i]);
            }
        }
    }

    @Test
    void shouldMatchTheRampFormulaWhenGainRampsDown() {
        final byte[] in = Signals.whiteNoise(S16, 4800, 0.8, 7);
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "gain")
                .config(Pcm.fromInts(new int[] {1 << 23, 5})).format(S16).input(0, in).build().run()
                .assertNoFaults();
        final int[] out = r.output().ints();
        assertEquals(0, r.output().latencyTicks(), "LL: same tick");
        assertEquals((100 + 1) * 96, out.length, "100 input periods and one drain tick");
        assertClose(gainReference(Pcm.toInts(in, SampleFormat.S16_LE), 2, 1L << 23, 240), out, 1);
    }

    @Test
    void shouldMatchADirectFormIBiquadWhenEqRunsAsAUserDpModule() {
        final byte[] in = Signals.whiteNoise(S16, 4800, 0.5, 11);
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "eq_iir")
                .config(eqBlob(LOWPASS)).format(S16).input(0, in).build().run().assertNoFaults();
        assertTrue(r.reports().get(0).userMode());
        assertEquals(2, r.output().latencyTicks(), "one DP period plus its startup delay");
        assertEquals(96, r.output().latencyFrames());
        assertClose(biquadReference(Pcm.toInts(in, SampleFormat.S16_LE), 2, LOWPASS),
                r.output().ints(), 1);
    }

    @Test
    void shouldMatchTheComposedReferencesWhenGainFeedsEqInAChain() {
        final byte[] in = Signals.sine(S16, 2400, 440, 0.9);
        final HarnessResult r = ModuleHarness.builder()
                .module(SAMPLES, "gain").config(Pcm.fromInts(new int[] {1 << 23, 0}))
                .module(SAMPLES, "eq_iir").config(eqBlob(LOWPASS))
                .format(S16).input(0, in).build().run().assertNoFaults();
        final int[] halved = gainReference(Pcm.toInts(in, SampleFormat.S16_LE), 2, 1L << 23, 0);
        assertEquals(2, r.reports().size());
        assertClose(biquadReference(halved, 2, LOWPASS), r.output().ints(), 1);
    }

    @Test
    void shouldSumWithSaturationWhenAMixerFansInTwoInputs() {
        final short[] a = {30000, -30000, 100, -5, 0, 1};
        final short[] b = {10000, -10000, 200, 5, 0, -1};
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "mixer").format(S16)
                .input(0, a).input(1, b).ticks(3).build().run().assertNoFaults();
        final int[] out = r.output().ints();
        assertArrayEquals(new int[] {32767, -32768, 300, 0, 0, 0}, java.util.Arrays.copyOf(out, 6));
        assertEquals(3 * 96, out.length, "three ticks of one period, the rest silence");
    }

    @Test
    void shouldConvolveWithThePlacedTableWhenFirGetsItsTableAsAnInitBlob() {
        final byte[] table = SamplePlugins.firTable(512);
        final double[] h = SamplePlugins.taps(table);
        final AudioFormat mono = AudioFormat.of(48000, 1, SampleFormat.S16_LE);
        final byte[] in = Signals.whiteNoise(mono, 960, 0.5, 3);
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "fir").initBlob(table)
                .format(mono).input(0, in).build().run().assertNoFaults();
        final int[] x = Pcm.toInts(in, SampleFormat.S16_LE);
        final int[] expected = new int[x.length];
        for (int n = 0; n < x.length; n++) {
            double acc = 0;
            for (int k = 0; k < h.length && k <= n; k++) {
                acc += h[k] * x[n - k];
            }
            expected[n] = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                    Math.round(acc)));
        }
        assertClose(expected, r.output().ints(), 1);
    }

    @Test
    void shouldStartTheCaptureAtTheFirstInputSampleWhenTheModuleIsDp() {
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "eq_iir").format(S16)
                .input(0, Signals.impulse(S16, 480, 3, 0.5)).build().run();
        final int[] out = r.output().ints();
        assertEquals(16384, out[6], "frame 3 left: no leading silence despite 2 ticks latency");
        assertEquals(0, out[4]);
    }

    @Test
    void shouldProduceIdenticalOutputWhenRunTwice() {
        final ModuleHarness h = ModuleHarness.builder().module(SAMPLES, "gain")
                .config(Pcm.fromInts(new int[] {3 << 22, 20})).module(SAMPLES, "eq_iir")
                .config(eqBlob(LOWPASS)).format(S16)
                .input(0, Signals.whiteNoise(S16, 2400, 0.7, 42)).build();
        final CapturedAudio first = h.run().output();
        final CapturedAudio second = h.run().output();
        assertTrue(first.frames() > 0);
        assertEquals(first, second);
    }

    @Test
    void shouldRunAGeneratorWithoutInputForTheDefaultTicks() {
        final HarnessResult r = ModuleHarness.builder().module(SAMPLES, "tone").format(S16)
                .build().run().assertNoFaults();
        assertEquals(HarnessBuilder.DEFAULT_TICKS, r.ticks());
        assertEquals(HarnessBuilder.DEFAULT_TICKS * 48, r.output().frames());
        assertEquals(0, r.output().latencyTicks());
    }
}
