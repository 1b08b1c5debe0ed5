package org.sofj.plugins.sample.internal;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;

/**
 * {@code tone}: a sine generator. A source module: no source, one sink; IBS = 0, OBS = one
 * period of the base config's format (S16_LE, S32_LE or FLOAT_LE; every channel carries the same
 * tone). LL, kernel mode.
 *
 * <p>Configuration blob (8 bytes, little-endian, any config id):
 * <pre>
 *   offset size field
 *   0      4    frequency in millihertz, 1 .. rate * 500 - 1 (below Nyquist)
 *   4      4    amplitude, signed Q1.31, 0 .. 0x7FFFFFFF (full scale)
 * </pre>
 * After init (and {@code reset}) the tone is 1000 Hz at amplitude 0.5 ({@code 0x40000000}) with
 * phase 0.
 *
 * <p>A 32-bit phase accumulator: {@code inc = round(f_mHz * 2^32 / (rate * 1000))}; frame
 * {@code n} is {@code a * sin(2 pi * phase_n / 2^32)} with {@code phase_0 = 0} and
 * {@code phase_{n+1} = phase_n + inc (mod 2^32)}. A new blob changes {@code inc} and {@code a}
 * but keeps the phase, so the output is phase-continuous across periods and across
 * reconfiguration. {@code sin} is a 65536-entry table computed once with {@code StrictMath} and
 * linearly interpolated with the low 16 phase bits (error below 1.2e-9, under 1 LSB of S16):
 * bit-identical on every JVM, and unlike {@code StrictMath.sin} itself (whose pure-Java
 * argument reduction allocates on JDK 21+) it allocates nothing per sample. S16: {@code round(a * 32767 * s)}; S32: {@code round(a * 2147483647 * s)};
 * F32: {@code (float) (a * s)}, with {@code a = amplitude / 2^31}.
 */
final class Tone implements ProcessingModule {
    /** Default frequency: 1 kHz. */
    static final int DEFAULT_FREQUENCY_MHZ = 1_000_000;
    /** Default amplitude: 0.5. */
    static final int DEFAULT_AMPLITUDE = 0x4000_0000;
    /** The blob's size. */
    static final int BLOB_BYTES = 8;
    private static final int TABLE_BITS = 16;
    private static final int FRACTION_BITS = 32 - TABLE_BITS;
    private static final double FRACTION_SCALE = 1.0 / (1 << FRACTION_BITS);
    /**
     * One full cycle of sine, each entry followed by its difference to the next ({@code
     * sin[i + 1] - sin[i]}, the same double the interpolation computed from two reads before):
     * a frame reads one pair in one cache line, and the guard entry is gone.
     */
    private static final double[] SINE = sineTable();

    private final AudioRegion out = new AudioRegion();
    private final ConfigBlob blob = new ConfigBlob();
    private final byte[] config = new byte[BLOB_BYTES];
    private MemoryAccess access;
    private AudioFormat format;
    private int obs;
    private int samples;
    private short[] s16;
    private int[] s32;
    private int phase;
    private int increment;
    private double amplitude;

    /**
     * Checks the base config and makes the scratch array.
     *
     * @param ctx the instance's context
     * @return 0, or {@code -Errno.EINVAL} if OBS is 0 or not whole frames, or the format is
     *     S24_4LE
     */
    @Override
    public int init(ModuleContext ctx) {
        final AudioFormat f = ctx.baseConfig().audioFormat();
        final int bytes = ctx.baseConfig().obs();
        if (f.sampleFormat() == SampleFormat.S24_4LE || bytes <= 0
                || bytes % f.frameBytes() != 0) {
            return -Errno.EINVAL;
        }
        access = ctx.access();
        format = f;
        obs = bytes;
        samples = bytes / f.sampleBytes();
        if (f.sampleFormat() == SampleFormat.S16_LE) {
            s16 = new short[samples];
        } else {
            s32 = new int[samples];
        }
        toDefaults();
        return 0;
    }

    private void toDefaults() {
        phase = 0;
        apply(DEFAULT_FREQUENCY_MHZ, DEFAULT_AMPLITUDE);
        blob.clear();
    }

    private void apply(int frequencyMilliHz, int amplitudeQ31) {
        increment = (int) Math.round(frequencyMilliHz * 4294967296.0 / (format.rate() * 1000.0));
        amplitude = amplitudeQ31 / Samples.Q31;
        Samples.putIntLe(config, 0, frequencyMilliHz);
        Samples.putIntLe(config, 4, amplitudeQ31);
    }

    /**
     * Checks there is no source and one sink.
     *
     * @param sources the sources
     * @param sinks   the sinks
     * @return 0, or {@code -Errno.EINVAL} for any other pin count
     */
    @Override
    public int prepare(Source[] sources, Sink[] sinks) {
        return sources.length == 0 && sinks.length == 1 ? 0 : -Errno.EINVAL;
    }

