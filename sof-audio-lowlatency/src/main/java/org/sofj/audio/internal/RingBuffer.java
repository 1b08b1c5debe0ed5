package org.sofj.audio.internal;

import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * SOF's {@code ring_buffer} (spec 6.2): a lock-free single-producer single-consumer buffer whose
 * data lives in simulated memory (the shared buffer heap), 64-byte aligned, of
 * {@code ALIGN_UP(3 * max(IBS, OBS), 64)} bytes. Its only shared state is two offsets over the
 * "double area" {@code [0, 2 * size)}: {@code w == r} is empty, {@code w == r + size} is full.
 *
 * <p>Threads: the {@link #sink()} belongs to one producer thread and the {@link #source()} to one
 * consumer thread, which may differ. The producer publishes with a release store of the write
 * offset after the data was written ({@code commit}); the consumer reads it with an acquire load
 * before reading data, and hands space back with a release store of the read offset
 * ({@code release}), which the producer reads with an acquire load. No locks; nothing allocates.
 *
 * <p>The offsets are kernel bookkeeping, so they live off-heap in the engine's own control block,
 * never in simulated memory a user module could write (DESIGN 2: kernel structs are not
 * user-writable).
 */
final class RingBuffer extends BufferBase {
    /*
     * Control block: 256 bytes, 64-byte aligned, each shared word alone on a cache line so the
     * producer's stores never invalidate the consumer's line and vice versa.
     *
     *   byte  0            64                128               192             256
     *         +------------+-----------------+-----------------+---------------+
     *         | padding    | write offset    | read offset     | padding       |
     *         |            | int, producer   | int, consumer   |               |
     *         +------------+-----------------+-----------------+---------------+
     */
    static final int CACHE_LINE = 64;
    static final int WRITE_OFFSET = CACHE_LINE;
    static final int READ_OFFSET = 2 * CACHE_LINE;
    static final int CONTROL_LENGTH = 4 * CACHE_LINE;
    /** SOF's factor: three of the larger block covers 44.1 kHz's uneven chunks. */
    static final int SIZE_FACTOR = 3;

    private final UnsafeBuffer control;
    private final ControlBlocks controls;
    private final int doubleSize;
    private final RingSink sink = new RingSink();
    private final RingSource source = new RingSource();
    private volatile long overruns;
    private volatile long underruns;

    private RingBuffer(MemoryAccess access, Heap heap, long data, int size, int ibs, int obs,
            ControlBlocks controls) {
        super(access, heap, data, size);
        this.controls = controls;
        this.control = controls.acquire();
        this.doubleSize = 2 * size;
        sink.setMinFreeSpace(obs);
        source.setMinAvailable(ibs);
    }

    /**
     * {@code ring_buffer_create}. Cold path.
     *
     * @param access the checked accessor
     * @param heap   where the data goes
     * @param ibs    the consumer's IBS: the source's minimum available, {@code > 0}
     * @param obs    the producer's OBS: the sink's minimum free space, {@code > 0}
     * @param extraPeriods blocks of {@code max(ibs, obs)} beyond SOF's three, {@code >= 0}
     * @param controls where its control block comes from and goes back to when freed
     * @return the ring, or {@code null} if the heap has no room
     * @throws IllegalArgumentException if {@code ibs} or {@code obs} is not positive or too large
     */
    static RingBuffer create(MemoryAccess access, Heap heap, int ibs, int obs, int extraPeriods,
            ControlBlocks controls) {
        final int size = sizeFor(ibs, obs, extraPeriods);
        final long data = heap.alloc(size, MemoryRegions.DCACHE_ALIGN);
        if (data == MemoryRegions.NULL) {
            return null;
        }
        return new RingBuffer(access, heap, data, size, ibs, obs, controls);
    }

    /**
     * {@code ALIGN_UP(3 * max(ibs, obs), 64)}.
     *
     * @param ibs the input buffer size
     * @param obs the output buffer size
     * @return the data size
     * @throws IllegalArgumentException if either is not positive or the size overflows
     */
    static int sizeFor(int ibs, int obs) {
        return sizeFor(ibs, obs, 0);
    }

    /**
     * {@code ALIGN_UP((3 + extraPeriods) * max(ibs, obs), 64)}: SOF's size plus room for a
     * pre-roll of {@code extraPeriods} blocks.
     *
     * @param ibs          the input buffer size
     * @param obs          the output buffer size
     * @param extraPeriods blocks beyond SOF's three, {@code >= 0}
     * @return the data size
     * @throws IllegalArgumentException if a value is out of range or the size overflows
     */
    static int sizeFor(int ibs, int obs, int extraPeriods) {
        if (ibs <= 0 || obs <= 0) {
            throw new IllegalArgumentException("ibs=" + ibs + " obs=" + obs + " must be positive");
        }
        if (extraPeriods < 0 || extraPeriods > MAX_EXTRA_PERIODS) {
            throw new IllegalArgumentException("extraPeriods=" + extraPeriods + " must be in [0, "
                    + MAX_EXTRA_PERIODS + "]");
        }
        final long size = MemoryRegions.alignUp((long) (SIZE_FACTOR + extraPeriods)
                * Math.max(ibs, obs), MemoryRegions.DCACHE_ALIGN);
        if (size > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("ibs=" + ibs + " obs=" + obs + " extraPeriods="
                    + extraPeriods + " gives size=" + size + ", too large");
        }
        return (int) size;
    }

    /** The most pre-roll blocks a ring may hold beyond SOF's three. */
    static final int MAX_EXTRA_PERIODS = 1000;

    /** Hands the control block back for reuse, once the data went back to its heap. */
    @Override
    void released() {
        controls.release(control);
    }

    @Override
    public SinkEndpoint sinkEndpoint() {
        return sink;
    }

    @Override
    public SourceEndpoint sourceEndpoint() {
        return source;
    }

    /**
     * Kernel only, while neither side processes: {@code w = r = 0}, data zeroed, held fragments
     * dropped. Volatile stores, so either side sees the reset on its next access.
     */
    @Override
    public void reset() {
        zeroData();
        sink.dropRequest();
        source.dropRequest();
        control.putIntVolatile(READ_OFFSET, 0);
        control.putIntVolatile(WRITE_OFFSET, 0);
    }

    @Override
    public long overruns() {
        return overruns;
    }

    @Override
    public long underruns() {
        return underruns;
    }

    /** @return the write offset, in {@code [0, 2 * size)}; any thread (acquire) */
    int writeOffset() {
        return control.getIntAcquire(WRITE_OFFSET);
    }

    /** @return the read offset, in {@code [0, 2 * size)}; any thread (acquire) */
    int readOffset() {
        return control.getIntAcquire(READ_OFFSET);
    }

    /** {@code avail}: {@code w - r}, plus {@code 2 * size} if negative. */
    private int avail(int w, int r) {
        final int d = w - r;
        return d < 0 ? d + doubleSize : d;
    }

    /** {@code ptr}: the data address of a double-area offset. */
    private long ptr(int off) {
        return data + (off >= size ? off - size : off);
    }

    /** {@code inc}: {@code off + n} modulo {@code 2 * size}; {@code n <= size}. */
    private int inc(int off, int n) {
        final int next = off + n;
        return next >= doubleSize ? next - doubleSize : next;
    }

    /** The producer side. Producer thread only; no allocation. */
    private final class RingSink extends SinkEndpoint {
        @Override
        protected int implFreeSize() {
            // Own offset: plain is enough, only this thread writes it. Other: acquire.
            return size - avail(control.getInt(WRITE_OFFSET), control.getIntAcquire(READ_OFFSET));
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            final int w = control.getInt(WRITE_OFFSET);
            if (bytes > size - avail(w, control.getIntAcquire(READ_OFFSET))) {
                return overrun();
            }
            out.wrap(ptr(w), data, size, bytes);
            return 0;
        }

        private int overrun() {
            overruns++; // single writer: the producer thread
            return -Errno.ENODATA;
        }

        @Override
        protected int implCommitBuffer(int bytes) {
            if (bytes > 0) {
                // Release: the data written through MemoryAccess is visible before the offset.
                control.putIntRelease(WRITE_OFFSET, inc(control.getInt(WRITE_OFFSET), bytes));
            }
            return 0;
        }

        /**
         * {@code get_lft}: how long the audio already in the ring lasts its consumer, in
         * microseconds of stream time, as {@link #feedingTimeMicros} computes it; the DP producer
         * must feed it again before then. Any thread (acquire loads of both offsets); no
         * allocation.
         */
        @Override
        protected long implLastFeedingTimeMicros() {
            return feedingTimeMicros(avail(control.getIntAcquire(WRITE_OFFSET),
                    control.getIntAcquire(READ_OFFSET)), audioFormat());
        }

        @Override
        protected int implOnAudioFormatSet() {
            return shareFormat(this, source, true);
        }

        void dropRequest() {
            clearRequest();
        }
    }

    /** The consumer side. Consumer thread only; no allocation. */
    private final class RingSource extends SourceEndpoint {
        @Override
        protected int implDataAvailable() {
            return avail(control.getIntAcquire(WRITE_OFFSET), control.getInt(READ_OFFSET));
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            final int r = control.getInt(READ_OFFSET);
            if (bytes > avail(control.getIntAcquire(WRITE_OFFSET), r)) {
                return underrun();
            }
            out.wrap(ptr(r), data, size, bytes);
            return 0;
        }

        private int underrun() {
            underruns++; // single writer: the consumer thread
            return -Errno.ENODATA;
        }

        @Override
        protected int implReleaseData(int bytes) {
            if (bytes > 0) {
                // Release: our reads of the data happen before the producer may overwrite it.
                control.putIntRelease(READ_OFFSET, inc(control.getInt(READ_OFFSET), bytes));
            }
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
