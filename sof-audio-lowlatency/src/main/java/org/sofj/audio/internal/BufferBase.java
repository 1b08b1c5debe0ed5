package org.sofj.audio.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * What both buffer kinds share: the data block in simulated memory, its heap, the checked
 * accessor, and SOF's shared {@code audio_stream_params} (a format set on one side is the other
 * side's format too). Cold-path code only; the hot paths live in the subclasses.
 */
abstract class BufferBase implements AudioEngine.Buffer {
    final MemoryAccess access;
    final long data;
    final int size;
    private final Heap heap;
    private final AtomicBoolean freed = new AtomicBoolean();
    /** Told once when the buffer is freed (the engine forgets it); set before publication. */
    private Consumer<BufferBase> onFree = b -> { };

    BufferBase(MemoryAccess access, Heap heap, long data, int size) {
        this.access = Objects.requireNonNull(access, "access");
        this.heap = Objects.requireNonNull(heap, "heap");
        this.data = data;
        this.size = size;
    }

    @Override
    public final long address() {
        return data;
    }

    @Override
    public final int size() {
        return size;
    }

    /**
     * Kernel only, once, before the buffer is handed out.
     *
     * @param listener told once when the buffer is freed
     */
    final void onFree(Consumer<BufferBase> listener) {
        onFree = Objects.requireNonNull(listener, "listener");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Returns the data to its heap and tells the engine, which then holds nothing of the
     * buffer. The caller must make sure no tick still uses it (the kernel frees at unbind).
     */
    @Override
    public final void free() {
        if (freed.compareAndSet(false, true)) {
            heap.free(data);
            released();
            onFree.accept(this);
        }
    }

    /** What a subclass gives back when freed, beyond the data; called once. */
    void released() {
        // a comp_buffer holds nothing else
    }

    /** @return whether {@link #free()} has run */
    final boolean isFreed() {
        return freed.get();
    }

    /** @return producer-side xruns: a get of more than the free space */
    public abstract long overruns();

    /** @return consumer-side xruns: a get of more than is available */
    public abstract long underruns();

    /**
     * Sets {@code format} on both sides at creation.
     *
     * @param format the stream format
     */
    final void initFormat(AudioFormat format) {
        sinkEndpoint().setAudioFormat(format);
        sourceEndpoint().setAudioFormat(format);
    }

    /**
     * The {@code on_audio_format_set} hook of either side: SOF's sink and source share one
     * {@code audio_stream_params}, so a format set on one side becomes the other's. The equality
     * check ends the mutual recursion.
     *
     * @param sink   this buffer's sink
     * @param source this buffer's source
     * @param fromSink whether the sink's format changed
     * @return the other side's hook result, or 0
     */
    static int shareFormat(SinkEndpoint sink, SourceEndpoint source, boolean fromSink) {
        final AudioFormat s = sink.audioFormat();
        final AudioFormat r = source.audioFormat();
        if (Objects.equals(s, r)) {
            return 0;
        }
        return fromSink ? source.setAudioFormat(s) : sink.setAudioFormat(r);
    }

    /**
     * SOF's {@code audio_buffer_sink_get_lft}, which comp_buffer and ring_buffer sinks both
     * report: how long the audio waiting in the buffer lasts its consumer, in microseconds.
     * Bytes per millisecond are rounded <em>up</em> for rates that are not a multiple of 1000
     * ("round up for frequencies like 44100"), so 266 bytes of 44.1 kHz mono S16 (88.2 B/ms,
     * counted as 89) last 2988 us, not 3015. No allocation.
     *
     * @param available bytes available to the consumer
     * @param format    the stream format, or {@code null} if none is set yet
     * @return microseconds, or {@link Sink#UNKNOWN_FEEDING_TIME} without a format
     */
    static long feedingTimeMicros(long available, AudioFormat format) {
        if (format == null) {
            return Sink.UNKNOWN_FEEDING_TIME;
        }
        final long bytesPerSecond = (long) format.frameBytes() * format.rate();
        long bytesPerMs = bytesPerSecond / 1000;
        if (bytesPerMs * 1000 != bytesPerSecond) {
            bytesPerMs++;
        }
        return 1000 * available / bytesPerMs;
    }

    @Override
    public final int prime(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes=" + bytes + " must not be negative");
        }
        if (bytes == 0) {
            return 0;
        }
        final SinkEndpoint sink = sinkEndpoint();
        if (sink.getFreeSize() < bytes) {
            return -org.sofj.api.Errno.ENOSPC;
        }
        final org.sofj.api.audio.AudioRegion region = new org.sofj.api.audio.AudioRegion();
        final int rc = sink.getBuffer(bytes, region);
        if (rc != 0) {
            return rc;
        }
        final long first = Math.min(bytes, region.contiguousLength());
        access.setMemory(region.address(), first, (byte) 0);
        if (first < bytes) {
            access.setMemory(region.bufferStart(), bytes - first, (byte) 0);
        }
        return sink.commitBuffer(bytes);
    }

    /**
     * Zero-fills the data block through the checked accessor, with the caller's rights.
     */
    final void zeroData() {
        access.setMemory(data, size, (byte) 0);
    }
}
