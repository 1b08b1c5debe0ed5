package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;

/**
 * One instance's books ({@link Books} in {@link InstanceMemory}) used by two of its threads at
 * once, as its DP thread and the IPC thread do: allocations, frees, fast_get copies that both
 * threads hold (repeated references to one copy) and fast_puts, then freeAll. Every block and
 * every reference is accounted for: the books list exactly what the two threads still hold,
 * freeAll gives back every byte of the heap and every fast_get reference.
 */
final class BooksConcurrencyTest {
    private static final int ROWS = 4;
    private static final int ROW_BYTES = 400;
    private static final int OPS = 20_000;

    private final Fixture fx = new Fixture();
    private final Heap heap = fx.system.heap(HeapRegion.SYSTEM);
    private final ModuleMemory memory = fx.system.newModuleMemory("comp 0x4000", heap, null);
    private final long rows = AddressMap.LIBRARY_BASE;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldKeepTheBooksWholeUnderTwoThreadsOfOneInstance() throws Exception {
        final MemoryAccess mem = fx.system.access();
        for (int i = 0; i < ROWS * ROW_BYTES / 4; i++) {
            mem.putInt(rows + 4L * i, i * 7919);
        }
        final long before = heap.stats().usedBytes();
        final CyclicBarrier start = new CyclicBarrier(2);
        final List<List<Long>> held = List.of(new ArrayList<>(), new ArrayList<>());
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final List<Long> mine = held.get(t);
            final SplittableRandom random = new SplittableRandom(31 + t);
            threads[t] = new Thread(() -> {
                try {
                    start.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    for (int i = 0; i < OPS; i++) {
                        step(random, mine);
                    }
                } catch (Throwable e) {
                    error.set(e);
                }
            }, "books-" + t);
            threads[t].start();
        }
        for (Thread t : threads) {
            Fixture.join(t);
        }
        assertNull(error.get());
        final int holding = held.get(0).size() + held.get(1).size();
        assertEquals(holding, memory.liveAllocations().size(),
                "the books list every block and reference the threads hold");
        assertEquals(holding, memory.freeAll());
        assertTrue(memory.liveAllocations().isEmpty());
        assertEquals(before, heap.stats().usedBytes(), "freeAll gave back every byte");
        assertEquals(0, fx.system.fastGet().liveEntries(), "and every fast_get reference");
    }

    /** One random change by a thread; {@code mine} is what it holds (negated: fast_get copies). */
    private void step(SplittableRandom random, List<Long> mine) {
        final int op = random.nextInt(mine.size() > 40 ? 4 : 2);
        if (op == 0) {
            final long a = memory.alloc(1 + random.nextInt(200));
            if (a != MemoryRegions.NULL) {
                mine.add(a);
            }
        } else if (op == 1) {
            final long a = memory.fastGet(rows + (long) random.nextInt(ROWS) * ROW_BYTES,
                    ROW_BYTES);
            if (a != MemoryRegions.NULL) {
                mine.add(-a);
            }
        } else {
            final long a = mine.remove(random.nextInt(mine.size()));
            assertEquals(0, a < 0 ? memory.fastPut(-a) : memory.free(a), "release of " + a);
        }
    }
}
