package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;

final class ToneTest {
    private static final int RATE = 48000;
    private static final int FRAMES = 48;
    private static final Source[] NO_SOURCES = {};

    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private Tone tone(SampleFormat sf, int channels) {
        final AudioFormat f = AudioFormat.of(RATE, channels, sf);
        final Tone t = new Tone();
        assertEquals(0, t.init(fx.context("tone", f, 0, FRAMES * f.frameBytes())));
        return t;
    }

    private int configure(Tone t, int milliHz, int amplitudeQ31) {
        return t.setConfiguration(0, ConfigFragment.SINGLE, 8,
                fx.view(Fixture.ints(milliHz, amplitudeQ31)));
    }

    /** Runs {@code periods} periods and returns every S16 sample of channel 0. */
    private short[] runS16(Tone t, int channels, int periods) {
        final TestRing out = fx.ring(FRAMES * 2 * channels);
        final Sink[] sinks = {out.sink};
        assertEquals(0, t.prepare(NO_SOURCES, sinks));
        final short[] mono = new short[periods * FRAMES];
        for (int p = 0; p < periods; p++) {
            assertEquals(0, t.process(NO_SOURCES, sinks));
            final short[] s = Fixture.toShorts(out.read(FRAMES * 2 * channels));
            for (int f = 0; f < FRAMES; f++) {
                for (int c = 1; c < channels; c++) {
                    assertEquals(s[f * channels], s[f * channels + c], "same on every channel");
                }
                mono[p * FRAMES + f] = s[f * channels];
            }
        }
        return mono;
    }

    @Test
    void shouldMatchASineReferenceWithin1LsbAcrossPeriodsWhenS16() {
        final Tone t = tone(SampleFormat.S16_LE, 2);
        assertEquals(0, configure(t, 1_234_500, 0x6000_0000));
        final short[] y = runS16(t, 2, 20);
        final double a = 0x6000_0000 / 2147483648.0;
        for (int n = 0; n < y.length; n++) {
            final double ref = a * 32767.0 * Math.sin(2 * Math.PI * 1234.5 * n / RATE);
            assertEquals(ref, y[n], 1.0, "frame " + n);
        }
    }

    @Test
    void shouldCrossZeroUpwardsOncePerCycleAtTheConfiguredFrequency() {
        final Tone t = tone(SampleFormat.S16_LE, 1);
        assertEquals(0, configure(t, 997_000, 0x7FFF_FFFF));
        final short[] y = runS16(t, 1, 1000); // one second
        int crossings = 0;
        for (int n = 1; n < y.length; n++) {
            if (y[n - 1] < 0 && y[n] >= 0) {
                crossings++;
            }
        }
        assertEquals(997, crossings, 1);
    }

    @Test
    void shouldProduceIdenticalSamplesFromTheSameConfigInTwoInstances() {
        final Tone a = tone(SampleFormat.S32_LE, 2);
        final Tone b = tone(SampleFormat.S32_LE, 2);
        assertEquals(0, configure(a, 440_000, 0x5000_0000));
        assertEquals(0, configure(b, 440_000, 0x5000_0000));
        final TestRing ra = fx.ring(FRAMES * 8);
        final TestRing rb = fx.ring(FRAMES * 8);
        for (int p = 0; p < 10; p++) {
            assertEquals(0, a.process(NO_SOURCES, new Sink[] {ra.sink}));
            assertEquals(0, b.process(NO_SOURCES, new Sink[] {rb.sink}));
            assertArrayEquals(ra.read(FRAMES * 8), rb.read(FRAMES * 8), "period " + p);
        }
    }

    @Test
    void shouldKeepThePhaseWhenReconfigured() {
        final Tone t = tone(SampleFormat.FLOAT_LE, 1);
        final TestRing out = fx.ring(FRAMES * 4);
        final Sink[] sinks = {out.sink};
        assertEquals(0, configure(t, 1_500_000, 0x4000_0000));
        assertEquals(0, t.process(NO_SOURCES, sinks));
        out.read(FRAMES * 4);
        assertEquals(0, configure(t, 2_000_000, 0x4000_0000));
        assertEquals(0, t.process(NO_SOURCES, sinks));
        final float[] y = Fixture.toFloats(out.read(FRAMES * 4));
        // 48 frames of 1.5 kHz end half way through a cycle: the 2 kHz tone continues from pi
        for (int n = 0; n < FRAMES; n++) {
            assertEquals(0.5 * Math.sin(Math.PI + 2 * Math.PI * 2000.0 * n / RATE), y[n], 1e-6);
        }
    }

    @Test
    void shouldRejectAFrequencyAtNyquistAndKeepTheTone() {
        final Tone t = tone(SampleFormat.S16_LE, 1);
        assertEquals(0, configure(t, 3_000_000, 0x4000_0000));
        assertEquals(-Errno.EINVAL, configure(t, RATE * 500, 0x4000_0000));
        assertEquals(-Errno.EINVAL, configure(t, 0, 0x4000_0000));
        assertEquals(-Errno.EINVAL, configure(t, 1000, -1));
        assertEquals(-Errno.EINVAL, t.setConfiguration(0, ConfigFragment.SINGLE, 12,
                fx.view(Fixture.ints(1000, 1000, 1000))));
        final MemoryView reply = fx.view(new byte[8]);
        assertEquals(8, t.getConfiguration(0, reply));
        assertEquals(3_000_000, reply.getInt(0));
        final short[] y = runS16(t, 1, 1);
        assertEquals(0.5 * 32767 * Math.sin(2 * Math.PI * 3000.0 * 5 / RATE), y[5], 1.0);
    }

    @Test
    void shouldReturnEnospcAndWriteNothingWhenTheSinkLacksObs() {
        final Tone t = tone(SampleFormat.S16_LE, 2);
        final TestRing out = fx.ring(FRAMES * 4);
        out.write(new byte[out.free() - FRAMES * 4 + 2]);
        final int before = out.available();
        assertEquals(-Errno.ENOSPC, t.process(NO_SOURCES, new Sink[] {out.sink}));
        assertEquals(before, out.available());
    }

    @Test
    void shouldRestartAtPhaseZeroWithDefaultsWhenReset() {
        final Tone t = tone(SampleFormat.S16_LE, 1);
        assertEquals(0, configure(t, 5_000_000, 0x7000_0000));
        runS16(t, 1, 3);
        assertEquals(0, t.reset());
        final short[] y = runS16(t, 1, 1);
        for (int n = 0; n < FRAMES; n++) {
            assertEquals(0.5 * 32767 * Math.sin(2 * Math.PI * 1000.0 * n / RATE), y[n], 1.0);
        }
    }
}
