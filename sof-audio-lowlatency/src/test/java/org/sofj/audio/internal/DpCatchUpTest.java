package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/**
 * A DP task that fell behind on the wall clock catches up: each LL tick queues one period for it
 * and a run takes one, so without catch-up a single stalled run would leave a backlog for good
 * (a tick triggers at most one run). With it, the task runs the ticks it missed as soon as it can.
 */
final class DpCatchUpTest {
    private static final long MS = 1_000_000;
    /** Bound on the real-thread waits: generous, never reached by a passing run. */
    private static final long BOUND_NANOS = 20_000 * MS;

    private final TestMemory memory = new TestMemory();
    private TickScheduler scheduler;

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
        memory.close();
    }

    @Test
    void shouldRunTheTicksItMissedOnceTheStallEnds() {
        scheduler = (TickScheduler) memory.engine.newScheduler(
                SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        final AtomicInteger queued = new AtomicInteger(); // periods waiting at the task's input
        final AtomicLong runs = new AtomicLong();
        final AtomicInteger leastAfterStall = new AtomicInteger(Integer.MAX_VALUE);
        // an input that holds 4 periods at most, as a ring does (a full one drops the period)
        scheduler.addLlTask(0, Pipeline.task("producer", n -> queued.updateAndGet(
                q -> Math.min(q + 1, 4))));
        final DpTask task = scheduler.newDpTask(new DpTaskSpec("behind", 0, 1000,
                TestMemory.DAEMONS, () -> queued.get() > 0, () -> {
                    final long run = runs.incrementAndGet();
                    if (run == 20) { // one run stalls for 6 ms: the host took its CPU
                        stall();
                    }
                    queued.decrementAndGet();
                    if (run > 200) {
                        leastAfterStall.accumulateAndGet(queued.get(), Math::min);
                    }
                    return DpTask.RESCHEDULE;
                }, new Sink[0]));
        run600(task, runs);
        // without catch-up the input stays full after the stall (a tick queues one and triggers
        // at most one run, so at least 3 stay after every run); caught up, the backlog drains
        assertTrue(leastAfterStall.get() <= 1, "least backlog after the stall: "
                + leastAfterStall.get());
    }

    /**
     * The same stall, but its producer was late too (as an upstream DP task stalled by the same
     * host hiccup is): when the run ends nothing waits yet, and the periods it missed arrive a
     * tick later in one burst. The missed triggers are kept until the data is there, so the task
     * still catches up; dropping them when the task is not ready left that burst queued for good.
     */
    @Test
    void shouldCatchUpOnABacklogThatArrivesAfterItsRunEnded() {
        scheduler = (TickScheduler) memory.engine.newScheduler(
                SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        final AtomicInteger queued = new AtomicInteger();
        final AtomicInteger owed = new AtomicInteger(); // periods the late producer holds back
        final AtomicInteger holding = new AtomicInteger();
        final AtomicLong runs = new AtomicLong();
        final AtomicInteger leastAfterStall = new AtomicInteger(Integer.MAX_VALUE);
        // an input with headroom for 16 periods (the wall clock's DP input headroom)
        scheduler.addLlTask(0, Pipeline.task("late producer", n -> {
            if (holding.get() != 0) {
                owed.incrementAndGet();
            } else {
                final int burst = 1 + owed.getAndSet(0);
                queued.updateAndGet(q -> Math.min(q + burst, 16));
            }
        }));
        final DpTask task = scheduler.newDpTask(new DpTaskSpec("behind", 0, 1000,
                TestMemory.DAEMONS, () -> queued.get() > 0, () -> {
                    final long run = runs.incrementAndGet();
                    if (run == 20) {
                        holding.set(1);
                        stall();
                    }
                    queued.decrementAndGet();
                    if (run == 20) {
                        holding.set(0); // the burst comes with the next tick, after this run
                    }
                    if (run > 200) {
                        leastAfterStall.accumulateAndGet(queued.get(), Math::min);
                    }
                    return DpTask.RESCHEDULE;
                }, new Sink[0]));
        run600(task, runs);
        assertTrue(leastAfterStall.get() <= 1, "least backlog after the stall: "
                + leastAfterStall.get());
    }

    /** Off the CPU for 6 ms, as a host that took it would leave a run. */
    private static void stall() {
        final long until = System.nanoTime() + 6 * MS;
        while (System.nanoTime() - until < 0) {
            LockSupport.parkNanos(until - System.nanoTime());
        }
    }

    /** Schedules the task, runs the wall clock until it has run 600 times (bounded), stops. */
    private void run600(DpTask task, AtomicLong runs) {
        assertEquals(0, task.schedule());
        scheduler.start();
        final long limit = System.nanoTime() + BOUND_NANOS; // a real-thread wait, bounded
        while (runs.get() < 600 && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
        scheduler.stop();
        assertTrue(runs.get() >= 600, "runs=" + runs.get());
    }
}
