package org.sofj.api.spi;


/**
 * Creates the simulated memory system (implemented by {@code sof-mmu}). Found with
 * {@link java.util.ServiceLoader}; public no-arg constructor, nothing expensive before
 * {@link #create}.
 */
public interface MemorySystemProvider {

    /**
     * Creates a memory system with its own address space.
     *
     * @param layout the region sizes
     * @return the new memory system; close it to release its off-heap memory
     */
    MemorySystem create(MemoryLayout layout);
}
