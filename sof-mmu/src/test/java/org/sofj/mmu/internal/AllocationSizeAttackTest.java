package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.MemoryDomain;

/**
 * {@code mod_alloc} sizes a module picks to overflow the allocator's arithmetic: a size near
 * {@code Long.MAX_VALUE} makes {@code start + size} wrap. Each must answer NULL and leave the
 * heap exactly as it was, and the heap must still serve and free ordinary blocks afterwards.
 */
final class AllocationSizeAttackTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {Long.MAX_VALUE, Long.MAX_VALUE - 4095, Long.MAX_VALUE - 65536,
        1L << 62, 1L << 40, 0x1_0000_0000L, 0x1_0000_0040L})
    void shouldAnswerNullAndLeaveTheHeapWholeForASizeThatWrapsTheArithmetic(long size) {
        final DriverHeap heap = fx.system.newDriverHeap("X", 65536);
        final MemoryDomain d = fx.system.newDomain("X0");
        assertEquals(0, d.addPartition(heap.memoryPartition()));
        assertEquals(0, d.addPartition(heap.controlPartition()));
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        final HeapStats before = heap.stats();
        final Fixture.Outcome<List<Long>> o = fx.asUser(d, () -> {
            final List<Long> got = new ArrayList<>();
            got.add(m.alloc(size));
            got.add(m.zalloc(size));
            got.add(m.alignedAlloc(size, 4096));
            got.add(m.alloc(64)); // an ordinary block, after the odd ones
            return got;
        });
        assertTrue(o.error() == null, () -> "threw " + o.error());
        assertEquals(List.of(0L, 0L, 0L), o.value().subList(0, 3), "size " + size);
        final HeapStats after = heap.stats();
        assertEquals(64, after.usedBytes(), "only the ordinary block: " + after);
        assertEquals(before.size(), after.usedBytes() + after.freeBytes(), after.toString());
        assertEquals(1, m.freeAll());
        final HeapStats freed = heap.stats();
        assertEquals(List.of(0L, before.freeBytes(), before.largestFreeBlock()), List.of(
                freed.usedBytes(), freed.freeBytes(), freed.largestFreeBlock()), freed.toString());
    }
}
