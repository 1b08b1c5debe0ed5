package org.sofj.cli.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * The RMS level of a host_out's audio per {@link RunReport#LEVEL_WINDOW_MS} window, in dBFS over
 * every channel (-120 for silence), fed as the run drains the audio: the HTML report's timeline
 * without keeping the audio. Only whole windows count. Fed whole samples only, in order; one
 * thread.
 */
final class LevelMeter {
    private static final VarHandle S16 = MethodHandles.byteArrayViewVarHandle(short[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle S32 = MethodHandles.byteArrayViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class,
            ByteOrder.LITTLE_ENDIAN);

    private final SampleFormat format;
    private final int sampleBytes;
    /** Samples a window holds. */
    private final int windowSamples;
    private double sum;
    private int inWindow;
    private double[] levels = new double[64];
    private int count;

    /** @param f the audio's format */
    LevelMeter(AudioFormat f) {
        this.format = f.sampleFormat();
        this.sampleBytes = format.containerBytes();
        this.windowSamples = f.frameBytes() * f.rate() / 1000 * RunReport.LEVEL_WINDOW_MS
                / sampleBytes;
    }

    /**
     * Adds samples.
     *
     * @param pcm    little-endian samples in the meter's format
     * @param offset where the first starts
     * @param length bytes: whole samples
     */
    void add(byte[] pcm, int offset, int length) {
        final int end = offset + length - length % sampleBytes;
        for (int at = offset; at < end; at += sampleBytes) {
            final double x = format == SampleFormat.S16_LE ? (short) S16.get(pcm, at) / 32768.0
                    : format == SampleFormat.FLOAT_LE ? (float) F32.get(pcm, at)
                    : (int) S32.get(pcm, at) / 2147483648.0;
            sum += x * x;
            if (++inWindow == windowSamples) {
                final double rms = Math.sqrt(sum / windowSamples);
                if (count == levels.length) {
                    levels = Arrays.copyOf(levels, 2 * count);
                }
                levels[count++] = rms <= 1e-6 ? -120 : 20 * Math.log10(rms);
                sum = 0;
                inWindow = 0;
            }
        }
    }

    /** @return each whole window's level so far, oldest first */
    double[] levels() {
        return Arrays.copyOf(levels, count);
    }
}
