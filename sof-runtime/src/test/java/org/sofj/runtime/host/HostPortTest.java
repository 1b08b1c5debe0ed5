package org.sofj.runtime.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * {@link HostPort} against a plain queue: bytes come out in the order they went in, across many
 * laps of a ring whose capacity is not a power of two, with writes and reads of every size
 * (empty, partial when the ring is full or empty, wrapping, exactly to the end of the ring).
 */
final class HostPortTest {
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 384, 1000})
    void shouldHandOutEveryByteInOrderAcrossLaps(int capacity) {
        final HostPort port = new HostPort(capacity);
        final ArrayDeque<Byte> model = new ArrayDeque<>();
        final SplittableRandom r = new SplittableRandom(capacity);
        byte next = 0;
        for (int step = 0; step < 20_000; step++) {
            final int length = r.nextInt(capacity + 2);
            if (r.nextBoolean()) {
                final byte[] src = new byte[length + 3];
                for (int i = 0; i < length; i++) {
                    src[3 + i] = next++;
                }
                final int n = port.write(src, 3, length);
                assertEquals(Math.min(length, capacity - model.size()), n, "written at " + step);
                for (int i = 0; i < n; i++) {
                    model.add(src[3 + i]);
                }
                next -= (byte) (length - n); // the bytes not taken are offered again
            } else {
                final byte[] dst = new byte[length + 5];
                final int n = port.read(dst, 5, length);
                assertEquals(Math.min(length, model.size()), n, "read at " + step);
                final byte[] expected = new byte[length + 5];
                for (int i = 0; i < n; i++) {
                    expected[5 + i] = model.poll();
                }
                assertArrayEquals(expected, dst, "bytes read at " + step);
            }
            assertEquals(model.size(), port.available());
            assertEquals(capacity - model.size(), port.free());
        }
    }

    /**
     * host_out's capture path: a region of a ring buffer in simulated memory, wrapping or not,
     * goes into the port in order, all or nothing, across laps of the port.
     */
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 384, 1000})
    void shouldWriteARegionOfSimulatedMemoryInOrderAllOrNothing(int capacity) {
        final MemorySystem memory = ServiceLoader.load(MemorySystemProvider.class).findFirst()
                .orElseThrow().create(MemoryLayout.defaults());
        try {
            final MemoryAccess mem = memory.access();
            final int ringSize = 97;
            final long ring = memory.heap(HeapRegion.SYSTEM).alloc(ringSize, 8);
            final HostPort port = new HostPort(capacity);
            final ArrayDeque<Byte> model = new ArrayDeque<>();
            final SplittableRandom r = new SplittableRandom(capacity);
            final AudioRegion region = new AudioRegion();
            byte next = 0;
            for (int step = 0; step < 20_000; step++) {
                final int length = r.nextInt(Math.min(capacity, ringSize) + 1);
                if (r.nextBoolean()) {
                    final int at = r.nextInt(ringSize); // the region may wrap
                    region.wrap(ring + at, ring, ringSize, length);
                    for (int i = 0; i < length; i++) {
                        mem.putByte(region.addressAt(i), (byte) (next + i));
                    }
                    final boolean fits = capacity - model.size() >= length;
                    assertEquals(fits ? length : 0, port.writeFrom(mem, region, length),
                            "written at " + step);
                    if (fits) {
                        for (int i = 0; i < length; i++) {
                            model.add(next++);
                        }
                    }
                } else {
                    final byte[] dst = new byte[length];
                    final int n = port.read(dst, 0, length);
                    assertEquals(Math.min(length, model.size()), n, "read at " + step);
                    for (int i = 0; i < n; i++) {
                        assertEquals(model.poll(), dst[i], "byte " + i + " read at " + step);
                    }
                }
                assertEquals(model.size(), port.available());
            }
        } finally {
            memory.close();
        }
    }
}
