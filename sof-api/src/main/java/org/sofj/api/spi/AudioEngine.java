package org.sofj.api.spi;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

/**
 * Buffers between modules and the schedulers that drive them. The runtime is its only client.
 */
public interface AudioEngine extends AutoCloseable {

    /**
     * A buffer in simulated memory with a sink (its producer side) and a source (its consumer
     * side), both following SOF's sink/source contract. The kernel works on the endpoints; it
     * hands modules only the final views, {@link #sink()} and {@link #source()}.
     */
    interface Buffer {
        /** {@return the producer side's endpoint, with the kernel's setters} */
        SinkEndpoint sinkEndpoint();

        /** {@return the consumer side's endpoint, with the kernel's setters} */
        SourceEndpoint sourceEndpoint();

        /** {@return the producer side as a module sees it; does not allocate} */
        default Sink sink() {
            return sinkEndpoint().sink();
        }

        /** {@return the consumer side as a module sees it; does not allocate} */
        default Source source() {
            return sourceEndpoint().source();
        }

        /** {@return the data area's simulated address} */
        long address();

        /** {@return the data area's size in bytes} */
        int size();

        /** Empties the buffer and zeroes its data; a held fragment is dropped. Kernel only. */
        void reset();

        /** Returns the buffer's memory to its heap. Idempotent. */
        void free();

        /**
         * Commits {@code bytes} of silence (zeros) on the producer side, as if the producer had
         * written them: a pre-roll that gives the consumer that much slack against a late
         * producer. Kernel only, while neither side runs (at pipeline start); a cold path.
         *
         * @param bytes how many, at most what is free
         * @return 0, or {@code -ENOSPC} if the buffer has less free space (nothing written)
         */
        int prime(int bytes);

        /**
         * {@return times the consumer asked for more than was available (an underrun), as the
         * source side counts them; any thread may read it}
         */
        long underruns();

        /**
         * {@return times the producer asked for more than was free (an overrun), as the sink side
         * counts them; any thread may read it}
         */
        long overruns();
    }

    /**
     * A {@code comp_buffer} (SOF's LL {@code audio_stream}), e.g. {@code 2 * max(ibs, obs)} bytes
     * between two LL modules. Not thread-safe: producer and consumer run on the same LL thread.
     *
     * @param heap   the heap its data comes from
     * @param size   the data size in bytes, {@code > 0}
     * @param format the stream format, set on both sides
     * @return the buffer, or {@code null} if the heap has no room
     */
    Buffer newCompBuffer(Heap heap, int size, AudioFormat format);

    /**
     * A lock-free single-producer single-consumer ring buffer (SOF's {@code ring_buffer}) of
     * {@code ALIGN_UP(3 * max(ibs, obs), 64)} bytes, 64-byte aligned, for the side of a DP module:
     * producer and consumer may run on different threads. Offsets range over {@code [0, 2*size)}.
     *
     * @param heap   the heap its data comes from (the shared buffer heap)
     * @param ibs    the consumer's input buffer size: the source's minimum available
     * @param obs    the producer's output buffer size: the sink's minimum free space
     * @param format the stream format, set on both sides
     * @return the buffer, or {@code null} if the heap has no room
     * @throws IllegalArgumentException naming {@code ibs} and {@code obs} if either is not
     *     positive or the size does not fit the engine's offsets
     */
    default Buffer newRingBuffer(Heap heap, int ibs, int obs, AudioFormat format) {
        return newRingBuffer(heap, ibs, obs, format, 0);
    }

    /**
     * A ring as {@link #newRingBuffer(Heap, int, int, AudioFormat)} with room for
     * {@code extraPeriods} more blocks of {@code max(ibs, obs)}: {@code ALIGN_UP((3 +
     * extraPeriods) * max(ibs, obs), 64)} bytes, for a DP output primed with that many periods
     * of slack on the wall clock. {@code extraPeriods = 0} is SOF's size.
     *
     * @param heap         the heap its data comes from (the shared buffer heap)
     * @param ibs          the consumer's input buffer size: the source's minimum available
     * @param obs          the producer's output buffer size: the sink's minimum free space
     * @param format       the stream format, set on both sides
     * @param extraPeriods blocks of {@code max(ibs, obs)} beyond SOF's three, {@code >= 0}
     * @return the buffer, or {@code null} if the heap has no room
     * @throws IllegalArgumentException if a size is not positive, or the total overflows
     */
    Buffer newRingBuffer(Heap heap, int ibs, int obs, AudioFormat format, int extraPeriods);

    /**
     * {@code audio_buffer_sync_secondary_buffer}: copies
     * {@code min(from available, to free, limit)} bytes from a source to a sink, through their
     * get/commit and get/release calls, with kernel rights. Hot path: no allocation.
     *
     * @param from  the source
     * @param to    the sink
     * @param limit the most bytes to copy
     * @return the bytes copied ({@code >= 0}), or a negative errno from either side
     */
    int copy(Source from, Sink to, int limit);

    /**
     * {@link #copy} from the consumer side of {@code from} to the producer side of {@code to},
     * two buffers this engine made: the same bytes, counters and result. The LL tick's ring
     * syncs call this; an engine may use what it knows of its own buffers' kinds to do it with
     * less dispatch (issue 16). By default {@code copy(from.source(), to.sink(), limit)}. Hot
     * path: no allocation.
     *
     * @param from  the buffer to read
     * @param to    the buffer to write
     * @param limit the most bytes to copy
     * @return the bytes copied ({@code >= 0}), or a negative errno from either side
     */
    default int sync(Buffer from, Buffer to, int limit) {
        return copy(from.source(), to.sink(), limit);
    }

    /**
     * Creates a scheduler: one LL thread per core and one thread per DP task.
     *
     * @param config clocks, cores and period
     * @return the scheduler, not yet started
     */
    Scheduler newScheduler(SchedulerConfig config);

    /** Releases what the engine holds. Buffers already freed are not touched. */
    @Override
    void close();
}
