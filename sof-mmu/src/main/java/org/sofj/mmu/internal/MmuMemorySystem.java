package org.sofj.mmu.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemoryMap;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.Preemption;

/**
 * The memory system: address space, heaps, domains, threads, fast_get. Kernel text is mapped
 * into every domain from the start (spec 3.6); the shared buffer heap is mapped globally only if
 * the runtime asks ({@link #mapGlobally}) for SOF-compatible sharing.
 */
final class MmuMemorySystem implements MemorySystem {
    private static final System.Logger LOG = System.getLogger("org.sofj.mmu");
    /** SOF's {@code FAST_GET_MAX_COPY_SIZE} with MM_DRV: half a page. */
    static final long FAST_GET_MAX_COPY = MemoryRegions.PAGE_SIZE / 2;

    private final MemoryMap map;
    private final Backing backing;
    private final Mmu mmu;
    private final CheckedAccess access;
    private final Map<HeapRegion, SimHeap> heaps = new EnumMap<>(HeapRegion.class);
    private final SimHeap stacks;
    private final FastGet fastGet;
    /**
     * The frames a syscall reserves before it changes anything: at least 48 KiB of stack once
     * compiled (32 B a frame), more interpreted; the deepest syscall (fast_get of a new large
     * copy) needs a few KiB. {@code StackDepthAttackTest} probes every depth.
     */
    static final int SYSCALL_STACK_FRAMES = 1536;
    /**
     * The Java heap a syscall holds in reserve for the thread that calls it, bytes: far more than
     * any step that completes a change allocates (a map node, a partition array, a hash table
     * grown once). {@code OomSyscallAttackTest}.
     */
    static final int SYSCALL_HEAP_RESERVE = 64 * 1024;

    MmuMemorySystem(MemoryLayout layout) {
        final List<Partition> regions = AddressMap.regions(layout);
        this.map = new MemoryMap(layout, regions);
        this.backing = new Backing(regions);
        this.mmu = new Mmu(backing);
        this.access = new CheckedAccess(mmu, null, backing);
        heaps.put(HeapRegion.SYSTEM, heapOf(AddressMap.SYSTEM_HEAP, "system"));
        heaps.put(HeapRegion.SHARED_BUFFER, heapOf(AddressMap.SHARED_BUFFER_HEAP, "shared"));
        heaps.put(HeapRegion.USER, heapOf(AddressMap.USER_HEAP, "user"));
        heaps.put(HeapRegion.LIBRARY, heapOf(AddressMap.LIBRARY, "library"));
        this.stacks = heapOf(AddressMap.STACKS, "stacks");
        this.fastGet = new FastGet(mmu, backing, true, true, FAST_GET_MAX_COPY,
                heaps.get(HeapRegion.SYSTEM));
        mmu.mapGlobally(map.region(AddressMap.KERNEL_TEXT));
    }

    private SimHeap heapOf(String region, String name) {
        final Partition r = map.region(region);
        return new SimHeap(name, r.start(), r.size(), backing);
    }

    Mmu mmu() {
        return mmu;
    }

    Backing backing() {
        return backing;
    }

    FastGet fastGet() {
        return fastGet;
    }

    @Override
    public MemoryMap map() {
        return map;
    }

    @Override
    public MemoryAccess access() {
        return access;
    }

    @Override
    public MemoryAccess accessFor(MemoryDomain domain) {
        return own(domain).access();
    }

    @Override
    public Heap heap(HeapRegion region) {
        return heaps.get(Objects.requireNonNull(region, "region"));
    }

