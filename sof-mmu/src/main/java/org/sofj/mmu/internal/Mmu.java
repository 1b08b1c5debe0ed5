package org.sofj.mmu.internal;

import java.util.Arrays;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.sofj.api.Errno;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.Partition;

/**
 * The access check. A kernel thread may touch every mapped byte. A user thread may touch what a
 * partition of its current domain, a global mapping or its own stack allows in its mode (user
 * rights in user mode; kernel rights of the same partitions during a syscall). The check runs on
 * every access, at the moment of the access.
 *
 * <p>Fast path: a per-thread, page-granular software TLB, flushed whenever any domain or global
 * mapping changes (one generation counter), when the thread moves, or when its mode changes. A
 * page is cached only when one partition covers all of it, so the TLB never grants more than the
 * partitions do. No allocation except the fault itself.
 */
final class Mmu {
    static final int READ = 1;
    static final int WRITE = 2;
    static final int EXECUTE = 4;
    private static final int PAGE_SHIFT = 12;

    private final Backing backing;
    private static final VarHandle GENERATION;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(Mmu.class, "generation", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Bumped (atomically, with volatile write semantics) by every domain or global-mapping change
     * and every thread move. The fast path reads it plainly, as a core consults its TLB: a thread
     * sees a revocation at its next synchronization point (a proxied call's handoff, a DP
     * wake-up, any volatile read or lock), which is when the kernel changes a running module's
     * domain; the slow path reads it with acquire semantics.
     */
    @SuppressWarnings("unused") // also written through GENERATION
    private long generation;
    private volatile Partition[] globals = new Partition[0];

    Mmu(Backing backing) {
        this.backing = backing;
    }

    void bumpGeneration() {
        GENERATION.getAndAdd(this, 1L);
    }

    static int bit(AccessKind kind) {
        return kind == AccessKind.READ ? READ : kind == AccessKind.WRITE ? WRITE : EXECUTE;
    }

    /**
     * Checks an access by the calling thread and returns the backing index. The fastest path (a
     * user thread reading inside one of the two pages it read last, or writing inside one of the
     * two it wrote last) is a subtraction and a range compare per page against fields of the
     * thread, which the JIT hoists out of a loop along with the plain generation read; next
     * comes the TLB (a tag compare and a mask test); everything else goes to
     * {@link #checkSlow}. An index returned
     * is always wholly inside the backing buffer (the TLB holds only wholly backed pages):
     * {@link CheckedAccess} reads it without a second bounds check.
     *
     * @throws MemoryFault if denied or unmapped
     */
    long check(long address, long length, int kindBit) {
        final Thread t = Thread.currentThread();
        if (t instanceof SimThread) {
            final SimThread s = (SimThread) t;
            if (s.tlbGeneration == generation && length > 0 // plain read: see its javadoc
                    && kindBit != EXECUTE) {
                final LastPages last = kindBit == READ ? s.read : s.write;
                long off = address - last.page0;
                if (off >= 0 && off <= last.span0 - length) {
                    return address + last.delta0;
                }
                off = address - last.page1;
                if (off >= 0 && off <= last.span1 - length) {
                    return address + last.delta1;
                }
            }
            return checkTlb(s, address, length, kindBit);
        }
        final long index = backing.index(address, length);
        if (index < 0) {
            throw fault(t, address, length, kindBit);
        }
        return index;
    }

    /**
     * Out of line, so a loop that stays on its last pages carries no stores the JIT must keep:
     * the TLB, which on a hit also makes the page one of the thread's last two for its kind.
     */
    private long checkTlb(SimThread s, long address, long length, int kindBit) {
        final long page = address >>> PAGE_SHIFT;
        if (s.tlbGeneration == generation && length > 0
                && (address + length - 1) >>> PAGE_SHIFT == page) {
            final int i = (int) page & (SimThread.TLB_ENTRIES - 1);
            if (s.tlbTag[i] == page && (s.tlbMask[i] & kindBit) != 0) {
                if (kindBit != EXECUTE) {
                    final LastPages last = kindBit == READ ? s.read : s.write;
                    last.remember(page << PAGE_SHIFT, s.tlbDelta[i]);
                }
                return address + s.tlbDelta[i];
            }
        }
        return checkSlow(s, address, length, kindBit);
    }

    private long checkSlow(SimThread s, long address, long length, int kindBit) {
        final long gen = (long) GENERATION.getAcquire(this);
        if (s.tlbGeneration != gen) {
            s.flushTlb(gen);
        }
        final Domain d = s.domain;
        final long index = backing.index(address, length);
        if (index < 0) {
            throw fault(s, address, length, kindBit);
        }
        final long first = address >>> PAGE_SHIFT;
        final long last = length <= 0 ? first : (address + length - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            final int i = (int) page & (SimThread.TLB_ENTRIES - 1);
            if (s.tlbTag[i] != page || (s.tlbMask[i] & kindBit) == 0) {
                checkPage(s, d, address, length, kindBit, page);
            }
        }
        return index;
    }

    /** Whether the calling thread may perform the access; never throws. */
    boolean allowed(long address, long length, int kindBit) {
        if (backing.index(address, length) < 0) {
            return false;
        }
        final Thread t = Thread.currentThread();
        if (!(t instanceof SimThread)) {
            return true;
        }
        final SimThread s = (SimThread) t;
        final long first = address >>> PAGE_SHIFT;
        final long last = length == 0 ? first : (address + length - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            final long from = Math.max(address, page << PAGE_SHIFT);
            final long to = Math.min(address + length, (page + 1) << PAGE_SHIFT);
            if ((rights(s, s.domain, from, to - from) & kindBit) == 0) {
                return false;
            }
        }
        return true;
    }

    private void checkPage(SimThread s, Domain d, long address, long length, int kindBit,
            long page) {
        final long pageStart = page << PAGE_SHIFT;
        final int pageRights = rights(s, d, pageStart, MemoryRegions.PAGE_SIZE);
        final long pageIndex = backing.index(pageStart, MemoryRegions.PAGE_SIZE);
        if ((pageRights & kindBit) != 0 && pageIndex >= 0) { // only wholly backed pages
            final int i = (int) page & (SimThread.TLB_ENTRIES - 1);
            s.tlbTag[i] = page;
            s.tlbMask[i] = (byte) pageRights;
            s.tlbDelta[i] = pageIndex - pageStart;
            return;
        }
        // The page as a whole is not granted; the accessed part of it may still be.
        final long from = Math.max(address, pageStart);
        final long to = Math.min(address + Math.max(length, 1), pageStart + MemoryRegions.PAGE_SIZE);
        if ((rights(s, d, from, to - from) & kindBit) == 0) {
            throw fault(s, address, length, kindBit);
        }
    }

    /** The rights some single partition grants over all of {@code [from, from + len)}. */
    private int rights(SimThread s, Domain d, long from, long len) {
        final boolean user = s.mode == SimThread.MODE_USER;
        int mask = 0;
        if (from >= s.stackStart && from + len <= s.stackEnd) {
            mask |= READ | WRITE;
        }
        for (Partition p : d.partitionArray()) {
            if (p.contains(from, len)) {
                mask |= rightsOf(p, user);
            }
        }
        for (Partition p : globals) {
            if (p.contains(from, len)) {
                mask |= rightsOf(p, user);
            }
        }
        return mask;
    }

    private static int rightsOf(Partition p, boolean user) {
        int mask = 0;
        if (p.attribute().allows(user, AccessKind.READ)) {
            mask |= READ;
        }
        if (p.attribute().allows(user, AccessKind.WRITE)) {
            mask |= WRITE;
        }
        if (p.attribute().allows(user, AccessKind.EXECUTE)) {
            mask |= EXECUTE;
        }
        return mask;
    }

    MemoryFault fault(Thread t, long address, long length, int kindBit) {
        final AccessKind kind = kindBit == READ ? AccessKind.READ
                : kindBit == WRITE ? AccessKind.WRITE : AccessKind.EXECUTE;
        String domainName = "kernel";
        String hit = "unmapped";
        if (t instanceof SimThread) {
            final SimThread s = (SimThread) t;
            domainName = s.domain.name() + (s.mode == SimThread.MODE_SYSCALL ? " (syscall)" : "");
            if (address >= s.stackStart && address < s.stackEnd) {
                hit = "stack:" + s.getName();
            }
            for (Partition p : s.domain.partitionArray()) {
                if (address >= p.start() && address < p.end()) {
                    hit = p.toString();
                }
            }
        }
        for (Partition p : globals) {
            if (address >= p.start() && address < p.end()) {
                hit = p + " (global)";
            }
        }
        return new MemoryFault(t.getName(), domainName, address, length, kind, hit);
    }

    synchronized int mapGlobally(Partition partition) {
        if (!Domain.isValid(partition)) {
            return -Errno.EINVAL;
        }
        for (Partition p : globals) {
            if (p.overlaps(partition)) {
                return -Errno.EINVAL;
            }
        }
        final Partition[] next = Arrays.copyOf(globals, globals.length + 1);
        next[globals.length] = partition;
        globals = next;
        bumpGeneration();
        return 0;
    }

    synchronized int unmapGlobally(long start, long size) {
        final Partition[] current = globals;
        for (int i = 0; i < current.length; i++) {
            if (current[i].start() == start && current[i].size() == size) {
                final Partition[] next = new Partition[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                globals = next;
                bumpGeneration();
                return 0;
            }
        }
        return -Errno.ENOENT;
    }
}
