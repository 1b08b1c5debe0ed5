package org.sofj.mmu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;

/**
 * A memory domain with Zephyr's rules ({@code kernel/mem_domain.c}). Changes are serialised;
 * readers on the access path see an immutable array, replaced on every change, and every change
 * bumps the MMU's generation so cached checks are redone.
 */
final class Domain implements MemoryDomain {
    private final String name;
    private final Mmu mmu;
    private volatile Partition[] partitions = new Partition[0];
    private final List<SimThread> threads = new ArrayList<>();
    /** Memory faults recorded against this domain, at detection; see {@link #faultCount}. */
    private final java.util.concurrent.atomic.AtomicLong faults =
            new java.util.concurrent.atomic.AtomicLong();

    /** This domain's capability: what an instance of the domain is handed. */
    private final CheckedAccess access;
    /**
     * The switch of the kernel thread that entered this domain last ({@link Mmu#enter}), or
     * {@code null}: a look-up cache, checked against the caller by its final owner, so a racy
     * read of another thread's entry only misses. A user LL instance's domain is entered by its
     * core's tick thread alone, so it is written once and read by every switch after.
     */
    Mmu.Switch switcher;

    Domain(String name, Mmu mmu, Backing backing) {
        this.name = Objects.requireNonNull(name, "name");
        this.mmu = mmu;
        this.access = new CheckedAccess(mmu, this, backing);
    }

    /** @return the capability bound to this domain: its user rights on any thread */
    CheckedAccess access() {
        return access;
    }

    /** @return whether this domain belongs to the memory system of {@code other} */
    boolean belongsTo(Mmu other) {
        return mmu == other;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized int addPartition(Partition partition) {
        Objects.requireNonNull(partition, "partition");
        if (!isValid(partition)) {
            return -Errno.EINVAL;
        }
        final Partition[] current = partitions;
        for (Partition p : current) {
            if (p.overlaps(partition)) {
                return -Errno.EINVAL;
            }
        }
        if (current.length >= MAX_PARTITIONS) {
            return -Errno.ENOSPC;
        }
        final Partition[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = partition;
        partitions = next;
        mmu.bumpGeneration();
        return 0;
    }

    /** Zephyr's {@code check_add_partition}: size 0, wrap-around, write-and-execute. */
    static boolean isValid(Partition partition) {
        return partition.size() != 0
                && partition.end() <= MemoryRegions.ADDRESS_SPACE_SIZE
                && !partition.attribute().isWriteAndExecute();
    }

    @Override
    public synchronized int removePartition(long start, long size) {
        final Partition[] current = partitions;
        for (int i = 0; i < current.length; i++) {
            if (current[i].start() == start && current[i].size() == size) {
                final Partition[] next = new Partition[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                partitions = next;
                mmu.bumpGeneration();
                return 0;
            }
        }
        return -Errno.ENOENT;
    }

    /** Whether the domain holds a partition with exactly this start and size. */
    boolean hasPartition(long start, long size) {
        for (Partition p : partitions) {
            if (p.start() == start && p.size() == size) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Partition> partitions() {
        return List.of(partitions);
    }

    /** The current partitions, for the access path; never modified. */
    Partition[] partitionArray() {
        return partitions;
    }

    synchronized void attach(SimThread thread) {
        threads.add(thread);
    }

    synchronized void detach(SimThread thread) {
        threads.remove(thread);
    }

    /** @return a snapshot of the threads in this domain */
    synchronized List<SimThread> threads() {
        return List.copyOf(threads);
    }

    /** @return the names of the threads in this domain */
    synchronized List<String> threadNames() {
        final List<String> names = new ArrayList<>();
        for (SimThread t : threads) {
            names.add(t.getName());
        }
        return names;
    }

    /** Counts one memory fault, where it is detected (cold: a fault is being thrown). */
    void recordFault() {
        faults.incrementAndGet();
    }

    @Override
    public long faultCount() {
        return faults.get();
    }

    @Override
    public String toString() {
        return "Domain[" + name + ", " + partitions.length + " partitions]";
    }
}
