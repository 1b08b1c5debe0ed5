package org.sofj.audio.internal;

import java.util.ServiceLoader;

import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
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

    /** Makes DP task threads as daemons, so a failed test cannot keep the JVM alive. */
    static final DpTaskSpec.ThreadFactory DAEMONS = (name, loop) -> {
        final Thread t = new Thread(loop, name);
        t.setDaemon(true);
        return t;
    };

    /**
     * @param bytes what the ring holds: its sink's last feeding time
     * @return a ring buffer (IBS = OBS = 1024) holding {@code bytes} of {@link Pipeline#FORMAT}
     */
    AudioEngine.Buffer filledRing(int bytes) {
        final AudioEngine.Buffer b = engine.newRingBuffer(shared(), 1024, 1024, Pipeline.FORMAT);
        final AudioRegion r = new AudioRegion();
        if (b.sink().getBuffer(bytes, r) != 0 || b.sink().commitBuffer(bytes) != 0) {
            throw new AssertionError("cannot fill a ring with bytes=" + bytes);
        }
        return b;
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
