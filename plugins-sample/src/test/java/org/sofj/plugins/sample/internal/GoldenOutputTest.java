package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.ConfigFragment;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

/**
 * The exact bytes tone, gain and eq_iir produce, pinned as SHA-256 digests taken from the
 * implementations of 2026-11-30 (before their inner loops were rewritten for speed, issue 16):
 * a faster loop must compute every sample bit for bit as before. Each case runs 1,000 periods of
 * 48 frames through a ring whose fragments wrap, with full-scale random input (so the filters
 * saturate), a reconfiguration half-way, and 1, 2 and 3 channels.
 */
final class GoldenOutputTest {
    private static final int RATE = 48000;
    private static final int FRAMES = 48;
    private static final int PERIODS = 1000;
    private static final Source[] NO_SOURCES = {};
    /** The README's peaking EQ, then a second section (8 kHz low-pass, Q 0.707), Q2.30. */
    private static final int[] EQ = {2, 0x42d0209c, 0x86b310b5, 0x3788c30d, 0x86b310b5,
        0x3a58e3a9, 0x09ec35d6, 0x13d86bac, 0x09ec35d6, 0xd84f28a9, 0x0f61aeae};

    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private static String sha256(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static int configure(Fixture fx, ProcessingModule m, int... words) {
        return m.setConfiguration(0, ConfigFragment.SINGLE, 4 * words.length,
                fx.view(Fixture.ints(words)));
    }

    @ParameterizedTest(name = "tone {0} x{1}")
    @CsvSource({
        "S16_LE, 1, 156d04d215310007fe0fcb33338d6c0d81ac2da010e92f7343347007cbf7ce2b",
        "S16_LE, 2, 84be1b5dd412832f6f6a7706df90a51ab9ea1e758246a3294b2aa236459a7949",
        "S32_LE, 1, 0d9db7f54afa32c3bd4c4ed0af5cb7c8a3a8d0eb8286c7dfb924d239a56cf9ee",
        "S32_LE, 2, a237feaa0600b3b4a37de8ae567bdbe03458e71f54fa8d0dee570e745b0e6e08",
        "S32_LE, 3, a2cd026c471616733497535a39d59e496c29d5ad309632e229dfcf5bd4c20181",
        "FLOAT_LE, 2, 56829d4f8e7f67472d2e702beb7a98fc422b01f0e45512f3bc04859944c282da",
    })
    void shouldRenderTheToneBitForBitAsBefore(SampleFormat sf, int channels, String sha) {
        final AudioFormat f = AudioFormat.of(RATE, channels, sf);
        final int period = FRAMES * f.frameBytes();
        final Tone t = new Tone();
        assertEquals(0, t.init(fx.context("tone", f, 0, period)));
        final TestRing out = fx.ring(period);
        final Sink[] sinks = {out.sink};
        assertEquals(0, t.prepare(NO_SOURCES, sinks));
        assertEquals(0, configure(fx, t, 440_000, 0x4000_0000));
        final MessageDigest d = digest();
        for (int p = 0; p < PERIODS; p++) {
            if (p == PERIODS / 2) {
                assertEquals(0, configure(fx, t, 19_997_123, 0x7FFF_FFFF));
            }
            assertEquals(0, t.process(NO_SOURCES, sinks));
            d.update(out.read(period));
        }
        assertEquals(sha, sha256(d));
    }

    /** Drives a one-in one-out filter with full-scale random samples; returns the digest. */
    private String filter(StreamFilter m, String name, AudioFormat f, Runnable halfWay) {
        final int period = FRAMES * f.frameBytes();
        assertEquals(0, m.init(fx.context(name, f, period, period)));
        final TestRing in = fx.ring(period);
        final TestRing out = fx.ring(period);
        final Source[] sources = {in.source};
        final Sink[] sinks = {out.sink};
        assertEquals(0, m.prepare(sources, sinks));
        final Random r = new Random(16);
        final byte[] block = new byte[period];
        final MessageDigest d = digest();
        for (int p = 0; p < PERIODS; p++) {
            if (p == PERIODS / 2) {
                halfWay.run();
            }
            if (f.sampleFormat() == SampleFormat.FLOAT_LE) {
                final float[] x = new float[period / 4];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (r.nextGaussian() * 0.4);
                }
                System.arraycopy(Fixture.floats(x), 0, block, 0, period);
            } else {
                r.nextBytes(block);
            }
            in.write(block);
            assertEquals(0, m.process(sources, sinks));
            d.update(out.read(period));
        }
        return sha256(d);
    }

