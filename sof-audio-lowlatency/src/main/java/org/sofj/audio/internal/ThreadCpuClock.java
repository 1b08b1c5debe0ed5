package org.sofj.audio.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The calling thread's CPU time in nanoseconds: the wall clock's judge of a DP module's own
 * processing time, which time the host spends elsewhere (other processes, GC, a neighbour that
 * holds the core) does not inflate. Falls back to {@link System#nanoTime()} where the JVM cannot
 * measure thread CPU time.
 *
 * <p>Threads: any; {@link #now()} reads the calling thread's time. It does not allocate (HotSpot
 * answers it with one {@code clock_gettime(CLOCK_THREAD_CPUTIME_ID)}).
 */
final class ThreadCpuClock {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = enable();

    private ThreadCpuClock() {
    }

    private static boolean enable() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            return false;
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        return THREADS.isThreadCpuTimeEnabled();
    }

    /** @return whether {@link #now()} measures CPU time (else it reads the wall clock) */
    static boolean measuresCpu() {
        return SUPPORTED;
    }

    /**
     * Another thread's CPU time, on the clock {@link #now()} reads on that thread. Not for a hot
     * path: JDK 17 allocates a few small arrays per call.
     *
     * @param thread a thread
     * @return its CPU time in nanoseconds; {@link System#nanoTime()} if CPU time is not measured;
     *     -1 if the thread has ended
     */
    static long of(Thread thread) {
        return SUPPORTED ? THREADS.getThreadCpuTime(thread.getId()) : System.nanoTime();
    }

    /** @return the calling thread's CPU time, nanoseconds, or {@link System#nanoTime()} */
    static long now() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
