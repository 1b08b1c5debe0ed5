package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.spi.AudioEngine;

/**
 * Hot paths allocate nothing: measured with {@code com.sun.management.ThreadMXBean}'s
 * per-thread allocation counter. The module under test does not read {@code jdk.management};
 * reflection needs no readability edge, and an exact {@link MethodHandle} reads the counter
 * without boxing, so the measurement itself allocates nothing.
 */
final class AllocationTest {
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 10_000;
    private static final int ROUNDS = 10;
    private static final Object BEAN;
    private static final MethodHandle ALLOCATED;

    static {
        try {
            final Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
            BEAN = factory.getMethod("getThreadMXBean").invoke(null);
            final Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
            ALLOCATED = MethodHandles.publicLookup()
                    .findVirtual(type, "getCurrentThreadAllocatedBytes",
                            MethodType.methodType(long.class))
                    .asType(MethodType.methodType(long.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TestMemory memory = new TestMemory();
    private final AudioRegion region = new AudioRegion();

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private static long allocated() {
        try {
            return (long) ALLOCATED.invokeExact(BEAN);
        } catch (Throwable e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The fewest bytes {@code body} allocates over {@link #MEASURED} calls, in up to
     * {@link #ROUNDS} rounds after {@link #WARM_UP} calls. On JDK 25 a JIT tier change can
     * allocate a few dozen bytes once, in one round; an allocation per call shows in every round
     * (at least {@code MEASURED * 16} bytes), so the minimum still catches it.
     */
    private static long bytesAllocatedBy(Runnable body) {
        for (int i = 0; i < WARM_UP; i++) {
            body.run();
        }
        allocated(); // the handle's own first-call linkage, if any, happens here
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && least > 0; round++) {
            final long before = allocated();
            for (int i = 0; i < MEASURED; i++) {
                body.run();
            }
            least = Math.min(least, allocated() - before);
        }
        return least;
    }

    @Test
    void shouldAllocateNothingWhenWritingAndReadingARing() {
        final AudioEngine.Buffer ring = memory.engine.newRingBuffer(memory.shared(), 384, 384,
                Pipeline.FORMAT);
        final byte[] tick = new byte[384];
        assertEquals(0, bytesAllocatedBy(() -> {
            ring.sink().getBuffer(384, region);
            memory.access().putBytes(region.address(), tick, 0, (int) region.contiguousLength());
            ring.sink().commitBuffer(384);
            ring.source().getData(384, region);
            memory.access().getBytes(region.address(), tick, 0, (int) region.contiguousLength());
            ring.source().releaseData(384);
        }));
    }

    @Test
    void shouldAllocateNothingWhenCopying() {
        final AudioEngine.Buffer comp = memory.engine.newCompBuffer(memory.shared(), 1000,
                Pipeline.FORMAT);
        final AudioEngine.Buffer ring = memory.engine.newRingBuffer(memory.shared(), 384, 384,
                Pipeline.FORMAT);
        assertEquals(0, bytesAllocatedBy(() -> {
            comp.sink().getBuffer(384, region);
            comp.sink().commitBuffer(384);
            memory.engine.copy(comp.source(), ring.sink(), Integer.MAX_VALUE);
            ring.source().getData(384, region);
            ring.source().releaseData(384);
        }));
    }

    @Test
    void shouldAllocateNothingWhenReadingTheThreadsCpuTime() {
        final long[] sink = new long[1];
        assertEquals(0, bytesAllocatedBy(() -> sink[0] += ThreadCpuClock.now()));
    }

    @Test
    void shouldAllocateNothingInASteadyStateTickWithADpTask() {
        final AtomicLong clock = new AtomicLong();
        try (Pipeline p = new Pipeline(Pipeline.TICK_BYTES, clock::get)) {
            assertEquals(0, bytesAllocatedBy(() -> p.scheduler.runTicks(1)));
        }
    }
}
