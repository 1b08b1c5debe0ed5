package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.HeapStats;

/**
 * Buffers return to baseline: a freed buffer leaves the engine, so a runtime that binds and
 * unbinds for ever holds only the buffers still bound (issue 12 item 4).
 */
final class BufferLifecycleTest {
    private static final int CYCLES = 1_000;

    private final TestMemory memory = new TestMemory();
    private final LowLatencyEngine engine = (LowLatencyEngine) memory.engine;

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private static long directBytes() {
        long sum = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                sum += pool.getMemoryUsed();
            }
        }
        return sum;
    }

    /** One bind and unbind as the kernel's binder does them: a comp_buffer and a DP ring. */
    private void cycle() {
        final AudioEngine.Buffer comp = engine.newCompBuffer(memory.shared(), 768,
                Pipeline.FORMAT);
        final AudioEngine.Buffer ring = engine.newRingBuffer(memory.shared(), 384, 384,
                Pipeline.FORMAT);
        ring.free();
        comp.free();
    }

    @Test
    void shouldEndWithFlatBuffersHeapAndDirectMemoryAfterAThousandBindUnbindCycles() {
        final AudioEngine.Buffer bound = engine.newCompBuffer(memory.shared(), 768,
                Pipeline.FORMAT); // one that stays bound throughout
        cycle(); // the first cycle may load classes and make direct buffers once
        final int buffers = engine.liveBuffers();
        final HeapStats heap = memory.shared().stats();
        final long direct = directBytes();
        final int controlBlocks = engine.controls().blocks();
        for (int i = 0; i < CYCLES; i++) {
            cycle();
        }
        assertEquals(controlBlocks, engine.controls().blocks(), "ring control blocks");
        assertEquals(1, buffers, "only the bound buffer is live");
        assertEquals(buffers, engine.liveBuffers(), "buffer count after " + CYCLES + " cycles");
        assertEquals(heap.usedBytes(), memory.shared().stats().usedBytes(), "heap bytes");
        assertEquals(heap.allocationCount(), memory.shared().stats().allocationCount());
        // no growth: the JVM is shared with other tests, whose direct buffers the GC's cleaner
        // may free meanwhile, so the count can fall below the baseline, never rise above it
        final long after = directBytes();
        assertTrue(after <= direct, "direct memory grew from " + direct + " to " + after);
        bound.free();
        assertEquals(0, engine.liveBuffers());
    }

    @Test
    void shouldLetAFreedBufferBeCollected() {
        AudioEngine.Buffer b = engine.newRingBuffer(memory.shared(), 384, 384, Pipeline.FORMAT);
        final WeakReference<AudioEngine.Buffer> ref = new WeakReference<>(b);
        b.free();
        b = null;
        assertNull(b);
        // a bounded wait for the collector: the engine must hold no strong reference
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "the engine still holds a freed buffer");
    }

    @Test
    void shouldFreeWhatIsStillLiveWhenTheEngineCloses() {
        engine.newCompBuffer(memory.shared(), 768, Pipeline.FORMAT);
        engine.newRingBuffer(memory.shared(), 384, 384, Pipeline.FORMAT);
        final long before = memory.shared().stats().allocationCount();
        assertTrue(before >= 2);
        engine.close();
        assertEquals(0, engine.liveBuffers());
        assertEquals(before - 2, memory.shared().stats().allocationCount());
    }

    @Test
    void shouldHandARingsControlBlockBackZeroedForTheNextRing() {
        final AudioEngine.Buffer first = engine.newRingBuffer(memory.shared(), 384, 384,
                Pipeline.FORMAT);
        final AudioRegion r = new AudioRegion();
        assertEquals(0, first.sink().getBuffer(384, r));
        assertEquals(0, first.sink().commitBuffer(384)); // the write offset is now 384
        final int free = engine.controls().freeBlocks();
        first.free();
        assertEquals(free + 1, engine.controls().freeBlocks());
        final AudioEngine.Buffer next = engine.newRingBuffer(memory.shared(), 384, 384,
                Pipeline.FORMAT);
        assertEquals(free, engine.controls().freeBlocks(), "the block was reused");
        assertEquals(0, next.source().getDataAvailable(), "a reused block starts empty");
        assertEquals(next.size(), next.sink().getFreeSize());
    }

    @Test
    void shouldRejectAControlBlockLengthThatIsNotAMultipleOfTheAlignment() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ControlBlocks(100, 64));
        assertTrue(e.getMessage().contains("blockLength=100"), e.getMessage());
    }

    @Test
    void shouldForgetABufferOnceWhenFreedTwice() {
        final AudioEngine.Buffer b = engine.newCompBuffer(memory.shared(), 768, Pipeline.FORMAT);
        final long allocations = memory.shared().stats().allocationCount();
        b.free();
        b.free();
        assertEquals(0, engine.liveBuffers());
        assertEquals(allocations - 1, memory.shared().stats().allocationCount());
    }
}
