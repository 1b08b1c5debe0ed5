package org.sofj.runtime.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Threads' CPU time in nanoseconds, the wall clock's judge of a module's own processing time:
 * time the host takes (other processes, a GC pause, hypervisor steal) is not in it, where it is
 * in the real time around a call. The tick watchdog reads the tick thread's; a user LL call's
 * overrun is judged by the tick thread's own ({@link PipelineTask}).
 *
 * <p>Threads: any. {@link #current()} does not allocate (HotSpot answers it with one
 * {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}); {@link #of(Thread)} may.
 */
final class ThreadCpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Whether this JVM measures threads' CPU time; enabled here if it can. */
    static final boolean MEASURED = enable();

    private ThreadCpu() {
    }

    private static boolean enable() {
        if (!THREADS.isThreadCpuTimeSupported() || !THREADS.isCurrentThreadCpuTimeSupported()) {
            return false;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        return THREADS.isThreadCpuTimeEnabled();
    }

    /** @return the calling thread's CPU time; meaningful only if {@link #MEASURED} */
    static long current() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * @param thread a thread
     * @return its CPU time, or -1 if it has ended; meaningful only if {@link #MEASURED}
     */
    static long of(Thread thread) {
        return THREADS.getThreadCpuTime(thread.getId());
    }
}
