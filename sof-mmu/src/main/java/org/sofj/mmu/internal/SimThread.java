package org.sofj.mmu.internal;

/**
 * A thread that runs module code in user mode: it carries its mode, its current domain, its stack
 * region and a small software TLB. Any other thread is a kernel thread. The owning thread alone
 * reads and writes the TLB and the mode; the domain is written by the kernel
 * ({@code k_mem_domain_add_thread}) and read by the thread.
 */
final class SimThread extends Thread {
    static final int MODE_USER = 0;
    static final int MODE_SYSCALL = 1;

    static final int TLB_ENTRIES = 64;

    volatile Domain domain;
    final long stackStart;
    final long stackEnd;
    int mode = MODE_USER;

    // Software TLB: page tag -> access mask and backing delta, valid while tlbGeneration equals
    // the MMU's generation. Any domain or global change, a move and a mode change invalidate it.
    final long[] tlbTag = new long[TLB_ENTRIES];
    final byte[] tlbMask = new byte[TLB_ENTRIES];
    final long[] tlbDelta = new long[TLB_ENTRIES];
    long tlbGeneration = -1;
    /**
     * The domain whose user rights the TLB holds: the thread's domain when it was filled in user
     * mode, {@code null} in a syscall. Accesses through that domain's capability (or the kernel
     * capability) share the TLB; any other capability takes the uncached path.
     */
    Domain tlbDomain;
    /**
     * The generation the thread last synchronized with (released when it adopts a new one): from
     * then on it holds no rights older than that generation; {@code Long.MAX_VALUE} between
     * calls ({@link MmuMemorySystem#quiesce}) until its next access. Read by the kernel's grace
     * period ({@link Grace}).
     */
    volatile long synced = -1;
    /** Set once by the kernel: the thread has no rights at all, its stack included. */
    volatile boolean writtenOff;
    // The last two pages read and the last two written, checked before the TLB.
    final LastPages read = new LastPages();
    final LastPages write = new LastPages();
    /**
     * The last multi-page range found executable, {@code [execFrom, execTo)}: every page of it
     * was checked against the TLB's rights (domain and generation), so it is as valid as the
     * TLB and cleared with it ({@link #flushTlb}). A user call checks its whole text for
     * EXECUTE before each call; without this each check walked the text's pages.
     */
    long execFrom;
    long execTo;
    /**
     * Java heap the thread's syscalls hold in reserve ({@link MmuMemorySystem#syscall}): made
     * before a syscall changes anything, dropped only when an {@link OutOfMemoryError} strikes
     * a syscall between two changes, so that the step that completes the change finds room.
     */
    byte[] heapReserve;

    SimThread(String name, Domain domain, long stackStart, long stackEnd, Runnable body) {
        super(body, name);
        this.domain = domain;
        this.stackStart = stackStart;
        this.stackEnd = stackEnd;
        setDaemon(true);
    }

    void flushTlb(long generation) {
        java.util.Arrays.fill(tlbTag, -1L);
        read.clear();
        write.clear();
        execFrom = 0;
        execTo = 0;
        tlbDomain = mode == MODE_USER ? domain : null;
        tlbGeneration = generation;
        synced = generation; // volatile: every access before it used older rights, none after
    }

    /** Invalidates the TLB (a mode change): the next access takes the slow path. */
    void invalidateTlb() {
        tlbGeneration = -1;
    }
}
