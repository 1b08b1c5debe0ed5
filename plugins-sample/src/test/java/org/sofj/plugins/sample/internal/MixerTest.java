package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

final class MixerTest {
    private static final int FRAMES = 48;
    private static final int CH = 2;
    private static final int N = FRAMES * CH;

    private final Fixture fx = new Fixture();
    private Mixer mixer;
    private TestRing[] ins;
    private TestRing out;
    private Source[] sources;
    private Sink[] sinks;

    @AfterEach
    void close() {
        fx.close();
    }

    private void setUp(SampleFormat sf, int count) {
        final AudioFormat f = AudioFormat.of(48000, CH, sf);
        final int period = FRAMES * f.frameBytes();
        mixer = new Mixer();
        assertEquals(0, mixer.init(fx.context("mixer", f, period, period)));
        ins = new TestRing[count];
        sources = new Source[count];
        for (int i = 0; i < count; i++) {
            ins[i] = fx.ring(period);
            sources[i] = ins[i].source;
        }
        out = fx.ring(period);
        sinks = new Sink[] {out.sink};
        assertEquals(0, mixer.prepare(sources, sinks));
    }

    @Test
    void shouldSumThreeS16SourcesExactlyWhenNothingClips() {
        setUp(SampleFormat.S16_LE, 3);
        final Random rnd = new Random(8);
        final short[][] x = new short[3][N];
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < N; i++) {
                x[s][i] = (short) (rnd.nextInt(20000) - 10000);
            }
            ins[s].write(Fixture.shorts(x[s]));
        }
        assertEquals(0, mixer.process(sources, sinks));
        final short[] y = Fixture.toShorts(out.read(N * 2));
        for (int i = 0; i < N; i++) {
            final int sum = x[0][i] + x[1][i] + x[2][i];
            assertEquals(Math.max(-32768, Math.min(32767, sum)), y[i], "sample " + i);
        }
        for (TestRing r : ins) {
            assertEquals(0, r.available(), "each source consumed one period");
        }
    }

    @Test
    void shouldSaturateS16AtBothRails() {
        setUp(SampleFormat.S16_LE, 2);
        final short[] a = new short[N];
        final short[] b = new short[N];
        a[0] = 32000;
        b[0] = 32000;
        a[1] = -32000;
        b[1] = -32000;
        a[2] = 32767;
        b[2] = -32768;
        ins[0].write(Fixture.shorts(a));
        ins[1].write(Fixture.shorts(b));
        assertEquals(0, mixer.process(sources, sinks));
        final short[] y = Fixture.toShorts(out.read(N * 2));
        assertEquals(32767, y[0]);
        assertEquals(-32768, y[1]);
        assertEquals(-1, y[2]);
    }

    @Test
    void shouldSaturateS32AtBothRailsWithoutWrapping() {
        setUp(SampleFormat.S32_LE, 2);
        final int[] a = new int[N];
        final int[] b = new int[N];
        a[0] = Integer.MAX_VALUE;
        b[0] = 1;
        a[1] = Integer.MIN_VALUE;
        b[1] = -5;
        a[2] = 1 << 30;
        b[2] = 1 << 29;
        ins[0].write(Fixture.ints(a));
        ins[1].write(Fixture.ints(b));
        assertEquals(0, mixer.process(sources, sinks));
        final int[] y = Fixture.toInts(out.read(N * 4));
        assertEquals(Integer.MAX_VALUE, y[0]);
        assertEquals(Integer.MIN_VALUE, y[1]);
        assertEquals(3 << 29, y[2]);
    }

    @Test
    void shouldClampF32ToFullScale() {
        setUp(SampleFormat.FLOAT_LE, 2);
        final float[] a = new float[N];
        final float[] b = new float[N];
        a[0] = 0.75f;
        b[0] = 0.5f;
        a[1] = -0.75f;
        b[1] = -0.5f;
        a[2] = 0.25f;
        b[2] = 0.125f;
        ins[0].write(Fixture.floats(a));
        ins[1].write(Fixture.floats(b));
        assertEquals(0, mixer.process(sources, sinks));
        final float[] y = Fixture.toFloats(out.read(N * 4));
        assertEquals(1.0f, y[0]);
        assertEquals(-1.0f, y[1]);
        assertEquals(0.375f, y[2]);
    }

    @Test
    void shouldReturnEnodataAndConsumeNothingWhenOneSourceLacksIbs() {
        setUp(SampleFormat.S16_LE, 2);
        ins[0].write(new byte[N * 2]);
        ins[1].write(new byte[N * 2 - 4]);
        assertEquals(-Errno.ENODATA, mixer.process(sources, sinks));
        assertEquals(N * 2, ins[0].available());
        assertEquals(N * 2 - 4, ins[1].available());
        assertEquals(0, out.available());
    }

    @Test
    void shouldReturnEnospcAndConsumeNothingWhenTheSinkLacksObs() {
        setUp(SampleFormat.S16_LE, 2);
        ins[0].write(new byte[N * 2]);
        ins[1].write(new byte[N * 2]);
        out.write(new byte[out.free() - N * 2 + 4]);
        assertEquals(-Errno.ENOSPC, mixer.process(sources, sinks));
        assertEquals(N * 2, ins[0].available());
        assertEquals(N * 2, ins[1].available());
    }

    @Test
    void shouldRejectMoreThanEightSourcesOrNoSink() {
        setUp(SampleFormat.S16_LE, 1);
        assertEquals(-Errno.EINVAL, mixer.prepare(new Source[Mixer.MAX_SOURCES + 1], sinks));
        assertEquals(-Errno.EINVAL, mixer.prepare(sources, new Sink[0]));
        final short[] x = new short[N];
        x[5] = 123;
        ins[0].write(Fixture.shorts(x));
        assertEquals(0, mixer.process(sources, sinks));
        assertArrayEquals(x, Fixture.toShorts(out.read(N * 2)), "one source mixes to itself");
    }
}
