package org.sofj.audio.internal;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * A copy of {@link RingBuffer}'s producer and consumer with one ordering bug planted, for
 * {@code RingBufferLincheckTest} to show that its model catches it. Everything else (the double
 * area, {@code avail}, {@code ptr}, {@code inc}, the modes of each offset access) is the ring's.
 */
final class PlantedBugRing extends BufferBase {
    /** The planted bug. */
    enum Bug {
        /** The producer publishes its write offset in {@code getBuffer}, before it writes. */
        COMMIT_BEFORE_WRITE,
        /** The consumer hands the space back in {@code getData}, before it reads. */
        RELEASE_BEFORE_READ
    }

    private final Bug bug;
    private final RingOffsets offsets;
    private final int doubleSize;
    private final Sink sink = new Sink();
    private final Source source = new Source();

    PlantedBugRing(Bug bug, MemoryAccess access, Heap heap, long data, int size,
            RingOffsets offsets) {
        super(access, heap, data, size);
        this.bug = bug;
        this.offsets = offsets;
        this.doubleSize = 2 * size;
    }

    @Override
    public SinkEndpoint sinkEndpoint() {
        return sink;
    }

    @Override
    public SourceEndpoint sourceEndpoint() {
        return source;
    }

    @Override
    public void reset() {
        offsets.clear();
    }

    @Override
    public long overruns() {
        return 0;
    }

    @Override
    public long underruns() {
        return 0;
    }

    private int avail(int w, int r) {
        final int d = w - r;
        return d < 0 ? d + doubleSize : d;
    }

    private long ptr(int off) {
        return data + (off >= size ? off - size : off);
    }

    private int inc(int off, int n) {
        final int next = off + n;
        return next >= doubleSize ? next - doubleSize : next;
    }

    private final class Sink extends SinkEndpoint {
        @Override
        protected int implFreeSize() {
            return size - avail(offsets.write(), offsets.readAcquire());
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            final int w = offsets.write();
            if (bytes > size - avail(w, offsets.readAcquire())) {
                return -Errno.ENODATA;
            }
            out.wrap(ptr(w), data, size, bytes);
            if (bug == Bug.COMMIT_BEFORE_WRITE) {
                offsets.writeRelease(inc(w, bytes)); // the bug: the caller has not written yet
            }
            return 0;
        }

        @Override
        protected int implCommitBuffer(int bytes) {
            if (bytes > 0 && bug != Bug.COMMIT_BEFORE_WRITE) {
                offsets.writeRelease(inc(offsets.write(), bytes));
            }
            return 0;
        }
    }

    private final class Source extends SourceEndpoint {
        @Override
        protected int implDataAvailable() {
            return avail(offsets.writeAcquire(), offsets.read());
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            final int r = offsets.read();
            if (bytes > avail(offsets.writeAcquire(), r)) {
                return -Errno.ENODATA;
            }
            out.wrap(ptr(r), data, size, bytes);
            if (bug == Bug.RELEASE_BEFORE_READ) {
                offsets.readRelease(inc(r, bytes)); // the bug: the caller has not read yet
            }
            return 0;
        }

        @Override
        protected int implReleaseData(int bytes) {
            if (bytes > 0 && bug != Bug.RELEASE_BEFORE_READ) {
                offsets.readRelease(inc(offsets.read(), bytes));
            }
            return 0;
        }
    }
}
