package org.sofj.api.spi;

import java.util.List;
import java.util.function.Supplier;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;

/**
 * The simulated memory system: one 32-bit address space, its regions and heaps, memory domains,
 * thread modes and the checked accessor. The runtime is its only client.
 *
 * <p>Threads: a thread the memory system has not been told about runs in kernel mode. A thread
 * made by {@link #newUserThread} runs in user mode in a domain; {@link #moveThread} moves it to
 * another domain ({@code k_mem_domain_add_thread}).
 */
public interface MemorySystem extends AutoCloseable {

    /** {@return the layout and base addresses of the address space} */
    MemoryMap map();

    /**
     * The kernel's capability: every access is checked against the calling thread's mode and
     * current domain (a kernel thread may touch every mapped byte). Thread-safe; one instance
     * serves every thread. Never hand it, or a view made from it, to user-mode module code: use
     * {@link #accessFor}.
     *
     * @return the accessor
     */
    MemoryAccess access();

    /**
     * An instance's capability: the accessor to hand a user-mode instance (in its context, and
     * as the views and regions made from it). Its rights belong to it, not to the thread that uses
     * it: an access is allowed only if {@code domain} grants it with user rights (or it falls in
     * the calling user thread's own stack) <em>and</em> the calling thread may make it. So a copy
     * a module leaks to a kernel thread has user rights there, and a revocation from
     * {@code domain} is seen by every holder. Costs the same as {@link #access()} on a user
     * thread of {@code domain}; on any other thread each access takes the uncached path.
     *
     * @param domain a domain of this memory system
     * @return the domain's capability (the same object on every call)
     * @throws IllegalArgumentException if {@code domain} was not made by this memory system
     */
    MemoryAccess accessFor(MemoryDomain domain);

    /**
     * A named heap of the address space.
     *
     * @param region {@link HeapRegion#SYSTEM}, {@link HeapRegion#SHARED_BUFFER} or
     *               {@link HeapRegion#USER}
     * @return the heap
     */
    Heap heap(HeapRegion region);

    /**
     * Carves a page-aligned driver heap from the global user heap ({@code module_driver_heap_init}).
     * Its control struct lives in kernel-only memory; {@link DriverHeap#controlPartition()} is the
     * {@code P_RW_U_NA} partition a user domain gets for it.
     *
     * @param name  the module type's name
     * @param bytes the heap size, rounded up to whole pages
     * @return the driver heap, or {@code null} if the user heap has no room
     */
    DriverHeap newDriverHeap(String name, long bytes);

    /**
     * Creates an empty memory domain.
     *
     * @param name a name for faults and reports
     * @return the domain
     */
    MemoryDomain newDomain(String name);

    /**
     * Creates (does not start) a user-mode thread in {@code domain}, with a private stack region
     * it can always access.
     *
     * @param name       the thread's name
     * @param domain     its initial domain
     * @param stackBytes its stack size, rounded up to whole pages
     * @param body       what it runs
     * @return the unstarted thread
     * @throws IllegalStateException if this memory system is closed
     */
    Thread newUserThread(String name, MemoryDomain domain, long stackBytes, Runnable body);

    /**
     * {@code k_mem_domain_add_thread}: moves a user thread to {@code domain}; a no-op if it is
     * already there. Takes effect for the thread's next access.
     *
     * @param thread a thread made by {@link #newUserThread}
     * @param domain the new domain
     * @throws IllegalArgumentException if {@code thread} is not a user thread of this system
     */
    void moveThread(Thread thread, MemoryDomain domain);

    /**
     * A domain switch of the calling <em>kernel</em> thread: until {@link #leaveDomain} it runs in
     * user mode in {@code domain}, with exactly the rights a user thread of that domain has (the
     * kernel capability, {@link #access()}, gets the domain's user rights; {@link #syscall} gets
     * the kernel attributes of its partitions), and a fault is recorded against the domain. This
     * is how a tick thread runs a user-mode module inline, without a thread handoff: the thread's
     * kernel rights exist only outside the switched window. The kernel must not revoke rights of
     * {@code domain} for reuse while a thread is switched into it (the runtime revokes at tick
     * boundaries, when no tick runs). Hot path: no allocation after a thread's first switch, no
     * lock.
     *
     * @param domain a domain of this memory system
     * @throws IllegalStateException if the calling thread is a user thread or already switched
     * @throws IllegalArgumentException if {@code domain} is foreign
     */
    void enterDomain(MemoryDomain domain);

    /**
     * Ends the calling kernel thread's {@link #enterDomain}: it has kernel rights again. Hot path.
     * It orders as a full fence (a store before it is visible to other threads before a load
     * after it): the runtime's tick watchdog relies on that to tell whether a tick thread came
     * back from module code before it gave the thread up.
     *
     * @throws IllegalStateException if the calling thread is not switched
     */
    void leaveDomain();

