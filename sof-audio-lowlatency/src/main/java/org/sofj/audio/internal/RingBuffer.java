package org.sofj.audio.internal;

import java.util.function.Supplier;

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
 * <p>The offsets are kernel bookkeeping, so they live off-heap in the engine's own control block
 * ({@link OffHeapRingOffsets}), never in simulated memory a user module could write (DESIGN 2:
 * kernel structs are not user-writable). The ring reaches them through {@link RingOffsets}, the
 * seam a model checker backs with heap fields ({@code RingBufferLincheckTest}).
 */
final class RingBuffer extends BufferBase {
    /** SOF's factor: three of the larger block covers 44.1 kHz's uneven chunks. */
    static final int SIZE_FACTOR = 3;

    private final RingOffsets offsets;
    private final int doubleSize;
    /** Its producer side; the exact class, so a caller's calls bind statically. */
    final RingSink sink = new RingSink();
    /** Its consumer side; the exact class, so a caller's calls bind statically. */
    final RingSource source = new RingSource();
    private volatile long overruns;
    private volatile long underruns;

    private RingBuffer(MemoryAccess access, Heap heap, long data, int size, int ibs, int obs,
            RingOffsets offsets) {
        super(access, heap, data, size);
        this.offsets = offsets;
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
     * @param offsets makes its two offsets once the data is allocated: in the runtime
     *     {@link OffHeapRingOffsets} on the engine's control blocks; handed back when freed
     * @return the ring, or {@code null} if the heap has no room
     * @throws IllegalArgumentException if {@code ibs} or {@code obs} is not positive or too large
     */
    static RingBuffer create(MemoryAccess access, Heap heap, int ibs, int obs, int extraPeriods,
            Supplier<? extends RingOffsets> offsets) {
        final int size = sizeFor(ibs, obs, extraPeriods);
        final long data = heap.alloc(size, MemoryRegions.DCACHE_ALIGN);
        if (data == MemoryRegions.NULL) {
            return null;
        }
        return new RingBuffer(access, heap, data, size, ibs, obs, offsets.get());
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

    /** Hands the offsets back for reuse, once the data went back to its heap. */
    @Override
    void released() {
        offsets.release();
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
        offsets.clear();
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
        return offsets.writeAcquire();
    }

    /** @return the read offset, in {@code [0, 2 * size)}; any thread (acquire) */
    int readOffset() {
        return offsets.readAcquire();
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
    final class RingSink extends SinkEndpoint {
        @Override
        protected int implFreeSize() {
            // Own offset: plain is enough, only this thread writes it. Other: acquire.
            return size - avail(offsets.write(), offsets.readAcquire());
        }

        @Override
        protected int implGetBuffer(int bytes, AudioRegion out) {
            final int w = offsets.write();
            if (bytes > size - avail(w, offsets.readAcquire())) {
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
                offsets.writeRelease(inc(offsets.write(), bytes));
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
            return feedingTimeMicros(avail(offsets.writeAcquire(),
                    offsets.readAcquire()), audioFormat());
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
    final class RingSource extends SourceEndpoint {
        @Override
        protected int implDataAvailable() {
            return avail(offsets.writeAcquire(), offsets.read());
        }

        @Override
        protected int implGetData(int bytes, AudioRegion out) {
            final int r = offsets.read();
            if (bytes > avail(offsets.writeAcquire(), r)) {
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
                offsets.readRelease(inc(offsets.read(), bytes));
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
