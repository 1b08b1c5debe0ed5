package org.sofj.audio.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.Objects;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;

/**
 * The {@link AudioEngine}: buffers in a memory system, {@code copy} and schedulers. Creating and
 * closing are cold-path calls of the kernel's IPC thread (synchronized); {@link #copy} is the LL
 * hot path.
 */
final class LowLatencyEngine implements AudioEngine {
    private final MemoryAccess access;
    /** One copier per LL thread: its region flyweights must not be shared across cores. */
    private final ThreadLocal<BufferCopy> copiers;
    /**
     * The copier {@link #copy} used last, tried before the thread-local lookup: it is used only
     * by the thread it was made for ({@link BufferCopy#owner}, a final field, so a racy read of
     * this plain field still sees the right owner). Usually one tick thread copies, so the
     * lookup is skipped; threads that alternate just look up as before.
     */
    private BufferCopy lastCopier;
    /** Live buffers, so close frees what the kernel did not; a buffer leaves when freed. */
    private final Set<BufferBase> buffers = new HashSet<>();
    /**
     * The live buffers by their views, for {@link #copy} (the kernel's own copies use
     * {@link #sync}). Written under this object's lock when a buffer is made or freed; read
     * without a lock and without allocation by the copying thread (the views keep
     * {@code Object}'s identity {@code equals}).
     */
    private final Map<Object, BufferBase> byView = new ConcurrentHashMap<>();
    private final ControlBlocks controls = new ControlBlocks(OffHeapRingOffsets.CONTROL_LENGTH,
            OffHeapRingOffsets.CACHE_LINE);
    private final List<TickScheduler> schedulers = new ArrayList<>();

    LowLatencyEngine(MemorySystem memory) {
        this.access = Objects.requireNonNull(memory, "memory").access();
        final MemoryAccess a = access;
        this.copiers = ThreadLocal.withInitial(() -> new BufferCopy(a, Thread.currentThread()));
    }

    @Override
    public synchronized Buffer newCompBuffer(Heap heap, int size, AudioFormat format) {
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(format, "format");
        return track(CompBuffer.create(access, heap, size), format);
    }

    @Override
    public synchronized Buffer newRingBuffer(Heap heap, int ibs, int obs, AudioFormat format,
            int extraPeriods) {
        Objects.requireNonNull(heap, "heap");
        Objects.requireNonNull(format, "format");
        return track(RingBuffer.create(access, heap, ibs, obs, extraPeriods,
                () -> new OffHeapRingOffsets(controls)), format);
    }

    private Buffer track(BufferBase buffer, AudioFormat format) {
        if (buffer == null) {
            return null;
        }
        buffer.initFormat(format);
        buffer.onFree(this::forget);
        buffers.add(buffer);
        byView.put(buffer.source(), buffer);
        byView.put(buffer.sink(), buffer);
        return buffer;
    }

    private synchronized void forget(BufferBase buffer) {
        buffers.remove(buffer);
        byView.remove(buffer.source());
        byView.remove(buffer.sink());
    }

    /** @return the ring buffers' control blocks */
    ControlBlocks controls() {
        return controls;
    }

    /** @return buffers made and not yet freed */
    synchronized int liveBuffers() {
        return buffers.size();
    }

    /**
     * {@inheritDoc}
     *
     * <p>{@code from} and {@code to} must be views of this engine's live buffers; the kernel's
     * own syncs use {@link #sync}, which needs no look-up. Threads and ordering as {@link #sync}.
     *
     * @throws IllegalArgumentException if either is not a view of a live buffer of this engine
     */
    @Override
    public int copy(Source from, Sink to, int limit) {
        final BufferBase f = byView.get(from);
        final BufferBase t = byView.get(to);
        if (f == null || t == null || f.source() != from || t.sink() != to) {
            throw new IllegalArgumentException("copy: from=" + from + " and to=" + to
                    + " must be a source and a sink of this engine's live buffers");
        }
        return copier().copy(f.sourceEndpoint(), t.sinkEndpoint(), limit);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The LL tick's two ring syncs, a comp_buffer into a ring and a ring into a comp_buffer,
     * hand the copier the endpoints with their exact classes, so the JIT binds each side's
     * calls to that kind's code, instead of inlining both kinds behind a class check at each
     * call of the endpoints' shared methods (issue 16; docs/BENCHMARKS.md). Threads: the consumer thread of {@code from} and producer thread
     * of {@code to}, usually an LL thread (a kernel thread, so the copy has kernel rights).
     * Ordering: that of the two sides' commit and release. Allocates only on a thread's first
     * call (its copier).
     */
    @Override
    public int sync(Buffer from, Buffer to, int limit) {
        final BufferCopy c = copier();
        if (from instanceof CompBuffer && to instanceof RingBuffer) {
            return c.copy(((CompBuffer) from).source, ((RingBuffer) to).sink, limit);
        }
        if (from instanceof RingBuffer && to instanceof CompBuffer) {
            return c.copy(((RingBuffer) from).source, ((CompBuffer) to).sink, limit);
        }
        return c.copy(from.sourceEndpoint(), to.sinkEndpoint(), limit);
    }

    /** @return the calling thread's copier: the one used last if it is this thread's */
    private BufferCopy copier() {
        BufferCopy c = lastCopier;
        if (c == null || c.owner != Thread.currentThread()) {
            c = copiers.get();
            lastCopier = c;
        }
        return c;
    }

    @Override
    public synchronized Scheduler newScheduler(SchedulerConfig config) {
        final TickScheduler scheduler = new TickScheduler(config);
        schedulers.add(scheduler);
        return scheduler;
    }

    @Override
    public synchronized void close() {
        for (TickScheduler s : schedulers) {
            s.close();
        }
        schedulers.clear();
        for (BufferBase b : List.copyOf(buffers)) {
            b.free(); // each one leaves the set
        }
    }
}
