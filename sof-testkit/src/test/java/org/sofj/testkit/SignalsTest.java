package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/** Signals are deterministic, exact in every format, and round-trip through {@link Pcm}. */
final class SignalsTest {

    private static AudioFormat stereo(SampleFormat sf) {
        return AudioFormat.of(48000, 2, sf);
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void shouldPlaceTheImpulseOnEveryChannelOfItsFrameWhenMadeInAnyFormat(SampleFormat sf) {
        final float[] v = Pcm.toFloats(Signals.impulse(stereo(sf), 10, 4, 0.5), sf);
        assertEquals(20, v.length);
        for (int i = 0; i < v.length; i++) {
            assertEquals(i / 2 == 4 ? 0.5f : 0f, v[i], "sample " + i);
        }
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void shouldFollowStrictMathSineWithinOneLsbWhenMadeInAnyFormat(SampleFormat sf) {
        final float[] v = Pcm.toFloats(Signals.sine(stereo(sf), 480, 1000, 0.8), sf);
        final double lsb = sf == SampleFormat.S16_LE ? 1.0 / 32768 : 1.0 / 8388608;
        for (int n = 0; n < 480; n++) {
            final double want = 0.8 * StrictMath.sin(2 * StrictMath.PI * 1000 * n / 48000);
            assertEquals(want, v[2 * n], lsb, "frame " + n);
            assertEquals(v[2 * n], v[2 * n + 1]);
        }
    }

    @Test
    void shouldGiveTheSameNoiseForTheSameSeedAndOtherNoiseForAnother() {
        final AudioFormat f = stereo(SampleFormat.S32_LE);
        assertArrayEquals(Signals.whiteNoise(f, 100, 0.5, 9), Signals.whiteNoise(f, 100, 0.5, 9));
        assertFalse(Arrays.equals(Signals.whiteNoise(f, 100, 0.5, 9),
                Signals.whiteNoise(f, 100, 0.5, 10)));
    }

    @Test
    void shouldRampFromFirstToLastValueWhenMadeInS16() {
        final int[] v = Pcm.toInts(Signals.ramp(AudioFormat.of(48000, 1, SampleFormat.S16_LE), 5,
                -0.5, 0.5), SampleFormat.S16_LE);
        assertArrayEquals(new int[] {-16384, -8192, 0, 8192, 16384}, v);
    }

    @Test
    void shouldSaturateFullScaleWhenTheValueIsOne() {
        assertEquals(32767, Signals.raw(1.0, SampleFormat.S16_LE));
        assertEquals(Integer.MAX_VALUE, Signals.raw(1.0, SampleFormat.S32_LE));
        assertEquals(-8388608, Signals.raw(-1.0, SampleFormat.S24_4LE));
    }

    @Test
    void shouldBeAllZeroWhenSilent() {
        assertArrayEquals(new byte[40], Signals.silence(stereo(SampleFormat.FLOAT_LE), 5));
    }

    @Test
    void shouldRefuseAnAmplitudeAboveFullScaleOrAFrequencyAboveNyquist() {
        final AudioFormat f = stereo(SampleFormat.S16_LE);
        assertThrows(IllegalArgumentException.class, () -> Signals.sine(f, 10, 24000, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Signals.whiteNoise(f, 10, 1.5, 1));
    }

    @Test
    void shouldRoundTripRawSamplesThroughBytesWhenTheFormatIsS24() {
        final int[] raw = {-8388608, -1, 0, 1, 8388607};
        assertArrayEquals(raw, Pcm.toInts(Pcm.fromRaw(raw, SampleFormat.S24_4LE),
                SampleFormat.S24_4LE));
    }

    @Test
    void shouldRefuseIntegerSamplesOfAFloatStream() {
        assertThrows(IllegalArgumentException.class, () -> Pcm.toInts(new byte[8],
                SampleFormat.FLOAT_LE));
    }
}