    @Override
    public DriverHeap newDriverHeap(String name, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("driver heap=" + name + " bytes=" + bytes
                    + " must be positive");
        }
        final long size = MemoryRegions.alignUp(bytes, MemoryRegions.PAGE_SIZE);
        final SimHeap user = heaps.get(HeapRegion.USER);
        final SimHeap system = heaps.get(HeapRegion.SYSTEM);
        final long start = user.zalloc(size, MemoryRegions.PAGE_SIZE);
        if (start == MemoryRegions.NULL) {
            return null;
        }
        final long control = system.zalloc(MemoryRegions.PAGE_SIZE, MemoryRegions.PAGE_SIZE);
        if (control == MemoryRegions.NULL) {
            user.free(start);
            return null;
        }
        return new SimDriverHeap(name, start, size, control, user, system, backing);
    }

    @Override
    public MemoryDomain newDomain(String name) {
        return new Domain(name, mmu, backing);
    }

    @Override
    public Thread newUserThread(String name, MemoryDomain domain, long stackBytes, Runnable body) {
        final Domain d = own(domain);
        final long size = MemoryRegions.alignUp(Math.max(stackBytes, 1), MemoryRegions.PAGE_SIZE);
        backing.retainUser();
        final long stack = stacks.zalloc(size, MemoryRegions.PAGE_SIZE);
        if (stack == MemoryRegions.NULL) {
            backing.releaseUser();
            throw new IllegalStateException("thread=" + name + " stackBytes=" + stackBytes
                    + ": the stacks region has no room (" + stacks.stats() + ")");
        }
        final Runnable wrapped = () -> {
            try {
                body.run();
            } finally {
                final SimThread self = (SimThread) Thread.currentThread();
                self.domain.detach(self);
                stacks.free(stack);
                backing.releaseUser();
            }
        };
        final SimThread t = new SimThread(name, d, stack, stack + size, wrapped);
        d.attach(t);
        return t;
    }

    @Override
    public void moveThread(Thread thread, MemoryDomain domain) {
        final SimThread t = user(thread);
        final Domain target = own(domain);
        if (t.writtenOff) {
            throw new IllegalStateException("thread=" + t.getName()
                    + " is written off: it never joins a domain again");
        }
        final Domain current = t.domain;
        if (current == target) {
            return;
        }
        current.detach(t);
        target.attach(t);
        t.domain = target;
        mmu.bumpGeneration();
    }

    @Override
    public void writeOff(Thread thread) {
        final SimThread t = user(thread);
        if (t.writtenOff) {
            return;
        }
        final Domain dead = new Domain(t.getName() + " (written off)", mmu, backing);
        final Domain current = t.domain;
        current.detach(t);
        dead.attach(t);
        t.writtenOff = true;
        t.domain = dead;
        mmu.bumpGeneration();
    }

    @Override
    public void enterDomain(MemoryDomain domain) {
        mmu.enter(own(domain));
    }

    @Override
    public void leaveDomain() {
        mmu.leave();
    }

    @Override
    public void quiesce() {
        if (Thread.currentThread() instanceof SimThread) {
            final SimThread s = (SimThread) Thread.currentThread();
            s.invalidateTlb(); // the next access takes the slow path and adopts the generation
            s.synced = Long.MAX_VALUE;
        }
    }

    @Override
    public List<Thread> awaitGrace(MemoryDomain domain, long timeoutNanos) {
        final Domain d = own(domain);
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeoutNanos=" + timeoutNanos
                    + " must not be negative");
        }
        return Grace.await(mmu.generation(), d.threads(), timeoutNanos);
    }

    private static SimThread user(Thread thread) {
        if (!(thread instanceof SimThread)) {
            throw new IllegalArgumentException("thread=" + thread.getName()
                    + " is not a user thread of this memory system");
        }
        return (SimThread) thread;
    }

    private Domain own(MemoryDomain domain) {
        if (!(domain instanceof Domain) || !((Domain) domain).belongsTo(mmu)) {
            throw new IllegalArgumentException("domain=" + domain
                    + " was not created by this memory system");
        }
        return (Domain) domain;
    }

    @Override
    public <T> T syscall(Supplier<T> call) {
        final SimThread s = mmu.current(); // a user thread, or a kernel thread switched in
        if (s == null) {
            return call.get();
        }
        // a tick thread the runtime replaced, back from a call that did not return in time:
        // refused before anything changes (it no longer owns what it ran)
        Preemption.checkAbandoned();
        // The module chose how deep its stack is when it called: it may have recursed to the
        // edge on purpose, so that a StackOverflowError strikes inside the kernel's code (a
        // heap's tree half rebalanced, kernel memory allocated and never recorded). Touch the
        // stack the call may need first: if that overflows, nothing has changed yet.
        if (reserveStack(SYSCALL_STACK_FRAMES) != SYSCALL_STACK_FRAMES) {
            throw new IllegalStateException("stack reserve");
        }
        // Likewise it may have filled the Java heap, so that an OutOfMemoryError strikes between
        // two changes (a block taken from a heap and not yet recorded). The reserve is made
        // first (if that fails, nothing has changed); a syscall that is struck mid-change drops
        // it and completes the change in the room it leaves ({@link #spendReserve}).
        if (s.heapReserve == null) {
            s.heapReserve = new byte[SYSCALL_HEAP_RESERVE];
        }
        final int previous = s.mode;
        try {
            s.mode = SimThread.MODE_SYSCALL;
            s.tlbGeneration = -1; // field stores, not calls: no overflow between them
            return call.get();
        } finally {
            s.mode = previous;
            s.tlbGeneration = -1;
        }
    }

    /**
     * For a syscall struck by an {@link OutOfMemoryError} between two changes (a block taken and
     * not yet recorded, a partition granted and not yet counted): drops the calling thread's heap
     * reserve, so that the caller can run the step that completes the change again in the room
     * it leaves, and the kernel's books are never left half-changed by an error a module
     * arranged. Rethrows {@code e} when there is no reserve to drop (a kernel thread, or a
     * reserve already spent). The caller's step must be idempotent and change nothing when it
     * throws, and it must not allocate before it can run (no capturing lambda).
     *
     * @param mmu the MMU whose current thread holds the reserve
     * @param e   what struck the step
     */
    static void spendReserve(Mmu mmu, OutOfMemoryError e) {
        final SimThread s = mmu.current();
        if (s == null || s.heapReserve == null) {
            throw e;
        }
        s.heapReserve = null; // garbage now: the next collection gives its room back
    }

    /**
     * Recurses {@code frames} deep and back: afterwards the stack below the caller is known to
     * hold at least that many frames (each method entry probes the pages below it).
     *
     * @return {@code frames}
     */
    private static int reserveStack(int frames) {
        return frames <= 0 ? 0 : 1 + reserveStack(frames - 1);
    }

    @Override
    public int mapGlobally(Partition partition) {
        return mmu.mapGlobally(Objects.requireNonNull(partition, "partition"));
    }

    @Override
    public int unmapGlobally(long start, long size) {
        return mmu.unmapGlobally(start, size);
    }

    @Override
    public ModuleMemory newModuleMemory(String owner, Heap heap, MemoryDomain domain) {
        return new InstanceMemory(owner, this, heap, domain == null ? null : own(domain));
    }

    @Override
    public Runnable callerCheck(MemoryDomain owner, String what) {
        final Domain d = own(Objects.requireNonNull(owner, "owner"));
        Objects.requireNonNull(what, "what");
        return () -> mmu.checkCaller(d, what);
    }

    /**
     * Unmaps the whole address space, so every later access by any thread faults, and frees its
     * memory now, or when the last user thread still running ends (see {@link Backing}).
     */
    @Override
    public void close() {
        final int users = backing.close();
        mmu.bumpGeneration();
        if (users > 0) {
            LOG.log(System.Logger.Level.WARNING, "address space closed with {0} user thread(s) "
                    + "not yet ended; its {1} bytes are freed when the last one ends", users,
                    backing.buffer().capacity());
        }
    }
}
