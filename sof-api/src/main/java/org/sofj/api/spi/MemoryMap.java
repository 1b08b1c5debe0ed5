package org.sofj.api.spi;

import java.util.List;


/**
 * Where the regions of an address space are, for the kernel and for reports.
 *
 * @param layout  the sizes the space was built from
 * @param regions every region as a partition with its kernel-side meaning, in address order
 */
public record MemoryMap(MemoryLayout layout, List<Partition> regions) {

    /**
     * Copies the list.
     *
     * @param layout the sizes the space was built from
     * @param regions every region as a partition with its kernel-side meaning, in address order
     */
    public MemoryMap {
        regions = List.copyOf(regions);
    }

    /**
     * The region with a name.
     *
     * @param name e.g. {@code "hostbox"}
     * @return the region
     * @throws IllegalArgumentException if there is none
     */
    public Partition region(String name) {
        for (Partition p : regions) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("region=" + name + " does not exist");
    }
}
