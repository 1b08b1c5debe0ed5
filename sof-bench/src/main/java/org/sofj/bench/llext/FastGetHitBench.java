package org.sofj.bench.llext;

import java.util.ServiceLoader;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;
import org.sofj.bench.BenchFlags;

/**
 * The fast_get hit path on a kernel thread: {@code mod_fast_get} of a 512-byte block of library
 * data whose shared copy already exists (refcount 1 held by setup), then {@code mod_fast_put}.
 * A module does this in {@code prepare}, not per tick, but it must still allocate nothing: run
 * with {@code -prof gc} and expect about 0 B/op. Through the SPI, as the runtime calls it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class FastGetHitBench {
    private static final int SIZE = 512;

    private MemorySystem memory;
    private ModuleMemory module;
    private long source;

    /** Creates the memory system, the library data and the first (shared) copy. */
    @Setup
    public void setUp() {
        memory = ServiceLoader.load(MemorySystemProvider.class).findFirst().orElseThrow()
                .create(MemoryLayout.defaults());
        final Heap library = memory.heap(HeapRegion.LIBRARY);
        source = library.alloc(SIZE, MemoryRegions.DCACHE_ALIGN);
        memory.access().setMemory(source, SIZE, (byte) 0x3C);
        module = memory.newModuleMemory("bench", memory.heap(HeapRegion.SYSTEM), null);
        if (module.fastGet(source, SIZE) == MemoryRegions.NULL) {
            throw new IllegalStateException("the first fast_get failed");
        }
    }

    /** Releases the address space. */
    @TearDown
    public void tearDown() {
        memory.close();
    }

    /** @return the copy's address */
    @Benchmark
    public long hitThenPut() {
        final long copy = module.fastGet(source, SIZE);
        module.fastPut(copy);
        return copy;
    }
}
