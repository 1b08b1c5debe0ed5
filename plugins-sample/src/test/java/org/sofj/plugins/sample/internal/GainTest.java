package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;

final class GainTest {
    private static final int FRAMES = 48;
    private static final int CH = 2;

    private final Fixture fx = new Fixture();
    private Gain gain;
    private TestRing in;
    private TestRing out;
    private Source[] sources;
    private Sink[] sinks;

    @AfterEach
    void close() {
        fx.close();
    }

    private void setUp(SampleFormat sf) {
        final AudioFormat f = AudioFormat.of(48000, CH, sf);
        final int period = FRAMES * f.frameBytes();
        gain = new Gain();
        assertEquals(0, gain.init(fx.context("gain", f, period, period)));
        in = fx.ring(period);
        out = fx.ring(period);
        sources = new Source[] {in.source};
        sinks = new Sink[] {out.sink};
        assertEquals(0, gain.prepare(sources, sinks));
    }

    private int configure(int gainQ24, int rampMs) {
        return gain.setConfiguration(0, ConfigFragment.SINGLE, 8,
                fx.view(Fixture.ints(gainQ24, rampMs)));
    }

    private short[] runS16(short[] samples) {
        in.write(Fixture.shorts(samples));
        assertEquals(0, gain.process(sources, sinks));
        return Fixture.toShorts(out.read(samples.length * 2));
    }

    /** The reference: the gain of frame k (1-based) of a ramp, from the documented formula. */
    private static long rampGain(long start, long target, long rampFrames, long k) {
        return k >= rampFrames ? target : start + (target - start) * k / rampFrames;
    }

