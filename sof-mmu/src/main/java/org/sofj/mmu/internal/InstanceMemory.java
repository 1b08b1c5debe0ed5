package org.sofj.mmu.internal;

import java.util.List;
import java.util.Objects;

import org.sofj.api.Errno;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.Heap;

/**
 * One instance's tracked memory (SOF's module resources): every {@code mod_alloc} and fast_get
 * reference is recorded, {@code mod_free_all} returns them all, and the leak report lists what is
 * still live. Each call runs as a syscall of the calling thread: for a driver heap it first
 * verifies, with the thread's syscall rights, write access to the heap's control struct and
 * memory (SOF's {@code z_vrfy_mod_alloc}), so it works from user code whose domain holds them while
 * a direct user access to the control struct faults.
 *
 * <p>The fast_get hit path ({@link #fastGet} of a copy this instance already holds, then
 * {@link #fastPut}) allocates nothing on a kernel thread: lookups go through the primitive-keyed {@link Books}
 * and the syscall wrapper, a plain call for a kernel thread, is skipped there.
 */
final class InstanceMemory implements ModuleMemory {
    private final String owner;
    private final MmuMemorySystem system;
    private final Heap heap;
    private final Domain domain;
    /**
     * Live allocations and further fast_get references, for lookups, reports and
     * {@link #freeAll}; changes to them never allocate (see {@link Books}). Guarded by itself.
     */
    private final Books live = new Books();

