package org.sofj.mmu.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.sofj.api.Errno;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Partition;

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
    private static final VarHandle SWITCHED;

    static {
        try {
            GENERATION = MethodHandles.lookup().findVarHandle(Mmu.class, "generation", long.class);
            SWITCHED = MethodHandles.lookup().findVarHandle(Mmu.class, "switched", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Bumped (atomically) by every domain or global-mapping change and every thread move. Every
     * access reads it, volatile: a plain read would let the JIT hoist it out of a loop, and a
     * thread spinning over a page would keep the rights it had before a revocation (issue 11
     * item 4). A volatile read is an ordinary load on x86 that the JIT may not hoist; per access
     * it measured about 1.8x cheaper than an opaque {@link VarHandle} read of the same field
     * (docs/BENCHMARKS.md). Acquire also means the partitions the slow path then reads are at
     * least as new as the generation it saw.
     */
    private volatile long generation;
    private volatile Partition[] globals = new Partition[0];
    /**
     * Kernel threads switched into a domain right now ({@link #enter}). While it is 0, which is
     * always the case unless a tick runs user code inline, a kernel thread's access costs one
     * more plain load; while it is not, a kernel thread looks its switch up in {@link #switches}.
     */
    private volatile int switched;
    /** One entry per kernel thread that ever switched; copy-on-write, grown on a first switch. */
    private volatile Switch[] switches = new Switch[0];

    /**
     * A kernel thread's domain switch: its user state while switched is a {@link SimThread} that
     * never runs (the <em>shadow</em>), so every check, TLB, syscall and fault path treats the
     * switched kernel thread exactly as a user thread of that domain. Only the owner touches
     * {@link #open} and the shadow's mode and TLB.
     */
    static final class Switch {
        /**
         * Shadows kept per switching thread, one per domain it switched into lately: a tick that
         * calls several user modules in turn finds each one's TLB as its last call left it.
         */
        static final int SHADOWS = 16;
        final Thread owner;
        /** The shadow of the open switch, or of the last one. */
        SimThread shadow;
        boolean open;
        private final SimThread[] shadows = new SimThread[SHADOWS];
        /** {@code keys[i]} is the domain {@code shadows[i]} was last switched into. */
        private final Domain[] keys = new Domain[SHADOWS];
        private int victim;
        /** The index of {@link #shadow} in {@link #shadows}. */
        private int current;

        Switch(Thread owner, Domain parking) {
            this.owner = owner;
            for (int i = 0; i < SHADOWS; i++) {
                shadows[i] = new SimThread(owner.getName(), parking, 0, 0, () -> { });
            }
            this.shadow = shadows[0];
        }

        /**
         * Makes the shadow that last switched into {@code d} current, or, if none did lately,
         * the one switched in least recently (round robin), its TLB invalidated. Owner only.
         */
        SimThread shadowFor(Domain d) {
            final Domain[] k = keys;
            if (k[current] == d) {
                return shadow; // the domain it switched into last: no scan
            }
            for (int i = 0; i < k.length; i++) {
                if (k[i] == d) {
                    current = i;
                    return shadow = shadows[i];
                }
            }
            final int i = victim;
            victim = (i + 1) % SHADOWS;
            k[i] = d;
            current = i;
            final SimThread s = shadows[i];
            s.invalidateTlb(); // it held another domain's rights
            return shadow = s;
        }
    }

    Mmu(Backing backing) {
        this.backing = backing;
    }

    void bumpGeneration() {
        GENERATION.getAndAdd(this, 1L);
    }

    /** @return the generation now (a volatile read) */
    long generation() {
        return generation;
    }

    static int bit(AccessKind kind) {
        return kind == AccessKind.READ ? READ : kind == AccessKind.WRITE ? WRITE : EXECUTE;
    }

    /**
     * Checks an access made through capability {@code cap} by the calling thread and returns the
     * backing index. The access is allowed only if both allow it: the capability (a domain's user
     * rights, plus the calling user thread's own stack; {@code null} is the kernel capability,
     * which allows everything) and the thread (a kernel thread allows everything; a user thread
     * what its domain allows in its mode). So an instance's capability used on a kernel thread
     * has that instance's user rights, and the kernel capability used on a user thread has that
     * thread's rights.
     *
     * <p>The fastest path (a user thread reading inside one of the two pages it read last, or
     * writing inside one of the two it wrote last, through the kernel capability or the
     * capability of the domain it runs in) is a volatile generation read, then a subtraction and
     * a range compare per page against fields of the thread;
     * next comes the TLB (a tag compare and a mask test); everything else goes to
     * {@link #checkSlow}, or to {@link #checkForeign} for a capability that is not the thread's
     * own. An index returned is always wholly inside the backing buffer (the TLB holds only
     * wholly backed pages): {@link CheckedAccess} reads it without a second bounds check.
     *
     * @throws MemoryFault if denied or unmapped
     */
    long check(Domain cap, long address, long length, int kindBit) {
        final Thread t = Thread.currentThread();
        final SimThread s = t instanceof SimThread ? (SimThread) t
                : switched == 0 ? null : shadowOf(t, cap);
        if (s != null) {
            if (s.tlbGeneration == generation // volatile: see its javadoc
                    && (cap == null || cap == s.tlbDomain) && length > 0
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
            return checkTlb(s, cap, address, length, kindBit);
        }
        final long index = backing.index(address, length);
        if (index < 0 || cap != null && !capabilityAllows(cap, null, address, length, kindBit)) {
            throw fault(cap, t, address, length, kindBit);
        }
        return index;
    }

    /**
     * Out of line, so a loop that stays on its last pages carries no stores the JIT must keep:
     * the TLB, which on a hit also makes the page one of the thread's last two for its kind.
     */
    private long checkTlb(SimThread s, Domain cap, long address, long length, int kindBit) {
        if (kindBit == EXECUTE) {
            return checkExecute(s, cap, address, length);
        }
        final long page = address >>> PAGE_SHIFT;
        if (s.tlbGeneration == generation
                && (cap == null || cap == s.tlbDomain) && length > 0
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
        return checkSlow(s, cap, address, length, kindBit);
    }

    /**
     * An EXECUTE check (a user call's whole text, before each call): inside the last range found
     * executable, at the generation and with the capability the TLB holds, it needs no page walk
     * and no flush test ({@link SimThread#execFrom}: the range is as valid as the TLB, and
     * cleared with it).
     */
    private long checkExecute(SimThread s, Domain cap, long address, long length) {
        if (s.tlbGeneration == generation && (cap == null || cap == s.tlbDomain) && length > 0
                && address >= s.execFrom
                && address - s.execFrom <= s.execTo - s.execFrom - length) {
            final long index = backing.index(address, length);
            if (index >= 0) {
                return index;
            }
        }
        return checkSlow(s, cap, address, length, EXECUTE);
    }

    private long checkSlow(SimThread s, Domain cap, long address, long length, int kindBit) {
        final long gen = generation;
        if (s.tlbGeneration != gen) {
            s.flushTlb(gen);
        }
        if (cap != null && cap != s.tlbDomain) {
            return checkForeign(s, cap, address, length, kindBit);
        }
        final Domain d = s.domain;
        final long index = backing.index(address, length);
        if (index < 0) {
            throw fault(cap, s, address, length, kindBit);
        }
        final boolean execute = kindBit == EXECUTE && length > 0;
        if (execute && address >= s.execFrom && address - s.execFrom <= s.execTo - s.execFrom
                - length) {
            return index; // within the last range found executable, same rights (see execFrom)
        }
        final long first = address >>> PAGE_SHIFT;
        final long last = length <= 0 ? first : (address + length - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            final int i = (int) page & (SimThread.TLB_ENTRIES - 1);
            if (s.tlbTag[i] != page || (s.tlbMask[i] & kindBit) == 0) {
                checkPage(s, d, cap, address, length, kindBit, page);
            }
        }
        if (execute) {
            s.execFrom = address;
            s.execTo = address + length;
        }
        return index;
    }

    /**
     * A capability other than the thread's own (another domain's, or any user capability during
     * a syscall): both must allow the access; nothing is cached.
     */
    private long checkForeign(SimThread s, Domain cap, long address, long length, int kindBit) {
        final long index = backing.index(address, length);
        if (index < 0 || !capabilityAllows(cap, s, address, length, kindBit)
                || !threadAllows(s, address, length, kindBit)) {
            throw fault(cap, s, address, length, kindBit);
        }
        return index;
    }

    /**
     * @return the calling thread's user state: the thread itself if it is a user thread, its
     *     shadow if it is a kernel thread switched into a domain, else {@code null} (kernel)
     */
    SimThread current() {
        final Thread t = Thread.currentThread();
        return t instanceof SimThread ? (SimThread) t : switched == 0 ? null : shadowOf(t);
    }

    /**
     * Refuses the calling thread unless it is the kernel's (not switched) or runs in
     * {@code owner}: a user thread of another domain, or a kernel thread switched into one, gets
     * a fault recorded against its own domain and a {@link MemoryFault}. The check of a view
     * handed on by its module ({@code MemorySystem.callerCheck}). Hot path when admitted: no
     * allocation; a switched thread in {@code owner} is found through its switch, no scan.
     */
    void checkCaller(Domain owner, String what) {
        final Thread t = Thread.currentThread();
        final SimThread s = t instanceof SimThread ? (SimThread) t
                : switched == 0 ? null : shadowOf(t, owner);
        if (s != null && s.domain != owner) {
            final Domain d = s.domain;
            d.recordFault();
            throw new MemoryFault(s.getName(), d.name(), 0, 0, AccessKind.WRITE,
                    what + " of " + owner.name() + ", not its own");
        }
    }

    /**
     * A switched kernel thread's shadow; {@code cap}, the capability of the access, is usually
     * the domain the thread switched into, whose {@link Domain#switcher} then names its switch
     * without a scan.
     */
    private SimThread shadowOf(Thread t, Domain cap) {
        if (cap != null) {
            final Switch w = cap.switcher;
            if (w != null && w.owner == t) {
                return w.open ? w.shadow : null;
            }
        }
        return shadowOf(t);
    }

    private SimThread shadowOf(Thread t) {
        for (Switch w : switches) {
            if (w.owner == t) {
                return w.open ? w.shadow : null;
            }
        }
        return null;
    }

    /**
     * Switches the calling kernel thread into {@code d} in user mode, as a move of a user thread
     * would ({@code k_mem_domain_add_thread}), until {@link #leave}. No allocation after the
     * thread's first switch.
     *
     * @throws IllegalStateException from a user thread, or if the thread is switched already
     */
    void enter(Domain d) {
        final Thread t = Thread.currentThread();
        if (t instanceof SimThread) {
            throw new IllegalStateException("thread=" + t.getName() + " is a user thread: it "
                    + "is moved between domains, not switched");
        }
        Switch w = d.switcher;
        if (w == null || w.owner != t) {
            w = switchOf(t);
            d.switcher = w;
        }
        if (w.open) {
            throw new IllegalStateException("thread=" + t.getName() + " is already switched "
                    + "into domain=" + w.shadow.domain.name());
        }
        final SimThread s = w.shadowFor(d);
        if (s.domain != d || s.mode != SimThread.MODE_USER || s.tlbDomain != d) {
            s.domain = d;
            s.mode = SimThread.MODE_USER;
            s.invalidateTlb(); // its next access adopts d's rights at the current generation
        }
        // else this shadow last switched into d: its TLB holds d's user rights as of
        // tlbGeneration, which every access compares with the generation, so a change to any
        // domain since then still flushes it before its next access
        w.open = true;
        SWITCHED.getAndAdd(this, 1);
    }

    /**
     * Ends the calling kernel thread's switch: it has kernel rights again.
     *
     * @throws IllegalStateException if the thread is not switched
     */
    void leave() {
        final Thread t = Thread.currentThread();
        for (Switch w : switches) {
            if (w.owner == t && w.open) {
                w.open = false; // the shadow is not looked at while closed: its TLB may stay
                // an atomic update: also the full fence MemorySystem.leaveDomain promises
                SWITCHED.getAndAdd(this, -1);
                return;
            }
        }
        throw new IllegalStateException("thread=" + t.getName() + " is not switched into a "
                + "domain");
    }

    private Switch switchOf(Thread t) {
        for (Switch w : switches) {
            if (w.owner == t) {
                return w;
            }
        }
        return addSwitch(t);
    }

    /** Cold: a thread's first switch. Entries of ended threads are dropped. */
    private synchronized Switch addSwitch(Thread t) {
        final java.util.List<Switch> next = new java.util.ArrayList<>();
        for (Switch w : switches) {
            if (w.owner.isAlive() || w.open) {
                next.add(w);
            }
        }
        final Switch w = new Switch(t, new Domain("unswitched", this, backing));
        next.add(w);
        switches = next.toArray(new Switch[0]);
        return w;
    }

    /** Whether the calling thread may perform the access through {@code cap}; never throws. */
    boolean allowed(Domain cap, long address, long length, int kindBit) {
        if (backing.index(address, length) < 0) {
            return false;
        }
        final SimThread s = current();
        return (cap == null || capabilityAllows(cap, s, address, length, kindBit))
                && (s == null || threadAllows(s, address, length, kindBit));
    }

    private boolean threadAllows(SimThread s, long address, long length, int kindBit) {
        return allows(s, s.domain, s.mode == SimThread.MODE_USER, address, length, kindBit);
    }

    /** A capability grants its domain's user rights, and a user thread's own stack. */
    private boolean capabilityAllows(Domain cap, SimThread s, long address, long length,
            int kindBit) {
        return allows(s, cap, true, address, length, kindBit);
    }

    private boolean allows(SimThread s, Domain d, boolean user, long address, long length,
            int kindBit) {
        final long first = address >>> PAGE_SHIFT;
        final long last = length <= 0 ? first : (address + length - 1) >>> PAGE_SHIFT;
        for (long page = first; page <= last; page++) {
            final long from = Math.max(address, page << PAGE_SHIFT);
            final long to = Math.min(address + Math.max(length, 1), (page + 1) << PAGE_SHIFT);
            if ((rights(s, d, user, from, to - from) & kindBit) == 0) {
                return false;
            }
        }
        return true;
    }

    private void checkPage(SimThread s, Domain d, Domain cap, long address, long length,
            int kindBit, long page) {
        final long pageStart = page << PAGE_SHIFT;
        final boolean user = s.mode == SimThread.MODE_USER;
        final int pageRights = rights(s, d, user, pageStart, MemoryRegions.PAGE_SIZE);
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
        if ((rights(s, d, user, from, to - from) & kindBit) == 0) {
            throw fault(cap, s, address, length, kindBit);
        }
    }

    /**
     * The rights some single partition of {@code d} or a global mapping grants over all of
     * {@code [from, from + len)}, with user or kernel attributes, plus read-write over the
     * thread's own stack ({@code s} may be {@code null}: a kernel thread has none). A written-off
     * thread has no rights at all.
     */
    private int rights(SimThread s, Domain d, boolean user, long from, long len) {
        if (s != null && s.writtenOff) {
            return 0;
        }
        int mask = 0;
        if (s != null && from >= s.stackStart && from + len <= s.stackEnd) {
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

    /**
     * Makes the fault for a denied access and records it, at detection, against the domain of the
     * capability used and the domain of the user thread that made it (one count each, once if
     * they are the same), so a module that catches its {@link MemoryFault} still shows as having
     * faulted ({@link Domain#faultCount}).
     */
    MemoryFault fault(Domain cap, Thread t, long address, long length, int kindBit) {
        final AccessKind kind = kindBit == READ ? AccessKind.READ
                : kindBit == WRITE ? AccessKind.WRITE : AccessKind.EXECUTE;
        String domainName = cap == null ? "kernel" : cap.name();
        String hit = "unmapped";
        if (cap != null) {
            cap.recordFault();
            hit = partitionAt(cap, address, hit);
        }
        if (t instanceof SimThread) {
            final SimThread s = (SimThread) t;
            final Domain d = s.domain;
            if (d != cap) {
                d.recordFault();
            }
            domainName = (cap == null || cap == d ? d.name() : cap.name() + " used by "
                    + d.name()) + (s.writtenOff ? " (written off)" : "")
                    + (s.mode == SimThread.MODE_SYSCALL ? " (syscall)" : "");
            if (address >= s.stackStart && address < s.stackEnd) {
                hit = "stack:" + s.getName();
            }
            hit = partitionAt(d, address, hit);
        } else if (cap != null) {
            domainName = cap.name() + " used by a kernel thread";
        }
        for (Partition p : globals) {
            if (address >= p.start() && address < p.end()) {
                hit = p + " (global)";
            }
        }
        return new MemoryFault(t.getName(), domainName, address, length, kind, hit);
    }

    private static String partitionAt(Domain d, long address, String otherwise) {
        String hit = otherwise;
        for (Partition p : d.partitionArray()) {
            if (address >= p.start() && address < p.end()) {
                hit = p.toString();
            }
        }
        return hit;
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
