package org.sofj.plugins.sample.internal;

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;

/**
 * {@code passthru}: copies its source to its sink unchanged, one period at a time, with bulk
 * {@link MemoryAccess#copy} calls (at most three: the wraps of the two rings need not line up).
 * Any sample format; IBS = OBS. LL, kernel mode. No configuration.
 */
final class Passthrough implements ProcessingModule {
    private final AudioRegion in = new AudioRegion();
    private final AudioRegion out = new AudioRegion();
    private MemoryAccess access;
    private int ibs;

    /**
     * Checks the base config.
     *
     * @param ctx the instance's context
     * @return 0, or {@code -Errno.EINVAL} if IBS differs from OBS, is 0 or not whole frames
     */
    @Override
    public int init(ModuleContext ctx) {
        final int bytes = ctx.baseConfig().ibs();
        if (bytes <= 0 || bytes != ctx.baseConfig().obs()
                || bytes % ctx.baseConfig().audioFormat().frameBytes() != 0) {
            return -Errno.EINVAL;
        }
        access = ctx.access();
        ibs = bytes;
        return 0;
    }

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
     * Copies one period. Hot path: allocates nothing.
     *
     * @param sources one source
     * @param sinks   one sink
     * @return 0; {@code -Errno.ENODATA} if the source holds less than IBS; {@code -Errno.ENOSPC}
     *     if the sink has less than OBS free (nothing moved); or the sink's or source's error
     */
    @Override
    public int process(Source[] sources, Sink[] sinks) {
        final Source source = sources[0];
        final Sink sink = sinks[0];
        final int n = ibs;
        if (source.getDataAvailable() < n) {
            return -Errno.ENODATA;
        }
        if (sink.getFreeSize() < n) {
            return -Errno.ENOSPC;
        }
        int rc = source.getData(n, in);
        if (rc < 0) {
            return rc;
        }
        rc = sink.getBuffer(n, out);
        if (rc < 0) {
            source.releaseData(0);
            return rc;
        }
        final long inEnd = in.bufferStart() + in.bufferSize();
        final long outEnd = out.bufferStart() + out.bufferSize();
        long done = 0;
        while (done < n) {
            final long src = in.addressAt(done);
            final long dst = out.addressAt(done);
            final long chunk = Math.min(n - done, Math.min(inEnd - src, outEnd - dst));
            access.copy(src, dst, chunk);
            done += chunk;
        }
        rc = sink.commitBuffer(n);
        final int released = source.releaseData(n);
        return rc < 0 ? rc : released;
    }
}
