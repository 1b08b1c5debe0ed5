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
    // The last two pages read and the last two written, checked before the TLB.
    final LastPages read = new LastPages();
    final LastPages write = new LastPages();

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
        tlbGeneration = generation;
    }

    /** Invalidates the TLB (a mode change): the next access takes the slow path. */
    void invalidateTlb() {
        tlbGeneration = -1;
    }
}
