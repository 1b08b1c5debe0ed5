package org.sofj.api.spi;

import java.util.function.Supplier;

import org.sofj.api.memory.Heap;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryDomain;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.memory.Partition;

/**
 * The simulated memory system: one 32-bit address space, its regions and heaps, memory domains,
 * thread modes and the checked accessor. The runtime is its only client.
 *
 * <p>Threads: a thread the memory system has not been told about runs in kernel mode. A thread
 * made by {@link #newUserThread} runs in user mode in a domain; {@link #moveThread} moves it to
 * another domain ({@code k_mem_domain_add_thread}).
 */
public interface MemorySystem extends AutoCloseable {

    /** @return the layout and base addresses of the address space */
    MemoryMap map();

    /**
     * The checked accessor: every access is checked against the calling thread's mode and
     * current domain. Thread-safe; one instance serves every thread.
     *
     * @return the accessor
     */
    MemoryAccess access();

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
     * Unmaps the address space, so every later access by any thread faults, and releases its
     * off-heap memory: at once if no user thread is running, else when the last one ends (a
     * thread the runtime gave up on must never read freed memory). Kernel threads must have
     * stopped accessing it. Idempotent.
     */
    @Override
    void close();
}
