package org.sofj.api.spi;

/** The heaps the address space has from the start. */
public enum HeapRegion {
    /** The kernel heap ({@code sof_heap}): kernel only. */
    SYSTEM,
    /** The shared buffer heap for audio rings. */
    SHARED_BUFFER,
    /** The global user heap that driver heaps are carved from. */
    USER,
    /** The library region, where module sections are placed (SOF's llext region). */
    LIBRARY
}
