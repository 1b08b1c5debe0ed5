package org.sofj.mmu.internal;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.bench.BenchFlags;

/**
 * Heap alloc + free of a 64-byte block on a heap that already holds 32 live blocks: a cold-path
 * operation, reported as an absolute number (there is no floor; it must simply stay far below a
 * tick).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class HeapBench {
    private Heap heap;

    /** Creates the heap with 32 live blocks. */
    @Setup
    public void setUp() {
        final MmuMemorySystem system = new MmuMemorySystem(MemoryLayout.defaults());
        heap = system.newDriverHeap("bench", 64 * 1024);
        for (int i = 0; i < 32; i++) {
            heap.alloc(96, 64);
        }
    }

    /** @return the block's address */
    @Benchmark
    public long allocFree() {
        final long a = heap.alloc(64, 64);
        heap.free(a);
        return a;
    }
}
