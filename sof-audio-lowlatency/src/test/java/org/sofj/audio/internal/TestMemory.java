package org.sofj.audio.internal;

import java.util.ServiceLoader;

import org.sofj.api.memory.Heap;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryLayout;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * A real memory system (sof-mmu, on the test class path) and an engine over it. The module under
 * test does not declare {@code uses MemorySystemProvider} (the runtime does), so the tests add the
 * edge at run time; the provider is found through its {@code META-INF/services} file.
 */
final class TestMemory implements AutoCloseable {
    final MemorySystem system;
    final AudioEngine engine;

    TestMemory() {
        TestMemory.class.getModule().addUses(MemorySystemProvider.class);
        this.system = ServiceLoader.load(MemorySystemProvider.class).findFirst().orElseThrow()
                .create(MemoryLayout.defaults());
        this.engine = new LowLatencyEngineProvider().create(system);
    }

    Heap shared() {
        return system.heap(HeapRegion.SHARED_BUFFER);
    }

    MemoryAccess access() {
        return system.access();
    }

    @Override
    public void close() {
        engine.close();
        system.close();
    }
}
