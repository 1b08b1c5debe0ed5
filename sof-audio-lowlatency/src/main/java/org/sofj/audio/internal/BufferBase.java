package org.sofj.audio.internal;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.Heap;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;

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

    @Override
    public final void free() {
        if (freed.compareAndSet(false, true)) {
            heap.free(data);
        }
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
        sink().setAudioFormat(format);
        source().setAudioFormat(format);
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
    static int shareFormat(Sink sink, Source source, boolean fromSink) {
        final AudioFormat s = sink.audioFormat();
        final AudioFormat r = source.audioFormat();
        if (Objects.equals(s, r)) {
            return 0;
        }
        return fromSink ? source.setAudioFormat(s) : sink.setAudioFormat(r);
    }

    /**
     * Zero-fills the data block through the checked accessor, with the caller's rights.
     */
    final void zeroData() {
        access.setMemory(data, size, (byte) 0);
    }
}
