package org.sofj.audio.internal;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * SOF's {@code comp_buffer} (an {@code audio_stream}): a circular buffer in simulated memory
 * between two LL modules, e.g. {@code 2 * max(ibs, obs)} bytes. Its sink and source follow the
 * same contract as the ring buffer's ({@code -ENODATA} on over-request).
 *
 * <p>Threads: not thread-safe. Producer and consumer are LL tasks of one core, so both sides run
 * on that core's LL thread; the state is plain fields. No method allocates.
 */
final class CompBuffer extends BufferBase {
    /** Its producer side; the exact class, so a caller's calls bind statically. */
    final CompSink sink = new CompSink();
    /** Its consumer side; the exact class, so a caller's calls bind statically. */
    final CompSource source = new CompSource();
    /** Read position in {@code [0, size)}. */
    private int readPos;
    /** Bytes readable, in {@code [0, size]}. */
    private int available;
    private long overruns;
    private long underruns;

    private CompBuffer(MemoryAccess access, Heap heap, long data, int size) {
        super(access, heap, data, size);
    }

    /**
     * Allocates a comp_buffer. Cold path.
     *
     * @param access the checked accessor
     * @param heap   where the data goes
     * @param size   bytes, {@code > 0}
     * @return the buffer, or {@code null} if the heap has no room
     * @throws IllegalArgumentException if {@code size} is not positive
     */
    static CompBuffer create(MemoryAccess access, Heap heap, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size=" + size + " must be positive");
        }
        final long data = heap.alloc(size, MemoryRegions.DCACHE_ALIGN);
        if (data == MemoryRegions.NULL) {
            return null;
        }
        return new CompBuffer(access, heap, data, size);
    }

    @Override
    public SinkEndpoint sinkEndpoint() {
        return sink;
    }

    @Override
    public SourceEndpoint sourceEndpoint() {
        return source;
    }

    /** Kernel only: empties the buffer, zeroes the data and drops held fragments. */
    @Override
    public void reset() {
        zeroData();
        sink.dropRequest();
        source.dropRequest();
        readPos = 0;
        available = 0;
    }

    @Override
    public long overruns() {
        return overruns;
    }

    @Override
    public long underruns() {
        return underruns;
    }

    private long at(int pos) {
        return data + (pos >= size ? pos - size : pos);
    }

    /** The producer side; the LL thread only. */
    final class CompSink extends SinkEndpoint {
        @Override
        protected int implFreeSize() {
            return size - available;
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            if (bytes > size - available) {
                overruns++;
                return -Errno.ENODATA;
            }
            out.wrap(at(readPos + available), data, size, bytes);
            return 0;
        }

        @Override
        protected int implCommitBuffer(int bytes) {
            available += bytes;
            return 0;
        }

        /** {@code get_lft}, as SOF's comp_buffer sink reports it too. */
        @Override
        protected long implLastFeedingTimeMicros() {
            return feedingTimeMicros(available, audioFormat());
        }

        @Override
        protected int implOnAudioFormatSet() {
            return shareFormat(this, source, true);
        }

        void dropRequest() {
            clearRequest();
        }
    }

    /** The consumer side; the LL thread only. */
    final class CompSource extends SourceEndpoint {
        @Override
        protected int implDataAvailable() {
            return available;
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            if (bytes > available) {
                underruns++;
                return -Errno.ENODATA;
            }
            out.wrap(at(readPos), data, size, bytes);
            return 0;
        }

        @Override
        protected int implReleaseData(int bytes) {
            final int next = readPos + bytes;
            readPos = next >= size ? next - size : next;
            available -= bytes;
            return 0;
        }

        @Override
        protected int implOnAudioFormatSet() {
            return shareFormat(sink, this, false);
        }

        void dropRequest() {
            clearRequest();
        }
    }
}
