package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.HeapStats;

/** Random alloc/free sequences never overlap, never leak, and the stats always add up. */
final class HeapPropertyTest {
    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 0xC0FFEE})
    void shouldNeverOverlapLeakOrMiscount(long seed) {
        final long size = 64 * 1024;
        final SimHeap heap = new SimHeap("prop", AddressMap.LIBRARY_BASE, size, fx.system.backing());
        final SplittableRandom random = new SplittableRandom(seed);
        final TreeMap<Long, Long> live = new TreeMap<>();
        final List<Long> order = new ArrayList<>();
        long maxUsed = 0;
        for (int step = 0; step < 5000; step++) {
            if (live.isEmpty() || random.nextInt(100) < 55) {
                final long bytes = 1 + random.nextInt(2048);
                final long align = 1L << random.nextInt(9);
                final long a = heap.alloc(bytes, align);
                if (a != MemoryRegions.NULL) {
                    assertTrue(MemoryRegions.isAligned(a, align));
                    assertTrue(a >= heap.start() && a + bytes <= heap.start() + size);
                    final var below = live.floorEntry(a);
                    assertTrue(below == null || below.getKey() + below.getValue() <= a,
                            "overlaps the block below");
                    final var above = live.ceilingEntry(a);
                    assertTrue(above == null || a + bytes <= above.getKey(),
                            "overlaps the block above");
                    live.put(a, bytes);
                    order.add(a);
                }
            } else {
                final long a = order.remove(random.nextInt(order.size()));
                assertEquals(0, heap.free(a));
                live.remove(a);
            }
            final long used = live.values().stream().mapToLong(Long::longValue).sum();
            maxUsed = Math.max(maxUsed, used);
            final HeapStats s = heap.stats();
            assertEquals(used, s.usedBytes());
            assertEquals(size, s.usedBytes() + s.freeBytes());
            assertEquals(live.size(), s.allocationCount());
            assertEquals(maxUsed, s.highWaterMark());
            assertTrue(s.largestFreeBlock() <= s.freeBytes());
        }
        for (long a : order) {
            assertEquals(0, heap.free(a));
        }
        final HeapStats end = heap.stats();
        assertEquals(0, end.usedBytes());
        assertEquals(size, end.largestFreeBlock(), "everything coalesced back into one block");
    }
}
