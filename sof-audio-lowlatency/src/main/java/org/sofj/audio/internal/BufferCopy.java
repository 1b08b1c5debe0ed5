package org.sofj.audio.internal;

import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * {@code audio_buffer_sync_secondary_buffer} / {@code source_to_sink_copy}: moves
 * {@code min(source available, sink free, limit)} bytes through the public get/commit and
 * get/release calls, so both sides' counters and contract checks apply, handling the wrap of
 * either side with at most three checked {@link MemoryAccess#copy} calls.
 *
 * <p>Threads: one instance per calling thread (it owns two region flyweights); the caller must be
 * the producer thread of {@code to} and the consumer thread of {@code from}. No allocation.
 */
final class BufferCopy {
    private final MemoryAccess access;
    /** The one thread that uses this copier (its region flyweights are not shared). */
    final Thread owner;
    private final AudioRegion in = new AudioRegion();
    private final AudioRegion out = new AudioRegion();

    BufferCopy(MemoryAccess access, Thread owner) {
        this.access = access;
        this.owner = owner;
    }

    /**
     * Copies what fits. Called with the endpoints' exact classes ({@link LowLatencyEngine#sync}),
     * the JIT binds every call below to that class's code, instead of inlining each buffer
     * kind's code behind a class check at the endpoints' shared methods.
     *
     * @param from  the source's endpoint
     * @param to    the sink's endpoint
     * @param limit the most bytes to copy; a negative limit copies nothing
     * @return the bytes copied, {@code >= 0}; or a negative errno from a get (for example
     *     {@code -EBUSY} when either side already holds a fragment), in which case nothing moved
     */
    int copy(SourceEndpoint from, SinkEndpoint to, int limit) {
        final int n = Math.min(Math.min(from.getDataAvailable(), to.getFreeSize()), limit);
        if (n <= 0) {
            return 0;
        }
        int rc = from.getData(n, in);
        if (rc < 0) {
            return rc;
        }
        rc = to.getBuffer(n, out);
        if (rc < 0) {
            from.releaseData(0); // keeps the data, as a module that could not write would
            return rc;
        }
        move(n);
        rc = to.commitBuffer(n);
        final int released = from.releaseData(n);
        if (rc < 0) {
            return rc;
        }
        return released < 0 ? released : n;
    }

    private void move(int n) {
        final AudioRegion src = in;
        final AudioRegion dst = out;
        int done = 0;
        while (done < n) {
            final long s = src.addressAt(done);
            final long d = dst.addressAt(done);
            final long srcRun = src.bufferStart() + src.bufferSize() - s;
            final long dstRun = dst.bufferStart() + dst.bufferSize() - d;
            final int chunk = (int) Math.min(n - done, Math.min(srcRun, dstRun));
            access.copy(s, d, chunk);
            done += chunk;
        }
    }
}
