package org.sofj.audio.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.sofj.api.spi.DpTask;

/**
 * The wall clock's answer to a DP thread that the host does not run: the core's tick waits for
 * it, as the whole simulated core would have stalled, instead of letting its consumer underrun.
 *
 * <p>On the wall clock each DP task has its own thread and the core's tick thread goes on
 * ticking. When the host takes the CPU from a DP thread (the hypervisor runs something else on
 * its virtual CPU, or another process does) for longer than the margin primed into its output,
 * the LL module that reads that output underruns: an xrun that the module did not cause and that
 * a DSP, whose DP threads and LL timer share one core and one clock, would not have. A stall of
 * the tick thread itself is already absorbed: its ticks are skipped ({@link WallTicker}). This
 * class does the same for a DP thread. Before a tick runs its LL tasks, for every DP task whose
 * run is still in flight although its deadline has come (SOF's {@code module_get_deadline}, the
 * moment its sink runs dry) and whose sink now holds less than one LL period, so that its reader
 * would underrun in this tick, and whose last run kept within its period
 * ({@link DpTaskImpl#runDue}), the tick waits while the host, and only the host, holds that run
 * up:
 * <ul>
 *   <li>the thread that must run next for it (the holder of the core's run token, else the task's
 *       own thread) is {@link Thread.State#RUNNABLE}, or was woken for the run and has not run
 *       since (a parked thread's state changes only when it runs again);</li>
 *   <li>that thread has used less than one period of CPU time in its module's body, and less than
 *       one period since the wait began (time the host takes is not in a thread's CPU time; a
 *       module that computes is);</li>
 *   <li>and the wait is shorter than its limit ({@link #LIMIT_NANOS}).</li>
 * </ul>
 * A module that sleeps, blocks, or computes for more than its period is not waited for (a slow
 * one at most once, for one period of its CPU time, until a run of its keeps within its period
 * again): its
 * consumer underruns and the xrun is counted as before, and a run over its period is charged to
 * it ({@link DpTaskImpl}). The wait makes the following ticks late, so they are counted as a stall
 * and skipped like any other; the holds themselves are counted here ({@link #holds()}).
 *
 * <p>Threads: the core's tick thread runs {@link #beforeTick}; the counters are readable from any
 * thread. A tick that holds nothing allocates nothing; while holding, each poll reads the other
 * thread's CPU time through {@code ThreadMXBean}, which allocates (48 bytes a read on JDK 17).
 */
final class HostHold {
    /** The longest a tick waits for one DP run the host holds up: a second. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long the tick thread parks between two looks at the held thread. */
    static final long POLL_NANOS = 50_000;

    private final ToLongFunction<Thread> threadCpu;
    private final LongSupplier realClock;
    private final long limitNanos;
    private final int llPeriodMicros;
    private volatile long holds;
    private volatile long timeouts;
    /** Whether a tick is waiting right now. */
    private volatile boolean holding;

    /**
     * @param threadCpu  another thread's CPU time, nanoseconds, on the clock DP runs are judged by
     *                   (negative once the thread has ended)
     * @param realClock  real time, nanoseconds, for the wait's limit
     * @param limitNanos the longest wait for one run, {@code > 0}
     * @param llPeriodMicros the LL period: what a DP output's reader takes in one tick
     */
    HostHold(ToLongFunction<Thread> threadCpu, LongSupplier realClock, long limitNanos,
            int llPeriodMicros) {
        if (limitNanos <= 0) {
            throw new IllegalArgumentException("limitNanos=" + limitNanos + " must be positive");
        }
        this.llPeriodMicros = llPeriodMicros;
        this.threadCpu = threadCpu;
        this.realClock = realClock;
        this.limitNanos = limitNanos;
    }

    /**
     * Waits, bounded, for each DP run that is due and that only the host holds up. The core's
     * tick thread, before the tick's LL tasks.
     *
     * @param core      the core
     * @param dp        its DP tasks
     * @param tickNanos the tick's timestamp, on the clock the deadlines use
     */
    void beforeTick(LlCore core, DpTaskImpl[] dp, long tickNanos) {
        for (int i = 0; i < dp.length; i++) {
            if (dp[i].runDue(tickNanos, llPeriodMicros)) {
                hold(core, dp[i]);
            }
        }
    }

    private void hold(LlCore core, DpTaskImpl task) {
        final long runs = task.runs();
        final long start = realClock.getAsLong();
        boolean held = false;
        Thread watched = null;
        long watchedSince = 0;
        while (task.state() == DpTask.State.RUNNING && task.runs() == runs) {
            final DpTaskImpl next = core.runsNext(task);
            if (next == null) {
                core.dispatch(); // the token is free and the run waits for it: grant it now
            } else {
                final Thread thread = next.thread();
                final Thread.State state = thread.getState();
                if (state == Thread.State.RUNNABLE) {
                    final long cpu = threadCpu.applyAsLong(thread);
                    if (cpu < 0) {
                        break; // the thread has ended
                    }
                    if (thread != watched) {
                        watched = thread;
                        watchedSince = cpu;
                    }
                    if (cpu - watchedSince >= next.periodNanos() || next.inBody()
                            && cpu - next.bodyStartCpuNanos() >= next.periodNanos()) {
                        break; // it computes: the module's time, not the host's
                    }
                } else if (next.inBody() || !next.wokenNotRun()) {
                    break; // it sleeps or blocks: not the host
                }
            }
            final long waited = realClock.getAsLong() - start;
            if (waited >= limitNanos) {
                timeouts++; // single writer: this core's tick thread
                break;
            }
            if (!held) {
                held = true;
                holding = true;
                holds++; // single writer: this core's tick thread
            }
            LockSupport.parkNanos(POLL_NANOS); // a park, so a DP thread on this CPU can run
        }
        if (task.state() == DpTask.State.RUNNING && task.runs() == runs) {
            task.notHeld(runs); // given up: later ticks do not look at this run again
        }
        holding = false;
    }

    /** @return whether a tick is waiting for a DP run now */
    boolean holding() {
        return holding;
    }

    /** @return ticks that waited for a DP run the host held up */
    long holds() {
        return holds;
    }

    /** @return holds that reached the limit and let the tick go on without the run */
    long timeouts() {
        return timeouts;
    }
}
