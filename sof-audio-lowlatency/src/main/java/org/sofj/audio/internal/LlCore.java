package org.sofj.audio.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.LlTask;

/**
 * One simulated core's tick: its LL tasks in insertion (pipeline) order, then the DP scheduler's
 * tick over its DP tasks (spec 4.8, 4.9). In virtual time it then waits, bounded, until every DP
 * task this tick woke has finished its run, so the next tick sees its output: that is what makes
 * a virtual run deterministic.
 *
 * <p>Threads: {@link #tick} runs on the core's tick thread (the LL thread in wall time, the
 * {@code runTicks} caller in virtual time). The task arrays are copy-on-write: the IPC thread
 * publishes a new array with a volatile store, and a tick reads it once, so a change takes effect
 * at the next tick. {@link #tick} does not allocate.
 */
final class LlCore {
    /** Virtual time: how long a tick waits for a woken DP run (real time; never reached). */
    static final long DP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS_BEFORE_PARK = 1_000;
    private static final long WAIT_PARK_NANOS = 20_000;

    private final int index;
    private final boolean awaitDp;
    private final TickLog log;
    private volatile LlTask[] llTasks = new LlTask[0];
    private volatile DpTaskImpl[] dpTasks = new DpTaskImpl[0];
    private volatile long ticks;
    private volatile long dpWaitTimeouts;

    /**
     * @param index      the core number
     * @param awaitDp    whether a tick waits for the DP runs it woke (virtual time)
     * @param logEntries ticks the log keeps verbatim, a power of two
     */
    LlCore(int index, boolean awaitDp, int logEntries) {
        this.index = index;
        this.awaitDp = awaitDp;
        this.log = new TickLog(logEntries);
    }

    /**
     * Runs one tick. The core's tick thread; no allocation.
     *
     * @param tick      the tick number
     * @param tickNanos the tick's timestamp
     */
    void tick(long tick, long tickNanos) {
        final LlTask[] ll = llTasks;
        for (LlTask t : ll) {
            t.run(tick);
        }
        final DpTaskImpl[] dp = dpTasks;
        long woken = 0;
        long startup = 0;
        for (int i = 0; i < dp.length; i++) {
            if (dp[i].llTick(tickNanos)) {
                woken |= bit(i);
            }
        }
        if (awaitDp && woken != 0) {
            awaitRuns(dp, woken);
        }
        for (int i = 0; i < dp.length; i++) {
            if (dp[i].startupDelayed() && isActive(dp[i])) {
                startup |= bit(i);
            }
        }
        log.record(tick, ll.length, woken, startup);
        ticks++; // single writer: this core's tick thread
    }

    private static long bit(int i) {
        return i < Long.SIZE ? 1L << i : 0;
    }

    private static boolean isActive(DpTaskImpl t) {
        final DpTask.State s = t.state();
        return s == DpTask.State.QUEUED || s == DpTask.State.RUNNING;
    }

    private void awaitRuns(DpTaskImpl[] dp, long woken) {
        final long limit = System.nanoTime() + DP_WAIT_NANOS;
        for (int i = 0; i < dp.length; i++) {
            if ((woken & bit(i)) == 0) {
                continue;
            }
            int spins = 0;
            while (dp[i].state() == DpTask.State.RUNNING) {
                if (System.nanoTime() - limit > 0) {
                    dpWaitTimeouts++; // it stays RUNNING, as a slow task does in SOF
                    break;
                }
                if (++spins < SPINS_BEFORE_PARK) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(WAIT_PARK_NANOS);
                }
            }
        }
    }

    synchronized void addLlTask(LlTask task) {
        final LlTask[] old = llTasks;
        final LlTask[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = task;
        llTasks = next;
    }

    synchronized boolean removeLlTask(LlTask task) {
        final LlTask[] old = llTasks;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == task) {
                final LlTask[] next = new LlTask[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                llTasks = next;
                return true;
            }
        }
        return false;
    }

    synchronized void addDpTask(DpTaskImpl task) {
        final DpTaskImpl[] old = dpTasks;
        final DpTaskImpl[] next = Arrays.copyOf(old, old.length + 1);
        next[old.length] = task;
        dpTasks = next;
    }

    synchronized void removeDpTask(DpTaskImpl task) {
        final DpTaskImpl[] old = dpTasks;
        for (int i = 0; i < old.length; i++) {
            if (old[i] == task) {
                final DpTaskImpl[] next = new DpTaskImpl[old.length - 1];
                System.arraycopy(old, 0, next, 0, i);
                System.arraycopy(old, i + 1, next, i, old.length - i - 1);
                dpTasks = next;
                return;
            }
        }
    }

    /** @return the DP tasks, in creation order (a copy) */
    DpTaskImpl[] dpTasks() {
        return dpTasks.clone();
    }

    int index() {
        return index;
    }

    long ticks() {
        return ticks;
    }

    long dpWaitTimeouts() {
        return dpWaitTimeouts;
    }

    TickLog log() {
        return log;
    }
}
