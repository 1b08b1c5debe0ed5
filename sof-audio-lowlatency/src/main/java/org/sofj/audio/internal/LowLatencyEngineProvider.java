package org.sofj.audio.internal;

import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.MemorySystem;

/**
 * The {@link AudioEngineProvider} of {@code org.sofj.audio}, found by {@link
 * java.util.ServiceLoader} through {@code provides} (module path) or {@code META-INF/services}
 * (class path). Stateless; nothing happens before {@link #create}.
 */
public final class LowLatencyEngineProvider implements AudioEngineProvider {

    /** The public no-arg constructor {@link java.util.ServiceLoader} needs. */
    public LowLatencyEngineProvider() {
    }

    /**
     * Creates an engine whose buffers live in {@code memory} and are accessed through its checked
     * accessor.
     *
     * @param memory the memory system
     * @return a new engine
     * @throws NullPointerException if {@code memory} is null
     */
    @Override
    public AudioEngine create(MemorySystem memory) {
        return new LowLatencyEngine(memory);
    }
}
