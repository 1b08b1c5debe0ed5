package org.sofj.plugins.sample.internal;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * A test-only circular buffer in simulated memory (shared buffer heap) with a {@link Sink} and a
 * {@link Source} view over it. Positions count bytes from creation, so fragments wrap wherever
 * {@code start} puts them. The sink and source ops allocate nothing.
 */
final class TestRing {
    private final MemoryAccess access;
    private final long base;
    private final int size;
    private long readPos;
    private long writePos;

    final SinkEndpoint sinkEnd = new SinkEndpoint() {
        @Override
        protected int implFreeSize() {
            return free();
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            if (bytes > free()) {
                return -Errno.ENODATA;
            }
            out.wrap(base + writePos % size, base, size, bytes);
            return 0;
        }

        @Override
        protected int implCommitBuffer(int bytes) {
            writePos += bytes;
            return 0;
        }
    };

    final SourceEndpoint sourceEnd = new SourceEndpoint() {
        @Override
        protected int implDataAvailable() {
            return available();
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            if (bytes > available()) {
                return -Errno.ENODATA;
            }
            out.wrap(base + readPos % size, base, size, bytes);
            return 0;
        }

        @Override
        protected int implReleaseData(int bytes) {
            readPos += bytes;
            return 0;
        }
    };

    /**
     * @param mem   the memory system
     * @param size  bytes, a multiple of 4
     * @param start the initial read/write offset, to place the first wrap
     */
    final Sink sink = sinkEnd.sink();
    final Source source = sourceEnd.source();

    TestRing(MemorySystem mem, int size, int start) {
        this.access = mem.access();
        this.size = size;
        this.base = mem.heap(HeapRegion.SHARED_BUFFER).alloc(size, 64);
        if (base == 0) {
            throw new IllegalStateException("shared buffer heap full: size=" + size);
        }
        readPos = start;
        writePos = start;
    }

    int available() {
        return (int) (writePos - readPos);
    }

    int free() {
        return size - available();
    }

    long readPosition() {
        return readPos;
    }

    /** Producer side: appends bytes, wrapping. */
    void write(byte[] data) {
        if (data.length > free()) {
            throw new IllegalStateException("free=" + free() + " data=" + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            access.putByte(base + (writePos + i) % size, data[i]);
        }
        writePos += data.length;
    }

    /** Consumer side: removes {@code n} bytes, wrapping. */
    byte[] read(int n) {
        if (n > available()) {
            throw new IllegalStateException("available=" + available() + " n=" + n);
        }
        final byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = access.getByte(base + (readPos + i) % size);
        }
        readPos += n;
        return out;
    }

    /** Producer side without data, for allocation tests: publishes {@code n} bytes. */
    void produce(int n) {
        writePos += n;
    }

    /** Consumer side without data, for allocation tests: drops {@code n} bytes. */
    void consume(int n) {
        readPos += n;
    }
}
