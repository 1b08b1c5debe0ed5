package org.sofj.mmu.internal;

import java.util.Objects;

import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/** Provides the simulated MMU's memory system. Stateless; public no-arg constructor. */
public final class MmuProvider implements MemorySystemProvider {

    /** Creates the provider; does nothing else. */
    public MmuProvider() {
    }

    @Override
    public MemorySystem create(MemoryLayout layout) {
        return new MmuMemorySystem(Objects.requireNonNull(layout, "layout"));
    }
}
