package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;

final class EqIirTest {
    private static final int RATE = 48000;
    private static final int FRAMES = 48;
    private static final int CH = 2;

    private final Fixture fx = new Fixture();
    private EqIir eq;
    private TestRing in;
    private TestRing out;
    private Source[] sources;
    private Sink[] sinks;

    @AfterEach
    void close() {
        fx.close();
    }

    private void setUp(SampleFormat sf) {
        final AudioFormat f = AudioFormat.of(RATE, CH, sf);
        final int period = FRAMES * f.frameBytes();
        eq = new EqIir();
        assertEquals(0, eq.init(fx.context("eq_iir", f, period, period)));
        in = fx.ring(period);
        out = fx.ring(period);
        sources = new Source[] {in.source};
        sinks = new Sink[] {out.sink};
        assertEquals(0, eq.prepare(sources, sinks));
    }

    /** RBJ cookbook peaking EQ (+6 dB at 1 kHz, Q 1) and low-pass (8 kHz, Q 0.707), in Q2.30. */
    private static int[] sections() {
        final double[][] s = {peaking(1000, 1.0, 6.0), lowPass(8000, 0.707)};
        final int[] q = new int[1 + 5 * s.length];
        q[0] = s.length;
        for (int i = 0; i < s.length; i++) {
            for (int j = 0; j < 5; j++) {
                q[1 + 5 * i + j] = (int) Math.round(s[i][j] * (1 << 30));
            }
        }
        return q;
    }

    private static double[] peaking(double f0, double qf, double gainDb) {
        final double a = Math.pow(10, gainDb / 40);
        final double w = 2 * Math.PI * f0 / RATE;
        final double alpha = Math.sin(w) / (2 * qf);
        final double a0 = 1 + alpha / a;
        return new double[] {(1 + alpha * a) / a0, -2 * Math.cos(w) / a0, (1 - alpha * a) / a0,
            -2 * Math.cos(w) / a0, (1 - alpha / a) / a0};
    }

    private static double[] lowPass(double f0, double qf) {
        final double w = 2 * Math.PI * f0 / RATE;
        final double alpha = Math.sin(w) / (2 * qf);
        final double a0 = 1 + alpha;
        final double b1 = (1 - Math.cos(w)) / a0;
        return new double[] {b1 / 2, b1, b1 / 2, -2 * Math.cos(w) / a0, (1 - alpha) / a0};
    }

    /** Reference: direct form I in double, per channel, on the quantised coefficients. */
    private static double[] reference(int[] blob, double[] x, int channels) {
        final int n = blob[0];
        final double[] y = x.clone();
        for (int s = 0; s < n; s++) {
            final double[] c = new double[5];
            for (int j = 0; j < 5; j++) {
                c[j] = blob[1 + 5 * s + j] / (double) (1 << 30);
            }
            for (int ch = 0; ch < channels; ch++) {
                double x1 = 0;
                double x2 = 0;
                double y1 = 0;
                double y2 = 0;
                for (int i = ch; i < y.length; i += channels) {
                    final double v = y[i];
                    final double r = c[0] * v + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
                    x2 = x1;
                    x1 = v;
                    y2 = y1;
                    y1 = r;
                    y[i] = r;
                }
            }
        }
        return y;
    }

    private int configure(int[] blob) {
        return eq.setConfiguration(0, ConfigFragment.SINGLE, blob.length * 4,
                fx.view(Fixture.ints(blob)));
    }

