package org.sofj.mmu.internal;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.IdleStrategy;

/**
 * The grace period after a revocation ({@link MmuMemorySystem#awaitGrace}): memory a domain lost
 * may be reused once no thread can still complete an access it checked under the old rights.
 * A user thread is past the revocation when any of these holds:
 * <ul>
 *   <li>it has synchronized with the new generation: its next access after the revocation
 *       flushed its TLB ({@link SimThread#synced}), so every access it makes from then on is
 *       checked against the new partitions (every access reads the generation, volatile, so a
 *       thread in a loop sees it at its next access);</li>
 *   <li>it is between two calls into module code ({@link MmuMemorySystem#quiesce});</li>
 *   <li>it is not running: parked, waiting or blocked (no code between a check and its access
 *       blocks, so such a thread has no access in flight, and it re-reads the generation when it
 *       wakes), or not started, or ended;</li>
 *   <li>it is written off ({@link MmuMemorySystem#writeOff}): it has no rights at all.</li>
 * </ul>
 * Waits with {@link Waits#grace} (spin briefly, then park in short steps), bounded by the
 * caller's timeout; a park may end up to one park period past it. Cold path.
 */
final class Grace {
    private Grace() {
    }

    /**
     * @param generation the generation the revocation produced
     * @param threads    the threads that may hold the old rights
     * @param timeoutNanos how long to wait at most
     * @return the threads still not past the revocation when the time ran out; empty when the
     *     memory may be reused
     */
    static List<Thread> await(long generation, List<SimThread> threads, long timeoutNanos) {
        final long deadline = System.nanoTime() + timeoutNanos;
        List<SimThread> waiting = pending(generation, threads);
        if (waiting.isEmpty()) {
            return List.of();
        }
        final IdleStrategy idle = Waits.grace();
        while (!waiting.isEmpty() && System.nanoTime() - deadline < 0) {
            idle.idle();
            waiting = pending(generation, waiting);
        }
        return List.copyOf(waiting);
    }

    private static List<SimThread> pending(long generation, List<SimThread> threads) {
        final List<SimThread> out = new ArrayList<>();
        for (SimThread t : threads) {
            if (t == Thread.currentThread() || t.writtenOff || t.synced >= generation) {
                continue;
            }
            final Thread.State state = t.getState();
            if (state == Thread.State.RUNNABLE) {
                out.add(t);
            }
        }
        return out;
    }
}
