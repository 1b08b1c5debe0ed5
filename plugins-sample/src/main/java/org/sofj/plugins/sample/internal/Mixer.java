package org.sofj.plugins.sample.internal;

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;

/**
 * {@code mixer}: sums 1 to {@link #MAX_SOURCES} sources (all in the base config's format) into
 * one sink, with saturation. LL, kernel mode; S16_LE, S32_LE and FLOAT_LE; IBS per source =
 * OBS = one period. No configuration.
 *
 * <p>S16/S32: the sum is taken in 64 bits and saturated to the sample range once, at the end,
 * so intermediate overflow cannot wrap. F32: the sum is taken in double and clamped to
 * {@code [-1.0, 1.0]}. {@code process} runs only when every source holds IBS and the sink has
 * OBS free; otherwise it consumes nothing.
 */
final class Mixer implements ProcessingModule {
    /** The most sources a mixer accepts. */
    static final int MAX_SOURCES = 8;

    private final AudioRegion region = new AudioRegion();
    private MemoryAccess access;
    private SampleFormat sampleFormat;
    private int ibs;
    private int samples;
    private short[] s16;
    private int[] s32;
    private long[] sum;
    private double[] fsum;

    /**
     * Checks the base config and makes the scratch arrays.
     *
     * @param ctx the instance's context
     * @return 0, or {@code -Errno.EINVAL} if IBS differs from OBS, is 0 or not whole frames, or
     *     the format is S24_4LE
     */
    @Override
    public int init(ModuleContext ctx) {
        final AudioFormat f = ctx.baseConfig().audioFormat();
        final int bytes = ctx.baseConfig().ibs();
        if (f.sampleFormat() == SampleFormat.S24_4LE || bytes <= 0
                || bytes != ctx.baseConfig().obs() || bytes % f.frameBytes() != 0) {
            return -Errno.EINVAL;
        }
        access = ctx.access();
        sampleFormat = f.sampleFormat();
        ibs = bytes;
        samples = bytes / f.sampleBytes();
        if (sampleFormat == SampleFormat.S16_LE) {
            s16 = new short[samples];
        } else {
            s32 = new int[samples];
        }
        if (sampleFormat == SampleFormat.FLOAT_LE) {
            fsum = new double[samples];
        } else {
            sum = new long[samples];
        }
        return 0;
    }

    /**
     * Checks the pin counts.
     *
     * @param sources 1 to 8 sources
     * @param sinks   one sink
     * @return 0, or {@code -Errno.EINVAL} for other counts
     */
    @Override
    public int prepare(Source[] sources, Sink[] sinks) {
        return sources.length >= 1 && sources.length <= MAX_SOURCES && sinks.length == 1 ? 0
                : -Errno.EINVAL;
    }

    /**
     * Mixes one period. Hot path: allocates nothing.
     *
     * @param sources the sources
     * @param sinks   one sink
     * @return 0; {@code -Errno.ENODATA} if any source holds less than IBS; {@code -Errno.ENOSPC}
     *     if the sink has less than OBS free (nothing consumed or produced); or a sink's or
     *     source's error
     */
    @Override
    public int process(Source[] sources, Sink[] sinks) {
        final int ibs = this.ibs;
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].getDataAvailable() < ibs) {
                return -Errno.ENODATA;
            }
        }
        final Sink sink = sinks[0];
        if (sink.getFreeSize() < ibs) {
            return -Errno.ENOSPC;
        }
        final SampleFormat sf = sampleFormat;
        for (int i = 0; i < sources.length; i++) {
            final Source source = sources[i];
            final int rc = source.getData(ibs, region);
            if (rc < 0) {
                return rc;
            }
            if (sf == SampleFormat.S16_LE) {
                accumulateS16(i == 0);
            } else if (sf == SampleFormat.S32_LE) {
                accumulateS32(i == 0);
            } else {
                accumulateF32(i == 0);
            }
            source.releaseData(ibs);
        }
        final int rc = sink.getBuffer(ibs, region);
        if (rc < 0) {
            return rc;
        }
        final int n = samples;
        if (sf == SampleFormat.S16_LE) {
            final short[] out = s16;
            final long[] acc = sum;
            for (int i = 0; i < n; i++) {
                out[i] = Samples.sat16(acc[i]);
            }
            Samples.writeShorts(access, region, out, n);
        } else {
            final int[] out = s32;
            if (sf == SampleFormat.S32_LE) {
                final long[] acc = sum;
                for (int i = 0; i < n; i++) {
                    out[i] = Samples.sat32(acc[i]);
                }
            } else {
                final double[] acc = fsum;
                for (int i = 0; i < n; i++) {
                    final double v = acc[i] > 1.0 ? 1.0 : acc[i] < -1.0 ? -1.0 : acc[i];
                    out[i] = Float.floatToRawIntBits((float) v);
                }
            }
            Samples.writeInts(access, region, out, n);
        }
        return sink.commitBuffer(ibs);
    }

    private void accumulateS16(boolean first) {
        final short[] in = s16;
        final long[] acc = sum;
        final int n = samples;
        Samples.readShorts(access, region, in, n);
        for (int i = 0; i < n; i++) {
            acc[i] = first ? in[i] : acc[i] + in[i];
        }
    }

    private void accumulateS32(boolean first) {
        final int[] in = s32;
        final long[] acc = sum;
        final int n = samples;
        Samples.readInts(access, region, in, n);
        for (int i = 0; i < n; i++) {
            acc[i] = first ? in[i] : acc[i] + in[i];
        }
    }

    private void accumulateF32(boolean first) {
        final int[] in = s32;
        final double[] acc = fsum;
        final int n = samples;
        Samples.readInts(access, region, in, n);
        for (int i = 0; i < n; i++) {
            final double v = Float.intBitsToFloat(in[i]);
            acc[i] = first ? v : acc[i] + v;
        }
    }
}
