package org.sofj.api.audio;

import org.sofj.api.Errno;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * A circular buffer of counters only (no memory), to test the sink/source contract of the API
 * classes: endpoints made the way a platform makes them, and their module-facing views. Addresses start at {@link #BASE}.
 */
public final class TestBuffer {
    public static final long BASE = 0x10000;

    private final int size;
    private int readOffset;
    private int available;
    private int commitCalls;
    private int releaseCalls;
    private int failNextCommit;

    private final SinkEndpoint sink = new SinkEndpoint() {
        @Override
        protected int implFreeSize() {
            return size - available;
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            if (bytes > size - available) {
                return -Errno.ENODATA;
            }
            out.wrap(BASE + (readOffset + available) % size, BASE, size, bytes);
            return 0;
        }

        @Override
        protected int implCommitBuffer(int bytes) {
            commitCalls++;
            if (failNextCommit != 0) {
                final int rc = failNextCommit;
                failNextCommit = 0;
                return rc;
            }
            available += bytes;
            return 0;
        }
    };

    private final SourceEndpoint source = new SourceEndpoint() {
        @Override
        protected int implDataAvailable() {
            return available;
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            if (bytes > available) {
                return -Errno.ENODATA;
            }
            out.wrap(BASE + readOffset, BASE, size, bytes);
            return 0;
        }

        @Override
        protected int implReleaseData(int bytes) {
            releaseCalls++;
            readOffset = (readOffset + bytes) % size;
            available -= bytes;
            return 0;
        }
    };

    public TestBuffer(int size) {
        this.size = size;
    }

    public Sink sink() {
        return sink.sink();
    }

    public Source source() {
        return source.source();
    }

    /** @return the platform side of the sink, with the kernel's setters */
    public SinkEndpoint sinkEndpoint() {
        return sink;
    }

    /** @return the platform side of the source, with the kernel's setters */
    public SourceEndpoint sourceEndpoint() {
        return source;
    }

    /** Makes {@code bytes} more readable without going through the sink. */
    public void fill(int bytes) {
        available += bytes;
    }

    public int available() {
        return available;
    }

    public int commitCalls() {
        return commitCalls;
    }

    public int releaseCalls() {
        return releaseCalls;
    }

    public void failNextCommit(int rc) {
        failNextCommit = rc;
    }
}