    InstanceMemory(String owner, MmuMemorySystem system, Heap heap, Domain domain) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.system = system;
        this.heap = Objects.requireNonNull(heap, "heap");
        this.domain = domain;
    }

    @Override
    public long alloc(long size) {
        return alignedAlloc(size, MemoryRegions.DCACHE_ALIGN);
    }

    @Override
    public long zalloc(long size) {
        return allocate(size, MemoryRegions.DCACHE_ALIGN, true);
    }

    @Override
    public long alignedAlloc(long size, long alignment) {
        if (alignment <= 0 || Long.bitCount(alignment) != 1
                || alignment > MemoryRegions.PAGE_SIZE) {
            throw new IllegalArgumentException("owner=" + owner + " alignment=" + alignment
                    + " must be a power of two up to " + MemoryRegions.PAGE_SIZE);
        }
        return allocate(size, alignment, false);
    }

    private long allocate(long size, long alignment, boolean zero) {
        checkCaller(heap.start());
        if (size <= 0) {
            return MemoryRegions.NULL;
        }
        return system.syscall(() -> {
            verifyHeap();
            synchronized (live) {
                live.ensureRoom(); // before the block is taken: an error here changes nothing
                final long a = zero ? heap.zalloc(size, alignment) : heap.alloc(size, alignment);
                if (a != MemoryRegions.NULL) {
                    live.put(record(a, size, Allocation.Kind.HEAP));
                }
                return a;
            }
        });
    }

    private void verifyHeap() {
        if (heap instanceof SimDriverHeap) {
            final SimDriverHeap dh = (SimDriverHeap) heap;
            system.mmu().check(null, dh.controlAddress(), 24, Mmu.WRITE);
            system.mmu().check(null, dh.start(), dh.size(), Mmu.WRITE);
        }
    }

    @Override
    public int free(long address) {
        final boolean kernel = checkCaller(address);
        if (address == MemoryRegions.NULL) {
            return 0;
        }
        // the books and the heap change inside one syscall: a module that overflows its stack
        // on purpose cannot strike between them (a block dropped from the books but never freed)
        return kernel ? drop(address) : system.syscall(() -> drop(address));
    }

    private int drop(long address) {
        final Allocation a;
        synchronized (live) {
            a = live.dropReference(address);
            if (a == null) {
                return -Errno.ENOENT;
            }
        }
        try {
            return release(a);
        } catch (OutOfMemoryError e) { // dropped from the books: the release must happen
            MmuMemorySystem.spendReserve(system.mmu(), e);
            return release(a);
        }
    }

    /**
     * Who may act on these books: the kernel (teardown, a kernel module's own calls) and the
     * threads of this instance's own domain (its DP thread, the worker moved into it, a tick
     * thread switched into it). A thread of any other domain holding this object (another
     * instance of the type, another type of the library through a static their classes share, a
     * user module holding a kernel module's memory) is refused before anything changes, with a
     * memory fault recorded against its own domain: the books are the kernel's record of this
     * instance alone, and it freed the owner's blocks, or took the kernel's heap, through them.
     * {@code ForeignBooksTest}. Cold path (a syscall's entry): no allocation unless refused. A
     * kernel caller then runs the call directly, as {@link MmuMemorySystem#syscall} would from a
     * kernel thread, without its capturing lambda and boxed result.
     *
     * @param address what the call names, for the fault
     * @return whether the kernel is the caller
     * @throws MemoryFault if a thread of another domain is
     */
    private boolean checkCaller(long address) {
        final SimThread s = system.mmu().current();
        if (s == null) {
            return true;
        }
        if (s.domain != domain) {
            s.domain.recordFault();
            throw new MemoryFault(s.getName(), s.domain.name() + " (syscall)", address, 0,
                    AccessKind.WRITE, "the module memory of " + owner + ", not its own");
        }
        return false;
    }

    /**
     * The record of a block or copy just taken, made again in the room of the thread's heap
     * reserve if an {@link OutOfMemoryError} strikes (the block is taken: it must be recorded).
     */
    private Allocation record(long address, long size, Allocation.Kind kind) {
        try {
            return new Allocation(address, size, kind);
        } catch (OutOfMemoryError e) {
            MmuMemorySystem.spendReserve(system.mmu(), e);
            return new Allocation(address, size, kind);
        }
    }

    private int release(Allocation a) {
        if (a.kind() == Allocation.Kind.FAST_GET) {
            system.fastGet().put(grantDomain(), a.address());
            return 0;
        }
        return heap.free(a.address());
    }

    /**
     * Frees every live allocation, newest first. One syscall for a user caller (a module may call
     * it), in which each allocation leaves the books together with its release ({@link #drop}):
     * a module that calls it at the edge of its stack once cleared the books first and then
     * overflowed in the first release, so its blocks and fast_get copies were never given back,
     * even by the kernel's own freeAll at teardown.
     */
    @Override
    public int freeAll() {
        return checkCaller(heap.start()) ? releaseAll() : system.syscall(this::releaseAll);
    }

    private int releaseAll() {
        final List<Allocation> all = books(); // made before anything changes
        for (int i = all.size() - 1; i >= 0; i--) {
            drop(all.get(i).address());
        }
        return all.size();
    }

    @Override
    public long fastGet(long dramAddress, long size) {
        return checkCaller(dramAddress) ? getShared(dramAddress, size)
                : system.syscall(() -> getShared(dramAddress, size));
    }

    private long getShared(long dramAddress, long size) {
        verifyHeap();
        synchronized (live) {
            live.ensureRoom(); // before the reference is taken: an error here changes nothing
            final long a = system.fastGet().get(heap, grantDomain(), dramAddress, size);
            if (a != MemoryRegions.NULL) {
                if (!live.addReference(a)) { // else a repeated get of a copy it holds
                    live.put(record(a, size, Allocation.Kind.FAST_GET));
                }
            }
            return a;
        }
    }

    @Override
    public int fastPut(long address) {
        checkCaller(address);
        synchronized (live) {
            final Allocation a = live.get(address);
            if (a == null || a.kind() != Allocation.Kind.FAST_GET) {
                return -Errno.ENOENT;
            }
        }
        return free(address);
    }

    /**
     * The domain large fast_get copies are granted to and revoked from: the instance's domain
     * when it is a user instance, whichever thread (the instance's own, or the kernel tearing it
     * down) makes the call; {@code null} for a kernel instance.
     */
    private Domain grantDomain() {
        return domain;
    }

    @Override
    public List<Allocation> liveAllocations() {
        checkCaller(heap.start());
        return books();
    }

    private List<Allocation> books() {
        synchronized (live) {
            return List.copyOf(live.inOrder());
        }
    }

    @Override
    public String toString() {
        return "ModuleMemory[" + owner + " heap=" + heap.name() + "]";
    }
}
