package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.sofj.api.memory.Allocation;

/**
 * {@link Books} against a model ({@code LinkedHashMap} and a map of further references), and
 * the property kernel code relies on when a module has filled the Java heap: after
 * {@link Books#ensureRoom}, recording, counting references and forgetting allocate nothing.
 */
final class BooksTest {
    @Test
    void shouldAgreeWithAModelOverRandomChanges() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int run = 0; run < 20; run++) {
            final Books books = new Books();
            final Map<Long, Allocation> model = new LinkedHashMap<>();
            final Map<Long, Long> extra = new HashMap<>();
            // few distinct addresses (some colliding in the table), so runs of probes form
            final int span = 4 + random.nextInt(400);
            for (int step = 0; step < 5_000; step++) {
                final long address = 64L * (1 + random.nextInt(span));
                final int op = random.nextInt(10);
                if (op < 4) {
                    books.ensureRoom();
                    final Allocation a = new Allocation(address, 1 + random.nextInt(99),
                            Allocation.Kind.HEAP);
                    books.put(a);
                    if (model.containsKey(address)) {
                        model.replace(address, a);
                    } else {
                        model.put(address, a);
                        extra.put(address, 0L);
                    }
                } else if (op < 7) {
                    assertEquals(model.remove(address) != null, books.remove(address));
                    extra.remove(address);
                } else if (op < 8 && model.containsKey(address)) {
                    final long refs = random.nextInt(3);
                    books.setExtra(address, refs);
                    extra.put(address, refs);
                } else if (op == 8) {
                    assertEquals(model.containsKey(address), books.addReference(address));
                    extra.computeIfPresent(address, (k, r) -> r + 1);
                } else if (op == 9) {
                    assertEquals(model.get(address), books.dropReference(address));
                    if (extra.getOrDefault(address, 0L) > 0) {
                        extra.put(address, extra.get(address) - 1);
                    } else if (model.remove(address) != null) {
                        extra.remove(address);
                    }
                }
                assertEquals(model.get(address), books.get(address));
                assertEquals(extra.getOrDefault(address, 0L), books.extra(address));
                assertEquals(model.size(), books.size());
            }
            final List<Allocation> expected = new ArrayList<>(model.values());
            for (Allocation a : model.values()) {
                for (long r = extra.get(a.address()); r > 0; r--) {
                    expected.add(a);
                }
            }
            assertEquals(expected, books.inOrder(), "run " + run);
        }
    }

    @Test
    void shouldRefuseARecordNoRoomWasMadeForAndChangeNothing() {
        final Books books = new Books();
        for (int i = 1; i <= 8; i++) {
            books.ensureRoom();
            books.put(new Allocation(64L * i, 16, Allocation.Kind.HEAP));
        }
        final Allocation ninth = new Allocation(64L * 9, 16, Allocation.Kind.HEAP);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> books.put(ninth));
        assertTrue(e.getMessage().contains("address=576"), e.getMessage());
        assertEquals(8, books.size());
        assertNull(books.get(576));
        books.put(new Allocation(64L, 32, Allocation.Kind.HEAP)); // a replacement needs no room
        assertEquals(32, books.get(64).size());
    }

    @Test
    void shouldAllocateNothingToRecordCountOrForgetOnceRoomIsMade() throws Throwable {
        final Object bean = Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean").invoke(null);
        final MethodHandle allocated = MethodHandles.publicLookup()
                .findVirtual(Class.forName("com.sun.management.ThreadMXBean"),
                        "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
                .asType(MethodType.methodType(long.class, Object.class));
        final Books books = new Books();
        final Allocation[] records = new Allocation[64];
        for (int i = 0; i < records.length; i++) {
            records[i] = new Allocation(4096L * (i + 1), 16, Allocation.Kind.FAST_GET);
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 50 && least > 0; round++) {
            books.ensureRoom(); // room for one: each step below records one, then forgets it
            final long before = (long) allocated.invokeExact(bean);
            for (int step = 0; step < 10_000; step++) {
                final Allocation a = records[step & 63];
                books.put(a);
                books.addReference(a.address());
                books.dropReference(a.address());
                books.dropReference(a.address());
            }
            least = Math.min(least, (long) allocated.invokeExact(bean) - before);
        }
        assertEquals(0, least, "bytes allocated by 10,000 record/count/forget steps");
    }
}
