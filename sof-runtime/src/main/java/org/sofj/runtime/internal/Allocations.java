package org.sofj.runtime.internal;

import java.lang.management.ManagementFactory;

/**
 * Bytes the current thread has allocated on the Java heap, from HotSpot's per-thread counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}): what the kernel
 * charges to a user-mode instance around each call into it. Reading it does not allocate.
 */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private Allocations() {
    }

    private static com.sun.management.ThreadMXBean threads() {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean) {
            final com.sun.management.ThreadMXBean b = (com.sun.management.ThreadMXBean) bean;
            if (b.isThreadAllocatedMemorySupported()) {
                b.setThreadAllocatedMemoryEnabled(true);
                return b;
            }
        }
        return null;
    }

    /** Reads the current thread's counter: {@link #JVM}, or a test's reader that counts reads. */
    interface Reader {
        /** @return the current thread's allocated bytes so far */
        long current();
    }

    /** The JVM's counter, {@link #current()}. */
    static final Reader JVM = Allocations::current;

    /** @return the current thread's allocated bytes so far, or 0 where the JVM cannot tell */
    static long current() {
        final com.sun.management.ThreadMXBean t = THREADS;
        return t == null ? 0 : t.getCurrentThreadAllocatedBytes();
    }
}