    /**
     * Writes a user thread off (one the kernel gave up on: hung past its timeout, or abandoned):
     * it leaves its domain for an empty one of its own and loses every right, its stack included,
     * so each later access it makes faults; it counts no longer for {@link #awaitGrace}. It can
     * never be moved again. Idempotent.
     *
     * @param thread a thread made by {@link #newUserThread}
     * @throws IllegalArgumentException if {@code thread} is not a user thread of this system
     */
    void writeOff(Thread thread);

    /**
     * The grace period of a revocation. Call it after removing partitions from {@code domain}
     * (or emptying it) and before reusing their memory for anyone else (a hostbox or reply
     * buffer for the next call, a ring, a heap block): it waits until every thread of
     * {@code domain} holds no access checked under the old rights. A thread is past it once it
     * made an access after the removal (every access re-reads the domain generation, so a thread
     * spinning over a removed page faults at its next access), or is parked, waiting, blocked,
     * ended, or written off. The calling thread is never waited for.
     *
     * <p>On a non-empty result the kernel must {@link #writeOff} each thread returned (and fault
     * its instance) before it reuses the memory. Cold path: allocates, may park.
     *
     * @param domain       the domain that lost rights
     * @param timeoutNanos the longest wait, in nanoseconds of {@link System#nanoTime}
     * @return the threads still not past the revocation at the timeout; empty if the memory
     *     may be reused now
     * @throws IllegalArgumentException if {@code domain} is foreign or the timeout negative
     */
    List<Thread> awaitGrace(MemoryDomain domain, long timeoutNanos);

    /**
     * Called by a user thread at a call boundary, between two calls into module code: it holds no
     * access in flight, so it counts as past every later revocation for {@link #awaitGrace}
     * until its next access, which re-reads the domain (the thread's cached rights are dropped).
     * A shared worker that spins while it waits for the next request would otherwise look busy.
     * A no-op on a kernel thread. Costs the thread's next access one uncached check.
     */
    void quiesce();

    /**
     * Runs {@code call} as a syscall on behalf of the calling user thread: with kernel rights
     * limited to the thread's domain (kernel attributes of its partitions, including
     * {@code P_RW_U_NA}) plus globally mapped regions. From a kernel thread it simply runs.
     *
     * @param call the kernel code
     * @param <T>  its result type
     * @return its result
     */
    <T> T syscall(Supplier<T> call);

    /**
     * Maps a partition into every domain, as SOF's globally mapped regions (spec 3.6): kernel
     * text is always mapped; the shared buffer heap is mapped only under SOF-compatible sharing.
     *
     * @param partition the region and its rights
     * @return 0, or {@code -Errno.EINVAL} if it overlaps a global mapping
     */
    int mapGlobally(Partition partition);

    /**
     * Removes a global mapping by exact start and size.
     *
     * @param start the start
     * @param size  the size
     * @return 0, or {@code -Errno.ENOENT}
     */
    int unmapGlobally(long start, long size);

    /**
     * Tracked module memory for one instance ({@code mod_alloc} family and fast_get), allocating
     * from {@code heap}. For a user instance the calls run as syscalls of the calling thread, so
     * {@code domain} must hold the heap's partitions (a driver heap's memory and control struct).
     *
     * @param owner  a name for leak reports, e.g. the component id
     * @param heap   the heap the instance allocates from
     * @param domain the instance's domain, which fast_get grants large copies to; {@code null}
     *               for a kernel instance
     * @return the module memory
     */
    ModuleMemory newModuleMemory(String owner, Heap heap, MemoryDomain domain);

    /**
     * A check for the operations that only threads of {@code owner} (and the kernel's own) may
     * make: a user thread of another domain, or a kernel thread switched into another domain,
     * gets a {@link org.sofj.api.MemoryFault} recorded against its own domain, before anything
     * changes. The kernel sets it on the sinks and sources it binds to a user-mode instance
     * ({@link SinkEndpoint#callerCheck}). Hot path when set: allocates nothing.
     *
     * @param owner the domain whose threads may
     * @param what  what the check guards, for the fault (e.g. {@code "comp 0x10000 sink 0"})
     * @return the check; the default admits every thread
     */
    default Runnable callerCheck(MemoryDomain owner, String what) {
        return () -> { };
    }

    /**
     * Unmaps the address space, so every later access by any thread faults, and releases its
     * off-heap memory: at once if no user thread is running, else when the last one ends (a
     * thread the runtime gave up on must never read freed memory). Kernel threads must have
     * stopped accessing it. Idempotent.
     */
    @Override
    void close();
}
