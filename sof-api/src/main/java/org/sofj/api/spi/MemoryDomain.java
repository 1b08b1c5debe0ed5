package org.sofj.api.spi;

import java.util.List;

/**
 * A memory domain, Zephyr's {@code k_mem_domain}: the set of partitions a user thread in it may
 * touch, with Zephyr's rules. Cold path: called by the kernel while building or changing a
 * domain, never from {@code process}.
 */
public interface MemoryDomain {

    /** The most partitions a domain holds, {@code CONFIG_MAX_DOMAIN_PARTITIONS} on PTL. */
    int MAX_PARTITIONS = 32;

    /** {@return the domain's name, as faults report it} */
    String name();

    /**
     * {@code k_mem_domain_add_partition}.
     *
     * @param partition the partition
     * @return 0; {@code -Errno.EINVAL} for size 0, a range past 4 GiB, an overlap with a
     *     partition of this domain, or a write-and-execute attribute; {@code -Errno.ENOSPC} when
     *     the domain already holds {@link #MAX_PARTITIONS}
     */
    int addPartition(Partition partition);

    /**
     * {@code k_mem_domain_remove_partition}: removes the partition with exactly this start and
     * size.
     *
     * @param start the partition's start
     * @param size  the partition's size
     * @return 0, or {@code -Errno.ENOENT} if no partition has exactly that start and size
     */
    int removePartition(long start, long size);

    /** {@return the partitions in the order they were added; an immutable snapshot} */
    List<Partition> partitions();

    /**
     * The memory faults recorded against this domain so far: one for each denied access made by
     * a user thread of this domain or through this domain's capability, counted where the fault
     * is detected, before it is thrown, so catching the {@code MemoryFault} does not hide it. The
     * kernel reads it before and after each call into an instance: a change means the instance
     * faulted. Cheap (one volatile read); any thread.
     *
     * @return the count, never decreasing
     */
    long faultCount();
}
