package org.sofj.runtime.internal;

import java.util.List;

import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.runtime.RuntimeEvent;

/**
 * What the kernel does between removing partitions from a user instance's domain and reusing
 * their memory (a hostbox or reply buffer for the next call, a ring, heap blocks): the memory
 * system's grace period ({@link MemorySystem#awaitGrace}), bounded by the proxy timeout; a thread
 * that does not pass it in time is written off ({@link MemorySystem#writeOff}) and its instance
 * FAULTED, so no thread that held the old rights can touch the memory once it is reused. Cold
 * path, IPC thread.
 */
final class Revocation {
    private Revocation() {
    }

    /**
     * Waits out the grace period of {@code c}'s domain; a no-op for a kernel instance.
     *
     * @param fault whether to FAULT {@code c} if one of its threads had to be written off (not
     *              when it is being deleted anyway)
     * @return the number of threads written off
     */
    static int settle(KernelState k, Component c, boolean fault) {
        if (c.domain == null) {
            return 0;
        }
        // at least the kernel's hold floor: an idle worker that the host preempted while it
        // spun is RUNNABLE without an access in flight, and must not be written off for that
        final List<Thread> late = k.memory.awaitGrace(c.domain, k.holdTimeoutNanos());
        for (Thread t : late) {
            k.memory.writeOff(t);
        }
        if (fault && !late.isEmpty()) {
            k.reports.fault(c, RuntimeEvent.Kind.HANG, late.size() + " thread(s) did not pass the "
                    + "grace period of a revocation within " + k.holdTimeoutNanos() / 1_000_000
                    + " ms; written off", k.ticks());
        }
        return late.size();
    }

    /**
     * FAULTs {@code c} if a memory fault was recorded against its domain since {@code before}
     * ({@link org.sofj.api.spi.MemoryDomain#faultCount}): a module that caught its own
     * {@code MemoryFault} is FAULTED at the end of that call all the same.
     *
     * @param before the domain's fault count before the call
     * @return whether faults were recorded
     */
    static boolean checkFaults(KernelState k, Component c, long before, String op) {
        if (c.domain == null) {
            return false;
        }
        final long faults = c.domain.faultCount() - before;
        if (faults != 0) {
            k.reports.fault(c, RuntimeEvent.Kind.MEMORY_FAULT, faults + " memory fault(s) recorded "
                    + "against its domain during " + op + " (caught by the module)", k.ticks());
        }
        return faults != 0;
    }

    /** @return {@code c}'s fault count now, or 0 for a kernel instance */
    static long faults(Component c) {
        return c.domain == null ? 0 : c.domain.faultCount();
    }

    /** Removes every partition of a dead instance's domain (SOF only frees it, 11 item 8). */
    static void clear(MemoryDomain d) {
        for (Partition p : d.partitions()) {
            d.removePartition(p.start(), p.size());
        }
    }
}
