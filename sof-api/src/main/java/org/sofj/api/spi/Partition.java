package org.sofj.api.spi;

import java.util.Objects;
import org.sofj.api.memory.MemoryRegions;

/**
 * A memory partition: a range of simulated addresses with an attribute, Zephyr's
 * {@code k_mem_partition}. The name is for people (faults and reports name it); a domain matches
 * partitions by {@code (start, size)} only, as Zephyr does.
 *
 * <p>The constructor accepts size 0 and ranges past 4 GiB so that a domain can reject them with
 * {@code -EINVAL} as Zephyr does; it rejects only negative values.
 *
 * @param name      a name for reports, e.g. {@code "driver-heap:gain"}
 * @param start     the first simulated address
 * @param size      the size in bytes
 * @param attribute the access rights
 */
public record Partition(String name, long start, long size, PartitionAttribute attribute) {

    /**
     * Validates the fields.
     *
     * @param name a name for reports, e.g. {@code "driver-heap:gain"}
     * @param start the first simulated address
     * @param size the size in bytes
     * @param attribute the access rights
     * @throws NullPointerException if {@code name} or {@code attribute} is null
     * @throws IllegalArgumentException if {@code start} or {@code size} is negative
     */
    public Partition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attribute, "attribute");
        if (start < 0) {
            throw new IllegalArgumentException("start=" + start + " must not be negative");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size=" + size + " must not be negative");
        }
    }

    /**
     * A partition covering {@code [address, address + size)} rounded out to whole pages, as
     * Zephyr's {@code k_mem_region_align(..., PAGE_SIZE)} does.
     *
     * @param name      the partition's name
     * @param address   the first byte that must be covered
     * @param size      the number of bytes that must be covered
     * @param attribute the access rights
     * @return the page-aligned partition
     */
    public static Partition pageAligned(String name, long address, long size,
            PartitionAttribute attribute) {
        final long start = MemoryRegions.regionAlignStart(address, MemoryRegions.PAGE_SIZE);
        final long alignedSize =
                MemoryRegions.regionAlignSize(address, size, MemoryRegions.PAGE_SIZE);
        return new Partition(name, start, alignedSize, attribute);
    }

    /**
     * The first address after the partition.
     *
     * @return {@code start + size}
     */
    public long end() {
        return start + size;
    }

    /**
     * Whether {@code [address, address + length)} lies wholly inside this partition.
     *
     * @param address the first address
     * @param length  the number of bytes, {@code >= 0}
     * @return {@code true} if contained
     */
    public boolean contains(long address, long length) {
        return address >= start && length >= 0 && length <= start + size - address;
    }

    /**
     * Whether this partition shares at least one byte with {@code other}.
     *
     * @param other another partition
     * @return {@code true} on overlap
     */
    public boolean overlaps(Partition other) {
        return start < other.end() && other.start < end();
    }

    @Override
    public String toString() {
        return name + "[0x" + Long.toHexString(start) + "+0x" + Long.toHexString(size) + " "
                + attribute + "]";
    }
}
