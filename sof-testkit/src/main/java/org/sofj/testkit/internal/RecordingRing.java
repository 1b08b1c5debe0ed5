package org.sofj.testkit.internal;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * A circular buffer in simulated memory (the shared buffer heap) with a {@link Sink} and a
 * {@link Source} view, for running a module directly. Positions count bytes from creation and
 * start so that the first fragment of a period wraps. The test side moves data with
 * {@link #produce}/{@link #consume}; the module side goes through the views, whose counters
 * ({@link #produced()}, {@link #consumed()}) say what the module really moved. No operation
 * allocates.
 */
final class RecordingRing {
    private final MemoryAccess access;
    private final long base;
    private final int size;
    private long readPos;
    private long writePos;
    private long moduleProduced;
    private long moduleConsumed;

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
            moduleProduced += bytes;
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
            moduleConsumed += bytes;
            return 0;
        }
    };

    /**
     * @param mem    the memory system
     * @param format the stream format, set on both views
     * @param period the period in bytes; the ring holds four
     */
    final Sink sink = sinkEnd.sink();
    final Source source = sourceEnd.source();

    RecordingRing(MemorySystem mem, AudioFormat format, int period) {
        this.access = mem.access();
        this.size = 4 * Math.max(period, format.frameBytes());
        this.base = mem.heap(HeapRegion.SHARED_BUFFER).alloc(size, 64);
        if (base == 0) {
            throw new IllegalStateException("shared buffer heap full: size=" + size);
        }
        final int start = size - format.frameBytes() * Math.max(1, period / format.frameBytes() / 2);
        readPos = start;
        writePos = start;
        sinkEnd.setAudioFormat(format);
        sourceEnd.setAudioFormat(format);
    }

    int available() {
        return (int) (writePos - readPos);
    }

    int free() {
        return size - available();
    }

    int size() {
        return size;
    }

    /** Test side: appends {@code n} bytes of a deterministic pattern (small values). */
    void produce(int n) {
        for (int i = 0; i < n; i++) {
            final long p = writePos + i;
            access.putByte(base + p % size, (byte) ((p * 7 >> 2) & 0x0F));
        }
        writePos += n;
    }

    /** Test side, allocation rounds: publishes {@code n} bytes without writing them. */
    void produceFast(int n) {
        writePos += n;
    }

    /** Test side: drops {@code n} bytes. */
    void consume(int n) {
        readPos += n;
    }

    /** Test side: drops everything. */
    void clear() {
        readPos = writePos;
    }

    /** @return bytes the module committed through the sink view so far */
    long produced() {
        return moduleProduced;
    }

    /** @return bytes the module released through the source view so far */
    long consumed() {
        return moduleConsumed;
    }

    void free(MemorySystem mem) {
        mem.heap(HeapRegion.SHARED_BUFFER).free(base);
    }
}
