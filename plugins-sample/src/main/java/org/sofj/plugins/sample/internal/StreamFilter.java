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
 * The shared frame of the one-in, one-out sample filters (gain, eq_iir, fir): one source, one
 * sink, the same format on both, {@code IBS == OBS}, a whole number of frames per period, and
 * S16_LE, S32_LE or FLOAT_LE samples. {@link #process} moves exactly one period: it checks the
 * source holds IBS and the sink has OBS free before touching either, reads the period (wrap
 * included) into a scratch array made in {@link #init}, lets the subclass transform it in place,
 * writes it out, commits OBS and releases IBS.
 *
 * <p>Threads: see {@link ProcessingModule}. {@link #process} allocates nothing.
 */
abstract class StreamFilter implements ProcessingModule {
    private final AudioRegion in = new AudioRegion();
    private final AudioRegion out = new AudioRegion();
    private MemoryAccess access;
    private int ibs;
    private int samples;
    private SampleFormat sampleFormat;
    private short[] s16;
    private int[] s32;

    /** The instance's context, set by {@link #init}. */
    protected ModuleContext context;
    /** The stream format, set by {@link #init}. */
    protected AudioFormat format;
    /** Interleaved channels, set by {@link #init}. */
    protected int channels;
    /** Frames per period, set by {@link #init}. */
    protected int frames;

    /**
     * Validates the base configuration, makes the scratch arrays, then calls {@link #onInit}.
     *
     * @param ctx the instance's context
     * @return 0; {@code -Errno.EINVAL} if IBS differs from OBS, is 0 or not a whole number of
     *     frames, or the format is not S16_LE, S32_LE or FLOAT_LE; or {@link #onInit}'s error
     */
    @Override
    public final int init(ModuleContext ctx) {
        final AudioFormat f = ctx.baseConfig().audioFormat();
        final int bytes = ctx.baseConfig().ibs();
        final SampleFormat sf = f.sampleFormat();
        if (sf == SampleFormat.S24_4LE || bytes <= 0 || bytes != ctx.baseConfig().obs()
                || bytes % f.frameBytes() != 0) {
            return -Errno.EINVAL;
        }
        context = ctx;
        access = ctx.access();
        format = f;
        sampleFormat = sf;
        channels = f.channels();
        ibs = bytes;
        frames = bytes / f.frameBytes();
        samples = frames * channels;
        if (sf == SampleFormat.S16_LE) {
            s16 = new short[samples];
        } else {
            s32 = new int[samples];
        }
        return onInit(ctx);
    }

    /**
     * Module-specific initialisation, after the base checks.
     *
     * @param ctx the instance's context
     * @return 0 or a negative errno
     */
    protected abstract int onInit(ModuleContext ctx);

    /**
     * Checks there is one source and one sink.
     *
     * @param sources the sources
     * @param sinks   the sinks
     * @return 0, or {@code -Errno.EINVAL} for any other pin count
     */
    @Override
    public int prepare(Source[] sources, Sink[] sinks) {
        return sources.length == 1 && sinks.length == 1 ? 0 : -Errno.EINVAL;
    }

    /**
     * Processes one period. Hot path: allocates nothing.
     *
     * @param sources one source
     * @param sinks   one sink
     * @return 0; {@code -Errno.ENODATA} if the source holds less than IBS; {@code -Errno.ENOSPC}
     *     if the sink has less than OBS free (nothing is consumed or produced in either case);
     *     or the sink's or source's error
     */
    @Override
    public final int process(Source[] sources, Sink[] sinks) {
        final Source source = sources[0];
        final Sink sink = sinks[0];
        final int ibs = this.ibs;
        if (source.getDataAvailable() < ibs) {
            return -Errno.ENODATA;
        }
        if (sink.getFreeSize() < ibs) {
            return -Errno.ENOSPC;
        }
        int rc = source.getData(ibs, in);
        if (rc < 0) {
            return rc;
        }
        rc = sink.getBuffer(ibs, out);
        if (rc < 0) {
            source.releaseData(0);
            return rc;
        }
        final MemoryAccess access = this.access;
        final int samples = this.samples;
        final SampleFormat sf = sampleFormat;
        if (sf == SampleFormat.S16_LE) {
            final short[] buf = s16;
            Samples.readShorts(access, in, buf, samples);
            processS16(buf);
            Samples.writeShorts(access, out, buf, samples);
        } else {
            final int[] buf = s32;
            Samples.readInts(access, in, buf, samples);
            if (sf == SampleFormat.FLOAT_LE) {
                processF32(buf);
            } else {
                processS32(buf);
            }
            Samples.writeInts(access, out, buf, samples);
        }
        rc = sink.commitBuffer(ibs);
        final int released = source.releaseData(ibs);
        return rc < 0 ? rc : released;
    }

    /**
     * Transforms one period of interleaved S16 samples in place. Hot path: must not allocate.
     *
     * @param buf {@code frames * channels} samples
     */
    protected abstract void processS16(short[] buf);

    /**
     * Transforms one period of interleaved S32 samples in place. Hot path: must not allocate.
     *
     * @param buf {@code frames * channels} samples
     */
    protected abstract void processS32(int[] buf);

    /**
     * Transforms one period of interleaved F32 samples, held as their IEEE 754 bit patterns, in
     * place. Hot path: must not allocate.
     *
     * @param buf {@code frames * channels} samples
     */
    protected abstract void processF32(int[] buf);
}
