package org.sofj.testkit;

import java.util.Objects;
import java.util.SplittableRandom;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * Test signals as interleaved little-endian PCM in any {@link AudioFormat}, every channel
 * carrying the same signal (white noise draws each sample separately). Values are full scale
 * {@code [-1.0, 1.0]}: an integer format maps {@code v} to {@code round(v * 2^(bits-1))},
 * saturated (S16 {@code 2^15}, S24 {@code 2^23}, S32 {@code 2^31}); FLOAT_LE stores {@code (float) v}.
 *
 * <p>Every signal is computed with {@link StrictMath} or a seeded {@link SplittableRandom}, so the
 * same arguments give the same bytes on every JVM. Make signals before a run: each call allocates
 * its array once and nothing is allocated while the harness runs.
 */
public final class Signals {
    private Signals() {
    }

    /**
     * A sine starting at phase 0.
     *
     * @param format    the format
     * @param frames    the length in frames, {@code >= 0}
     * @param hz        the frequency, {@code > 0} and below half the rate
     * @param amplitude the peak, {@code [0, 1]}
     * @return the PCM bytes
     */
    public static byte[] sine(AudioFormat format, int frames, double hz, double amplitude) {
        checkAmplitude(amplitude);
        if (!(hz > 0) || hz >= format.rate() / 2.0) {
            throw new IllegalArgumentException("hz=" + hz + " must be in (0, rate/2="
                    + format.rate() / 2.0 + ")");
        }
        final double w = 2 * StrictMath.PI * hz / format.rate();
        final double[] v = new double[checkFrames(frames)];
        for (int n = 0; n < frames; n++) {
            v[n] = amplitude * StrictMath.sin(w * n);
        }
        return encode(format, v);
    }

    /**
     * Digital silence.
     *
     * @param format the format
     * @param frames the length in frames
     * @return zero bytes
     */
    public static byte[] silence(AudioFormat format, int frames) {
        return new byte[checkFrames(frames) * format.frameBytes()];
    }

    /**
     * One non-zero frame in silence.
     *
     * @param format    the format
     * @param frames    the length in frames
     * @param position  the frame that carries the impulse, {@code [0, frames)}
     * @param amplitude its value, {@code [-1, 1]}
     * @return the PCM bytes
     */
    public static byte[] impulse(AudioFormat format, int frames, int position, double amplitude) {
        checkAmplitude(Math.abs(amplitude));
        if (position < 0 || position >= frames) {
            throw new IllegalArgumentException("position=" + position + " must be in [0, frames="
                    + frames + ")");
        }
        final double[] v = new double[checkFrames(frames)];
        v[position] = amplitude;
        return encode(format, v);
    }

    /**
     * A linear ramp: frame {@code n} is {@code from + (to - from) * n / (frames - 1)}.
     *
     * @param format the format
     * @param frames the length in frames
     * @param from   the first value, {@code [-1, 1]}
     * @param to     the last value, {@code [-1, 1]}
     * @return the PCM bytes
     */
    public static byte[] ramp(AudioFormat format, int frames, double from, double to) {
        checkAmplitude(Math.abs(from));
        checkAmplitude(Math.abs(to));
        final double[] v = new double[checkFrames(frames)];
        for (int n = 0; n < frames; n++) {
            v[n] = frames == 1 ? from : from + (to - from) * n / (frames - 1);
        }
        return encode(format, v);
    }

    /**
     * Uniform white noise in {@code [-amplitude, amplitude)}, each sample (not frame) drawn from
     * a {@link SplittableRandom} with the given seed.
     *
     * @param format    the format
     * @param frames    the length in frames
     * @param amplitude the bound, {@code [0, 1]}
     * @param seed      the seed: the same seed gives the same noise
     * @return the PCM bytes
     */
    public static byte[] whiteNoise(AudioFormat format, int frames, double amplitude, long seed) {
        checkAmplitude(amplitude);
        final SplittableRandom random = new SplittableRandom(seed);
        final int channels = format.channels();
        final double[] v = new double[checkFrames(frames) * channels];
        for (int i = 0; i < v.length; i++) {
            v[i] = amplitude * (2 * random.nextDouble() - 1);
        }
        return encodeSamples(format, v);
    }

    /** One value per frame, repeated on every channel. */
    private static byte[] encode(AudioFormat format, double[] perFrame) {
        final int channels = format.channels();
        final double[] v = new double[perFrame.length * channels];
        for (int n = 0; n < perFrame.length; n++) {
            for (int c = 0; c < channels; c++) {
                v[n * channels + c] = perFrame[n];
            }
        }
        return encodeSamples(format, v);
    }

    private static byte[] encodeSamples(AudioFormat format, double[] v) {
        final SampleFormat sf = format.sampleFormat();
        final int[] raw = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            raw[i] = raw(v[i], sf);
        }
        return Pcm.fromRaw(raw, sf);
    }

    /**
     * One full-scale value as a raw sample of a format (see the class comment).
     *
     * @param value  the value, full scale {@code [-1, 1]}
     * @param format the format
     * @return the raw sample; for FLOAT_LE the float's bit pattern
     */
    public static int raw(double value, SampleFormat format) {
        Objects.requireNonNull(format, "format");
        switch (format) {
            case S16_LE: return (int) saturate(Math.rint(value * 32768.0), 16);
            case S24_4LE: return (int) saturate(Math.rint(value * 8388608.0), 24);
            case S32_LE: return (int) saturate(Math.rint(value * 2147483648.0), 32);
            default: return Float.floatToRawIntBits((float) value);
        }
    }

    private static long saturate(double v, int bits) {
        final long max = (1L << (bits - 1)) - 1;
        return (long) Math.max(-max - 1, Math.min(max, v));
    }

    private static int checkFrames(int frames) {
        if (frames < 0) {
            throw new IllegalArgumentException("frames=" + frames + " must not be negative");
        }
        return frames;
    }

    private static void checkAmplitude(double amplitude) {
        if (!(amplitude >= 0 && amplitude <= 1)) {
            throw new IllegalArgumentException("amplitude=" + amplitude + " must be in [0, 1]");
        }
    }
}