    /**
     * Writes one period of the tone. Hot path: allocates nothing.
     *
     * @param sources none
     * @param sinks   one sink
     * @return 0; {@code -Errno.ENOSPC} if the sink has less than OBS free (nothing written); or
     *     the sink's error
     */
    @Override
    public int process(Source[] sources, Sink[] sinks) {
        final Sink sink = sinks[0];
        final int obs = this.obs;
        if (sink.getFreeSize() < obs) {
            return -Errno.ENOSPC;
        }
        final int rc = sink.getBuffer(obs, out);
        if (rc < 0) {
            return rc;
        }
        final int ch = format.channels();
        final double a = amplitude;
        final int inc = increment;
        int ph = phase;
        if (format.sampleFormat() == SampleFormat.S16_LE) {
            final short[] buf = s16;
            final double scale = a * 32767.0; // a * 32767.0 * s is (a * 32767.0) * s
            for (int i = 0; i < buf.length; i += ch) {
                final short v = Samples.roundSat16(scale * sine(ph));
                for (int c = 0; c < ch; c++) {
                    buf[i + c] = v;
                }
                ph += inc;
            }
            Samples.writeShorts(access, out, buf, samples);
        } else if (format.sampleFormat() == SampleFormat.FLOAT_LE) {
            final int[] buf = s32;
            for (int i = 0; i < buf.length; i += ch) {
                final int v = Float.floatToRawIntBits((float) (a * sine(ph)));
                for (int c = 0; c < ch; c++) {
                    buf[i + c] = v;
                }
                ph += inc;
            }
            Samples.writeInts(access, out, buf, samples);
        } else {
            ph = sineS32(s32, ch, a * 2147483647.0, ph, inc);
            Samples.writeInts(access, out, s32, samples);
        }
        phase = ph;
        return sink.commitBuffer(obs);
    }

    /**
     * One period of S32 samples: {@code round(scale * sine(phase))} per frame on every channel.
     * {@code |scale * sine| < 2^31 - 1} (the amplitude is below 1 and the interpolated table
     * within [-1, 1]), so no clamp is needed: {@link Samples#roundInt} is {@code (int)
     * Math.round} here, bit for bit (without the clamp, about a third less time per period in a
     * scratch measurement); stereo, the common case, stores each frame's two samples without an
     * inner loop and rounds with {@link Samples#roundHalfOf}, the same value with fewer steps.
     *
     * @return the phase after the period
     */
    private static int sineS32(int[] buf, int ch, double scale, int phase, int inc) {
        int ph = phase;
        if (ch == 2) {
            // (2 scale) s is exactly 2 (scale s): doubling commutes with rounding to a double
            final double twice = 2 * scale;
            // counted by frame with an odd step, and calling only leaves: the loader proves it
            // bounded (sof-llext BoundedLoops) and strip-mines it (StripMining) instead of
            // checking every frame; for these 48 frames that costs more than a check a frame
            // would (docs/BENCHMARKS.md, session 11), the loader's to make cheaper
            final int frames = buf.length >> 1;
            for (int f = 0, i = 0; f < frames; f++, i += 2) {
                final int v = Samples.roundHalfOf(twice * sine(ph));
                buf[i] = v;
                buf[i + 1] = v;
                ph += inc;
            }
            return ph;
        }
        for (int i = 0; i < buf.length; i += ch) {
            final int v = Samples.roundInt(scale * sine(ph));
            for (int c = 0; c < ch; c++) {
                buf[i + c] = v;
            }
            ph += inc;
        }
        return ph;
    }

    private static double[] sineTable() {
        final int n = 1 << TABLE_BITS;
        final double[] t = new double[2 * n];
        double next = StrictMath.sin(0.0);
        for (int i = 0; i < n; i++) {
            final double a = next;
            next = StrictMath.sin(2.0 * StrictMath.PI * (i + 1) / n);
            t[2 * i] = a;
            t[2 * i + 1] = next - a;
        }
        return t;
    }

    /** {@code a + (b - a) * frac} with {@code a, b} the table's entries around the phase. */
    private static double sine(int phase) {
        final int pair = (phase >>> FRACTION_BITS) << 1;
        final double frac = (phase & ((1 << FRACTION_BITS) - 1)) * FRACTION_SCALE;
        return SINE[pair] + SINE[pair + 1] * frac;
    }

    /**
     * Assembles and applies the blob documented on the class; the phase is kept.
     *
     * @return 0; {@code -Errno.EINVAL} for a blob that is not 8 bytes, a frequency outside
     *     {@code 1 .. rate * 500 - 1} mHz, a negative amplitude, or a fragment error (the tone is
     *     then unchanged)
     */
    @Override
    public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        final int rc = blob.accept(position, dataOffsetSize, fragment);
        if (rc != ConfigBlob.COMPLETE) {
            return rc;
        }
        if (blob.size() != BLOB_BYTES) {
            return -Errno.EINVAL;
        }
        final int freq = Samples.getIntLe(blob.data(), 0);
        final int amp = Samples.getIntLe(blob.data(), 4);
        if (freq < 1 || freq >= format.rate() * 500L || amp < 0) {
            return -Errno.EINVAL;
        }
        apply(freq, amp);
        return 0;
    }

    /**
     * Writes the applied blob (frequency, amplitude).
     *
     * @return 8, or {@code -Errno.EINVAL} if the reply buffer is shorter
     */
    @Override
    public int getConfiguration(int configId, MemoryView response) {
        return ConfigBlob.reply(config, BLOB_BYTES, response);
    }

    /**
     * Back to 1 kHz, amplitude 0.5, phase 0.
     *
     * @return 0
     */
    @Override
    public int reset() {
        toDefaults();
        return 0;
    }
}