    @ParameterizedTest(name = "eq_iir {0} x{1}")
    @CsvSource({
        "S16_LE, 2, 5fda8f2a4dff235d17267b006448663962f3a78d3047ba6427ae86ac746b87f9",
        "S32_LE, 1, 0fb6c68f86f23c5a1d79b9e5dd7cd373eb64e5efc218f9e7571abf3ad32dc090",
        "S32_LE, 2, c3067462640d6d836ba90c201b3a7f53dcbb4094cb6615adbaf6685674b79fdb",
        "S32_LE, 3, 6d20a671544ccdecaad238d47cbe30cffce26cb1a2b69a0e89f06f7e39edb892",
        "FLOAT_LE, 2, 5a0dbb1be96a98b929a19f03e5654f16071ae3d4c05a77b5d0841e3bc4a316ee",
    })
    void shouldFilterBitForBitAsBefore(SampleFormat sf, int channels, String sha) {
        final EqIir eq = new EqIir();
        final AudioFormat f = AudioFormat.of(RATE, channels, sf);
        assertEquals(sha, filter(eq, "eq_iir", f, () -> assertEquals(0, configure(fx, eq, EQ))));
    }

    /**
     * The cascade sample by sample through every section, in {@link EqIir}'s substituted form
     * ({@code y} folded into the state updates, {@code c1 = b1 - a1 b0}, {@code c2 = b2 - a2 b0}):
     * the reference for {@link EqIir#filter}'s doubles, which an integer output would hide.
     */
    private static void sampleBySample(double[] c, int sections, double[] state, double[] x,
            int channels) {
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            int si = (i % channels) * EqIir.MAX_SECTIONS * 2;
            for (int k = 0, ci = 0; k < sections; k++, ci += 5, si += 2) {
                final double b0 = c[ci];
                final double a1 = c[ci + 3];
                final double a2 = c[ci + 4];
                final double c1 = c[ci + 1] - a1 * b0;
                final double c2 = c[ci + 2] - a2 * b0;
                final double s0 = state[si];
                final double y = b0 * v + s0;
                state[si] = c1 * v + state[si + 1] - a1 * s0;
                state[si + 1] = c2 * v - a2 * s0;
                v = y;
            }
            x[i] = v;
        }
    }

    /**
     * The cascade as it ran until 2026-12-01, transposed direct form II with {@code y} computed
     * first and fed to both state updates ({@code s0 = b1 v - a1 y + s1}, {@code s1 = b2 v -
     * a2 y}): four dependent operations per sample instead of two.
     */
    private static double unsubstituted(double[] c, int sections, double[] state, double v,
            int si) {
        for (int k = 0, ci = 0; k < sections; k++, ci += 5, si += 2) {
            final double y = c[ci] * v + state[si];
            state[si] = c[ci + 1] * v - c[ci + 3] * y + state[si + 1];
            state[si + 1] = c[ci + 2] * v - c[ci + 4] * y;
            v = y;
        }
        return v;
    }

    /**
     * The substitution changes the doubles by rounding only: every S32 sample (full-scale random
     * input, saturating, through {@code process}, so the stereo path that rounds inside its last
     * section too) is within 1 LSB of the unsubstituted cascade's {@code Math.round}, saturated.
     */
    @ParameterizedTest(name = "x{0}, {1} section(s)")
    @CsvSource({"1, 1", "2, 1", "2, 2", "3, 2"})
    void shouldStayWithin1LsbOfTheUnsubstitutedCascade(int channels, int sections) {
        final EqIir eq = new EqIir();
        final AudioFormat f = AudioFormat.of(RATE, channels, SampleFormat.S32_LE);
        final int period = FRAMES * f.frameBytes();
        assertEquals(0, eq.init(fx.context("eq_iir", f, period, period)));
        final int[] blob = java.util.Arrays.copyOf(EQ, 1 + 5 * sections);
        blob[0] = sections;
        assertEquals(0, configure(fx, eq, blob));
        final double[] c = new double[5 * sections];
        for (int i = 0; i < c.length; i++) {
            c[i] = blob[1 + i] / Samples.Q30;
        }
        final TestRing in = fx.ring(period);
        final TestRing out = fx.ring(period);
        final double[] state = new double[channels * EqIir.MAX_SECTIONS * 2];
        final Random r = new Random(17);
        final int[] x = new int[FRAMES * channels];
        int differ = 0;
        for (int p = 0; p < 4 * PERIODS; p++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt();
            }
            in.write(Fixture.ints(x));
            assertEquals(0, eq.process(new Source[] {in.source}, new Sink[] {out.sink}));
            final java.nio.ByteBuffer got = java.nio.ByteBuffer.wrap(out.read(period))
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x.length; i++) {
                final double y = unsubstituted(c, sections, state, x[i],
                        (i % channels) * EqIir.MAX_SECTIONS * 2);
                final long expected = Math.max(Integer.MIN_VALUE,
                        Math.min(Integer.MAX_VALUE, Math.round(y)));
                final int actual = got.getInt();
                assertTrue(Math.abs(expected - actual) <= 1, "period " + p + " sample " + i
                        + ": " + actual + " against " + expected);
                differ += expected == actual ? 0 : 1;
            }
        }
        assertTrue(differ < 4 * PERIODS * x.length / 1000, differ + " samples differ");
    }

    @ParameterizedTest(name = "x{0}")
    @CsvSource({"1", "2", "3", "4"})
    void shouldComputeEveryDoubleAsTheSampleBySampleCascade(int channels) {
        final EqIir eq = new EqIir();
        final AudioFormat f = AudioFormat.of(RATE, channels, SampleFormat.S32_LE);
        final int period = FRAMES * f.frameBytes();
        assertEquals(0, eq.init(fx.context("eq_iir", f, period, period)));
        assertEquals(0, configure(fx, eq, EQ));
        final double[] c = new double[5 * EQ[0]];
        for (int i = 0; i < c.length; i++) {
            c[i] = EQ[1 + i] / Samples.Q30;
        }
        final double[] state = new double[channels * EqIir.MAX_SECTIONS * 2];
        final Random r = new Random(16);
        for (int p = 0; p < PERIODS; p++) {
            final double[] x = new double[FRAMES * channels];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian() * 1e9;
            }
            final double[] expected = x.clone();
            sampleBySample(c, EQ[0], state, expected, channels);
            eq.filter(x);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Double.doubleToRawLongBits(expected[i]),
                        Double.doubleToRawLongBits(x[i]), "period " + p + " sample " + i);
            }
        }
    }

    @ParameterizedTest(name = "gain {0} x{1}")
    @CsvSource({
        "S16_LE, 2, 0ae896c78882f61532eb3458a0028cb0ae696ad75bf78ad572df67a06ea8e9f3",
        "S32_LE, 1, 74022ed01318225e49c9fcf1607ee387f3d60363182deea7e15338f0bb66d524",
        "S32_LE, 2, 511db0669c155111f1a936eafc5f1d7652442f6257816e6045e468904412266b",
        "FLOAT_LE, 2, 648781a95aa488c2717d07dba8782305d859fa7abc9132d45ae24d57b8f54ede",
    })
    void shouldScaleBitForBitAsBefore(SampleFormat sf, int channels, String sha) {
        final Gain g = new Gain();
        final AudioFormat f = AudioFormat.of(RATE, channels, sf);
        // unity until half-way, then a 300 ms ramp to 2.5 (saturating), then steady
        assertEquals(sha, filter(g, "gain", f, () -> assertEquals(0, configure(fx, g, 0x0280_0000,
                300))));
    }

    @Test
    void shouldPassTheReadmeChainBitForBitAsBefore() {
        // tone -> gain -> eq_iir as the README pipeline configures them, S32 stereo
        final AudioFormat f = AudioFormat.of(RATE, 2, SampleFormat.S32_LE);
        final int period = FRAMES * f.frameBytes();
        final Tone t = new Tone();
        final Gain g = new Gain();
        final EqIir eq = new EqIir();
        assertEquals(0, t.init(fx.context("tone", f, 0, period)));
        assertEquals(0, g.init(fx.context("gain", f, period, period)));
        assertEquals(0, eq.init(fx.context("eq_iir", f, period, period)));
        final TestRing a = fx.ring(period);
        final TestRing b = fx.ring(period);
        final TestRing c = fx.ring(period);
        assertEquals(0, configure(fx, t, 440_000, 0x4000_0000));
        assertEquals(0, configure(fx, g, 0x0080_0000, 0));
        assertEquals(0, configure(fx, eq, 1, EQ[1], EQ[2], EQ[3], EQ[4], EQ[5]));
        final MessageDigest d = digest();
        for (int p = 0; p < PERIODS; p++) {
            assertEquals(0, t.process(NO_SOURCES, new Sink[] {a.sink}));
            assertEquals(0, g.process(new Source[] {a.source}, new Sink[] {b.sink}));
            assertEquals(0, eq.process(new Source[] {b.source}, new Sink[] {c.sink}));
            d.update(c.read(period));
        }
        assertEquals("56b0a6e746063d0c518353884e7e03d14f5b65cb772bf01f4309a39148ce17ac",
                sha256(d));
    }
}