    @Test
    void shouldMatchADoubleDirectFormIReferenceWithin1LsbWhenS16() {
        setUp(SampleFormat.S16_LE);
        final int[] blob = sections();
        assertEquals(0, configure(blob));
        final Random rnd = new Random(6);
        final int periods = 20;
        final short[] x = new short[periods * FRAMES * CH];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) (rnd.nextGaussian() * 4000);
        }
        final short[] y = new short[x.length];
        final int n = FRAMES * CH;
        for (int p = 0; p < periods; p++) {
            in.write(Fixture.shorts(Arrays.copyOfRange(x, p * n, (p + 1) * n)));
            assertEquals(0, eq.process(sources, sinks));
            System.arraycopy(Fixture.toShorts(out.read(n * 2)), 0, y, p * n, n);
        }
        final double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        final double[] ref = reference(blob, xd, CH);
        for (int i = 0; i < y.length; i++) {
            final double r = Math.max(-32768, Math.min(32767, ref[i]));
            assertEquals(r, y[i], 1.0, "sample " + i);
        }
    }

    @Test
    void shouldMatchTheReferenceWithinFloatToleranceWhenF32() {
        setUp(SampleFormat.FLOAT_LE);
        final int[] blob = sections();
        assertEquals(0, configure(blob));
        final int n = FRAMES * CH;
        final float[] x = new float[n * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.4 * Math.sin(i * 0.37) + 0.2 * Math.cos(i * 0.05));
        }
        final float[] y = Fixture.processFloats(eq, in, out, x, n);
        final double[] ref = reference(blob, Fixture.toDoubles(x), CH);
        for (int i = 0; i < y.length; i++) {
            assertEquals(ref[i], y[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void shouldPassThroughWhenNoSectionIsConfigured() {
        setUp(SampleFormat.S32_LE);
        final int[] x = new Random(7).ints(FRAMES * CH).toArray();
        in.write(Fixture.ints(x));
        assertEquals(0, eq.process(sources, sinks));
        assertArrayEquals(x, Fixture.toInts(out.read(x.length * 4)));
    }

    @Test
    void shouldRejectBadBlobsAndKeepTheFilter() {
        setUp(SampleFormat.S16_LE);
        final int[] good = sections();
        assertEquals(0, configure(good));
        final int[] tooMany = new int[1 + 5 * 9];
        tooMany[0] = 9;
        assertEquals(-Errno.EINVAL, configure(tooMany));
        final int[] countMismatch = good.clone();
        countMismatch[0] = 3;
        assertEquals(-Errno.EINVAL, configure(countMismatch));
        assertEquals(-Errno.EINVAL, configure(new int[] {-1}));
        assertEquals(-Errno.EINVAL, eq.setConfiguration(0, ConfigFragment.SINGLE, 2,
                fx.view(new byte[] {1, 0})));
        assertEquals(-Errno.EINVAL, eq.setConfiguration(0, ConfigFragment.FIRST,
                ConfigBlob.MAX_BYTES + 4, fx.view(new byte[64])));
        final MemoryView reply = fx.view(new byte[64]);
        assertEquals(good.length * 4, eq.getConfiguration(0, reply));
        for (int i = 0; i < good.length; i++) {
            assertEquals(good[i], reply.getInt(4L * i), "word " + i);
        }
        final short[] impulse = new short[FRAMES * CH];
        impulse[0] = 10000;
        in.write(Fixture.shorts(impulse));
        assertEquals(0, eq.process(sources, sinks));
        final short[] y = Fixture.toShorts(out.read(impulse.length * 2));
        final double[] xd = new double[impulse.length];
        xd[0] = 10000;
        final double[] ref = reference(good, xd, CH);
        for (int i = 0; i < y.length; i++) {
            assertEquals(ref[i], y[i], 1.0, "sample " + i);
        }
    }

    @Test
    void shouldForgetSectionsAndStateWhenReset() {
        setUp(SampleFormat.S16_LE);
        assertEquals(0, configure(sections()));
        final short[] loud = new short[FRAMES * CH];
        Arrays.fill(loud, (short) 12000);
        in.write(Fixture.shorts(loud));
        assertEquals(0, eq.process(sources, sinks));
        out.read(loud.length * 2);
        assertEquals(0, eq.reset());
        final short[] x = new short[FRAMES * CH];
        x[3] = 77;
        in.write(Fixture.shorts(x));
        assertEquals(0, eq.process(sources, sinks));
        assertArrayEquals(x, Fixture.toShorts(out.read(x.length * 2)));
    }
}