    private static short[] random16(Random rnd, int n) {
        final short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) rnd.nextInt();
        }
        return s;
    }

    @Test
    void shouldPassSamplesUnchangedWhenGainIsTheDefaultUnity() {
        setUp(SampleFormat.S16_LE);
        final short[] x = random16(new Random(2), FRAMES * CH);
        assertArrayEquals(x, runS16(x));
    }

    @Test
    void shouldScaleS16ByTheTargetAtOnceWhenRampIsZero() {
        setUp(SampleFormat.S16_LE);
        final int g = (int) (0.3 * (1 << 24));
        assertEquals(0, configure(g, 0));
        final short[] x = random16(new Random(3), FRAMES * CH);
        final short[] y = runS16(x);
        for (int i = 0; i < x.length; i++) {
            final long expected = Math.round(x[i] * (g / 16777216.0));
            assertEquals(expected, y[i], 1.0, "sample " + i);
        }
    }

    @Test
    void shouldSaturateS16AtTheRailsWhenGainAmplifies() {
        setUp(SampleFormat.S16_LE);
        assertEquals(0, configure(4 << 24, 0));
        final short[] x = new short[FRAMES * CH];
        x[0] = 20000;
        x[1] = -20000;
        x[2] = 1000;
        final short[] y = runS16(x);
        assertEquals(Short.MAX_VALUE, y[0]);
        assertEquals(Short.MIN_VALUE, y[1]);
        assertEquals(4000, y[2]);
    }

    @Test
    void shouldFollowTheLinearRampFrameByFrameAcrossPeriodsForS32() {
        setUp(SampleFormat.S32_LE);
        final int target = (int) (0.375 * Gain.UNITY);
        assertEquals(0, configure(target, 2)); // 2 ms at 48 kHz = 96 frames = 2 periods
        final Random rnd = new Random(4);
        long k = 0;
        for (int p = 0; p < 3; p++) {
            final int[] x = new int[FRAMES * CH];
            for (int i = 0; i < x.length; i++) {
                x[i] = rnd.nextInt();
            }
            in.write(Fixture.ints(x));
            assertEquals(0, gain.process(sources, sinks));
            final int[] y = Fixture.toInts(out.read(x.length * 4));
            for (int f = 0; f < FRAMES; f++) {
                k++;
                final long g = rampGain(Gain.UNITY, target, 96, k);
                for (int c = 0; c < CH; c++) {
                    final long ref = Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                            Math.round(x[f * CH + c] * (double) g / 16777216.0)));
                    assertEquals(ref, y[f * CH + c], 1.0, "frame " + k);
                }
            }
        }
        assertEquals(target, gain.currentGain());
    }

    @ParameterizedTest(name = "gain 0x{0}")
    @ValueSource(ints = {0, 1, 0x0080_0000, 0x00FF_FFFF, Gain.UNITY, Gain.UNITY + 1, 0x7FFF_FFFF})
    void shouldScaleS32AsTheSaturatedFormulaAtEveryGainUpToAndPastUnity(int g) {
        setUp(SampleFormat.S32_LE);
        assertEquals(0, configure(g, 0));
        final int[] x = new int[FRAMES * CH];
        final Random rnd = new Random(g);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt();
        }
        x[0] = Integer.MIN_VALUE; // the rails, where a missing saturation would wrap
        x[1] = Integer.MAX_VALUE;
        x[2] = -1;
        x[3] = 1;
        in.write(Fixture.ints(x));
        assertEquals(0, gain.process(sources, sinks));
        final int[] y = Fixture.toInts(out.read(x.length * 4));
        for (int i = 0; i < x.length; i++) {
            final long v = ((long) x[i] * g + (1 << 23)) >> 24;
            assertEquals(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v)), y[i],
                    "x=" + x[i]);
        }
    }

    @Test
    void shouldAttenuateS32InIntArithmeticExactlyAsTheLongFormula() {
        final int[] edgeX = {Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -4097, -4096, -4095, -2, -1,
            0, 1, 2, 4095, 4096, 4097, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        final int[] edgeG = {0, 1, 2, 0xFFF, 0x1000, 0x1001, 0x7F_FFFF, 0x80_0000, 0x80_0001,
            0xFF_F000, 0xFF_FFFF, Gain.UNITY};
        final Random rnd = new Random(24);
        final int[] x = new int[256];
        for (int round = 0; round < 4_000; round++) {
            final int g = round < edgeG.length ? edgeG[round] : rnd.nextInt(Gain.UNITY + 1);
            for (int i = 0; i < x.length; i++) {
                x[i] = i < edgeX.length ? edgeX[i] : rnd.nextInt();
            }
            final int[] y = x.clone();
            Gain.attenuateS32(y, g);
            for (int i = 0; i < x.length; i++) {
                final long want = ((long) x[i] * g + (1 << 23)) >> 24;
                assertEquals(want, y[i], "x=" + x[i] + " g=" + g);
            }
        }
    }

    @Test
    void shouldScaleF32ByTheGainWithoutClipping() {
        setUp(SampleFormat.FLOAT_LE);
        assertEquals(0, configure(2 << 24, 0));
        final float[] x = new float[FRAMES * CH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i * 0.1) * 0.75f;
        }
        in.write(Fixture.floats(x));
        assertEquals(0, gain.process(sources, sinks));
        final float[] y = Fixture.toFloats(out.read(x.length * 4));
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] * 2.0f, y[i], 1e-7f, "sample " + i);
        }
    }

    @Test
    void shouldRejectBadBlobsAndKeepTheConfiguration() {
        setUp(SampleFormat.S16_LE);
        assertEquals(0, configure(1 << 23, 0));
        final MemoryView shortBlob = fx.view(Fixture.ints(1 << 24));
        assertEquals(-Errno.EINVAL, gain.setConfiguration(0, ConfigFragment.SINGLE, 4, shortBlob));
        assertEquals(-Errno.EINVAL, configure(-1, 0));
        assertEquals(-Errno.EINVAL, configure(1 << 24, Gain.MAX_RAMP_MS + 1));
        final MemoryView big = fx.view(new byte[16]);
        assertEquals(-Errno.EINVAL, gain.setConfiguration(0, ConfigFragment.FIRST,
                ConfigBlob.MAX_BYTES + 1, big));
        final MemoryView reply = fx.view(new byte[8]);
        assertEquals(8, gain.getConfiguration(0, reply));
        assertEquals(1 << 23, reply.getInt(0));
        final short[] x = new short[FRAMES * CH];
        x[0] = 1000;
        x[1] = -1000;
        final short[] y = runS16(x);
        assertEquals(500, y[0]);
        assertEquals(-500, y[1]);
    }

    @Test
    void shouldApplyABlobAssembledFromThreeFragments() {
        setUp(SampleFormat.S16_LE);
        final byte[] blob = Fixture.ints(1 << 22, 0);
        assertEquals(0, gain.setConfiguration(0, ConfigFragment.FIRST, 8,
                fx.view(Arrays.copyOfRange(blob, 0, 3))));
        assertEquals(0, gain.setConfiguration(0, ConfigFragment.MIDDLE, 3,
                fx.view(Arrays.copyOfRange(blob, 3, 6))));
        assertEquals(Gain.UNITY, gain.currentGain(), "nothing applied before LAST");
        assertEquals(0, gain.setConfiguration(0, ConfigFragment.LAST, 6,
                fx.view(Arrays.copyOfRange(blob, 6, 8))));
        assertEquals(1 << 22, gain.currentGain());
    }

    @Test
    void shouldReturnToUnityWhenReset() {
        setUp(SampleFormat.S16_LE);
        assertEquals(0, configure(1 << 22, 5));
        runS16(new short[FRAMES * CH]);
        assertEquals(0, gain.reset());
        final short[] x = random16(new Random(5), FRAMES * CH);
        assertArrayEquals(x, runS16(x));
        final MemoryView reply = fx.view(new byte[8]);
        gain.getConfiguration(0, reply);
        assertEquals(Gain.UNITY, reply.getInt(0));
        assertEquals(0, reply.getInt(4));
    }
}
