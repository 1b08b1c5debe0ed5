package org.sofj.mmu.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * SOF's {@code fast_get}/{@code fast_put} ({@code zephyr/lib/fast-get.c}, spec 5): refcounted
 * copies of read-only data, one registry per memory system. With {@code U} = user space,
 * {@code DH} = driver heaps and {@code LARGE = size > maxCopy}:
 * <ul>
 *   <li>a large copy under U is page-aligned and page-sized, and each user domain that gets it
 *       receives a {@code P_RO_U_RO} partition;</li>
 *   <li>the sharing key is the source address when {@code LARGE || !U || DH}; otherwise small
 *       copies are private per call;</li>
 *   <li>a hit with another size returns NULL and changes nothing.</li>
 * </ul>
 * A large copy under U comes from {@code largeHeap} (kernel-only memory, SOF's path when no
 * heap is given), not from the caller's driver heap: a copy inside the driver heap would overlap
 * the heap's own partition in the caller's domain, so Zephyr would refuse the read-only grant, and
 * another type's domain must not see the driver heap at all.
 * Small copies under U with driver heaps are shared by source address <em>within the caller's
 * heap</em> only: SOF shares them by address alone, so a copy lives in the first caller's driver
 * heap and a later caller of another type (or the kernel) would get a pointer into that heap,
 * which its owner can write and the other domain cannot read (spec 5, "different module types
 * must therefore never fast_get the same dram_ptr"; a globally mapped region makes it possible).
 * Two of SOF's quirks are fixed (spec 11 items 9-11): a domain's partition is removed with that
 * domain's last reference (not on every put, and also when the putter is the kernel acting for
 * the domain), and a released slot is reused by any later get.
 *
 * <p>Thread-safe (one lock, SOF's spinlock). Cold path except the hit, which allocates nothing
 * once the domain's count exists.
 */
final class FastGet {
    private final Mmu mmu;
    private final Backing backing;
    private final boolean userspace;
    private final boolean driverHeap;
    private final long maxCopy;
    private final Heap largeHeap;
    private final List<Entry> entries = new ArrayList<>();

    /** One slot; free when {@code sram == 0}. */
    static final class Entry {
        long dram;
        long sram;
        long size;
        int refcount;
        Heap heap;
        /** The user caller's heap a large copy in kernel memory is charged to, or null. */
        Heap chargedTo;
        final Map<Domain, Integer> domainRefs = new HashMap<>();
    }

    /** Kernel memory held by large copies made for user callers, by the caller's heap. */
    private final Map<Heap, Long> userLarge = new HashMap<>();
    private long userLargeTotal;

    FastGet(Mmu mmu, Backing backing, boolean userspace, boolean driverHeap, long maxCopy,
            Heap largeHeap) {
        this.mmu = mmu;
        this.largeHeap = largeHeap;
        this.backing = backing;
        this.userspace = userspace;
        this.driverHeap = driverHeap;
        this.maxCopy = maxCopy;
    }

    /**
     * {@code fast_get}.
     *
     * @param heap   the caller's heap ({@code alloc->heap})
     * @param domain the caller's domain: its user rights must allow reading the source, and a
     *               large copy is granted to it; {@code null} for a kernel caller
     * @param dram   the source address
     * @param size   the size
     * @return the copy, or NULL
     */
    synchronized long get(Heap heap, Domain domain, long dram, long size) {
        if (size <= 0) {
            return MemoryRegions.NULL;
        }
        // The syscall's verification of the caller's read access, on every call, hit or miss: a
        // shared copy must never reach a caller that may not read its source. The caller is the
        // instance (its capability's user rights), whichever thread makes the call.
        mmu.check(domain, dram, size, Mmu.READ);
        final boolean large = size > maxCopy;
        final long key = large || !userspace || driverHeap ? dram : MemoryRegions.NULL;
        // a small user-space copy lives in the caller's heap: it is shared only with callers of
        // that heap (one module type, one trust unit), never handed to another type or the kernel
        Entry entry = find(key, userspace && !large ? heap : null);
        if (entry != null && entry.sram != MemoryRegions.NULL) {
            if (entry.size != size || entry.dram != dram) {
                return MemoryRegions.NULL;
            }
            if (grants(large, domain) && !grant(entry, domain)) {
                return MemoryRegions.NULL;
            }
            entry.refcount++;
            return entry.sram;
        }
        final boolean paged = userspace && large;
        final boolean charged = paged && domain != null;
        if (charged && !withinBudget(heap, pageSize(size))) {
            return MemoryRegions.NULL;
        }
        // Everything the books need is made before the copy is taken (a module may have filled
        // the Java heap, so that an OutOfMemoryError strikes here): the slot, the charge's node
        // and boxed total; what still allocates afterwards is retried once the syscall's heap
        // reserve is dropped (MmuMemorySystem.spendReserve).
        if (entry == null) {
            entry = freeSlot();
        }
        final Long charge;
        if (charged) {
            userLarge.putIfAbsent(heap, 0L);
            charge = userLarge.get(heap) + pageSize(size);
        } else {
            charge = null;
        }
        final Heap from = paged ? largeHeap : heap;
        final long copy = from.alloc(paged ? pageSize(size) : size,
                paged ? MemoryRegions.PAGE_SIZE : MemoryRegions.DCACHE_ALIGN);
        if (copy == MemoryRegions.NULL) {
            return MemoryRegions.NULL;
        }
        backing.buffer().putBytes((int) backing.index(copy, size), backing.buffer(),
                (int) backing.index(dram, size), (int) size);
        if (paged && pageSize(size) > size) {
            // the grant is whole pages: the rest of the last one must show nothing the kernel
            // heap held there before (another type's copy of a source this caller may not
            // read, a kernel module's data). FastGetTest
            // .shouldGrantALargeCopyWithNothingOfTheKernelHeapPastItsEnd
            final long tail = pageSize(size) - size;
            backing.buffer().setMemory((int) backing.index(copy + size, tail), (int) tail,
                    (byte) 0);
        }
        entry.dram = dram;
        entry.sram = copy;
        entry.size = size;
        entry.heap = from;
        entry.refcount = 0;
        boolean granted;
        try {
            granted = !grants(large, domain) || grant(entry, domain);
        } catch (OutOfMemoryError e) {
            MmuMemorySystem.spendReserve(mmu, e);
            granted = !grants(large, domain) || grant(entry, domain);
        }
        if (!granted) {
            entry.sram = MemoryRegions.NULL;
            free(from, copy);
            return MemoryRegions.NULL;
        }
        entry.refcount = 1;
        if (charged) {
            entry.chargedTo = heap;
            userLarge.put(heap, charge); // an existing key: no allocation
            userLargeTotal += pageSize(size);
        }
        return copy;
    }

    /** Frees a block, again once the syscall's heap reserve is dropped if the heap is full. */
    private void free(Heap from, long block) {
        try {
            from.free(block);
        } catch (OutOfMemoryError e) {
            MmuMemorySystem.spendReserve(mmu, e);
            from.free(block);
        }
    }

    /**
     * Whether a user caller of {@code heap} may make a new large copy of {@code bytes}: large
     * copies come from kernel memory (SOF takes them from the caller's driver heap, which bounds
     * them), so the kernel bounds them itself. One module type (one driver heap) may hold the
     * larger of its heap's size and an eighth of the kernel heap; all user types together half
     * of it. Without a bound, fast_get of distinct sources exhausted the kernel heap.
     */
    private boolean withinBudget(Heap heap, long bytes) {
        final long kernel = largeHeap.stats().size();
        final long perType = Math.max(heap.stats().size(), kernel / 8);
        return userLarge.getOrDefault(heap, 0L) + bytes <= perType
                && userLargeTotal + bytes <= kernel / 2;
    }

    /**
     * {@code fast_put}: drops one reference. Unknown addresses are a no-op, as in SOF.
     *
     * @param domain the domain the reference was granted to, or {@code null}
     * @param sram   the copy's address
     * @return whether a reference was dropped
     */
    synchronized boolean put(Domain domain, long sram) {
        final Entry entry = findBySram(sram);
        if (entry == null) {
            return false;
        }
        // boxed before anything changes; the steps that may still allocate (the partition's
        // removal, the heap's free) come first and are retried once the syscall's heap reserve
        // is dropped, and the domain's partition goes before its memory is given back
        final Integer refs = domain == null ? null : entry.domainRefs.get(domain);
        final Integer left = refs == null ? null : refs - 1;
        final boolean last = entry.refcount == 1;
        final Long charge = last && entry.chargedTo != null
                ? userLarge.get(entry.chargedTo) - pageSize(entry.size) : null;
        if (left != null && left == 0) {
            try {
                domain.removePartition(entry.sram, pageSize(entry.size));
            } catch (OutOfMemoryError e) {
                MmuMemorySystem.spendReserve(mmu, e);
                domain.removePartition(entry.sram, pageSize(entry.size));
            }
            entry.domainRefs.remove(domain);
        } else if (left != null) {
            entry.domainRefs.put(domain, left); // an existing key: no allocation
        }
        if (last) {
            free(entry.heap, entry.sram);
        }
        entry.refcount--;
        if (entry.refcount == 0) {
            if (entry.chargedTo != null) {
                userLarge.put(entry.chargedTo, charge);
                userLargeTotal -= pageSize(entry.size);
                entry.chargedTo = null;
            }
            entry.dram = MemoryRegions.NULL;
            entry.sram = MemoryRegions.NULL;
            entry.size = 0;
            entry.heap = null;
            entry.domainRefs.clear();
        }
        return true;
    }

    private boolean grants(boolean large, Domain domain) {
        return userspace && large && domain != null;
    }

    private boolean grant(Entry entry, Domain domain) {
        final Integer refs = entry.domainRefs.get(domain);
        if (refs != null) {
            entry.domainRefs.put(domain, refs + 1); // "repeated access request": no new partition
            return true;
        }
        final Partition p = new Partition("fast_get:0x" + Long.toHexString(entry.dram),
                entry.sram, pageSize(entry.size), PartitionAttribute.P_RO_U_RO);
        if (domain.addPartition(p) != 0) { // changes nothing if it throws
            return false;
        }
        try {
            entry.domainRefs.put(domain, 1);
        } catch (OutOfMemoryError e) { // the partition is granted: count it
            MmuMemorySystem.spendReserve(mmu, e);
            entry.domainRefs.put(domain, 1);
        }
        return true;
    }

    private static long pageSize(long size) {
        return MemoryRegions.alignUp(size, MemoryRegions.PAGE_SIZE);
    }

    /**
     * @param key  the sharing key (a source address), or NULL for a free slot
     * @param heap the heap a shared copy must live in, or {@code null} for any
     */
    private Entry find(long key, Heap heap) {
        for (int i = 0; i < entries.size(); i++) { // indexed: no iterator on the hit path
            final Entry e = entries.get(i);
            if (key == MemoryRegions.NULL ? e.sram == MemoryRegions.NULL
                    : e.sram != MemoryRegions.NULL && e.dram == key
                    && (heap == null || e.heap == heap)) {
                return e;
            }
        }
        return null;
    }

    private Entry findBySram(long sram) {
        if (sram == MemoryRegions.NULL) {
            return null;
        }
        for (int i = 0; i < entries.size(); i++) {
            final Entry e = entries.get(i);
            if (e.sram == sram) {
                return e;
            }
        }
        return null;
    }

    private Entry freeSlot() {
        for (Entry e : entries) {
            if (e.sram == MemoryRegions.NULL) {
                return e;
            }
        }
        final Entry e = new Entry();
        entries.add(e);
        return e;
    }

    /** @return slots in use */
    synchronized int liveEntries() {
        int n = 0;
        for (Entry e : entries) {
            if (e.sram != MemoryRegions.NULL) {
                n++;
            }
        }
        return n;
    }

    /** @return slots ever created (used or free) */
    synchronized int slots() {
        return entries.size();
    }

    /** @return the reference count of the copy at {@code sram}, or 0 */
    synchronized int refcount(long sram) {
        final Entry e = findBySram(sram);
        return e == null ? 0 : e.refcount;
    }
}
