package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/**
 * A DP module is judged by its own processing time against its period, not by when its run
 * ended: the host's stalls and a neighbour holding the core show as late runs, never as misses
 * charged to the module; its first runs after scheduling (JIT warm-up) are not charged either.
 * Both clocks are stepped: {@code wall} is the scheduler's clock, {@code own} the task thread's
 * CPU time as the wall clock's judge reads it.
 */
final class DpBlameTest {
    private static final long MS = 1_000_000;

    private final AtomicLong wall = new AtomicLong();
    private final AtomicLong own = new AtomicLong();
    private TickScheduler scheduler;
    private long tick;

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    private DpTask task(int graceTicks, int periodMicros, IntSupplier body) {
        scheduler = new TickScheduler(new SchedulerConfig(SchedulerConfig.Clock.VIRTUAL, 1, 1000,
                wall::get), own::get, graceTicks);
        final DpTask t = scheduler.newDpTask(new DpTaskSpec("t", 0, periodMicros,
                TestMemory.DAEMONS, () -> true, body, new Sink[0]));
        assertEquals(0, t.schedule());
        return t;
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            wall.set(tick++ * MS);
            scheduler.runTicks(1);
        }
    }

    private IntSupplier work(long wallNanos, long ownNanos) {
        return () -> {
            wall.addAndGet(wallNanos);
            own.addAndGet(ownNanos);
            return DpTask.RESCHEDULE;
        };
    }

    /**
     * A 10 ms period, three runs, each taking {@code wallMs} on the scheduler's clock of which
     * {@code ownMs} is the module's own: late runs and charged misses are counted apart.
     */
    @ParameterizedTest(name = "wall {0} ms, own {1} ms -> {2} charged, {3} late")
    @CsvSource({
        "50, 0.2, 0, 3", // the host took the time: late, not charged
        "30, 9, 0, 3",   // within its period, though it ended late
        "11, 11, 3, 3",  // its own time exceeds the period
        "3, 3, 0, 0",    // in time
    })
    void shouldChargeOnlyTheModulesOwnTimeOverItsPeriod(double wallMs, double ownMs,
            int charged, int late) {
        final DpTask t = task(0, 10_000, work((long) (wallMs * MS), (long) (ownMs * MS)));
        ticks(3);
        assertEquals(charged, t.deadlineMisses(), "charged");
        assertEquals(late, t.lateRuns(), "late");
        assertEquals((long) (wallMs * MS), t.processTime().max(), wallMs * MS / 50.0);
    }

    @Test
    void shouldNotChargeTheRunsOfTheStartUpGrace() {
        final DpTask t = task(5, 1000, work(2 * MS, 2 * MS)); // 2 ms of own work in 1 ms
        ticks(5);
        assertEquals(0, t.deadlineMisses(), "ticks 1 to 5 after scheduling are the grace");
        ticks(5);
        assertEquals(5, t.deadlineMisses(), "every run after the grace is charged");
    }

    @Test
    void shouldStartTheGraceAgainWhenTheTaskIsScheduledAgain() {
        final DpTask t = task(3, 1000, work(2 * MS, 2 * MS));
        ticks(5);
        assertEquals(2, t.deadlineMisses());
        assertEquals(0, t.cancel());
        assertEquals(0, t.schedule());
        ticks(3);
        assertEquals(2, t.deadlineMisses(), "a new start has a new grace");
        ticks(1);
        assertEquals(3, t.deadlineMisses());
    }

    /**
     * Real threads under the wall clock, judged by real thread CPU time: a body that waits
     * (blocked, using no CPU) for 3 ms of a 1 ms period ends late but is not charged; one that
     * computes for 3 ms of its own CPU time is.
     */
    @Test
    void shouldChargeComputingButNotWaitingUnderTheWallClock() {
        assertTrue(ThreadCpuClock.measuresCpu(), "this JVM measures thread CPU time");
        scheduler = new TickScheduler(SchedulerConfig.of(SchedulerConfig.Clock.WALL),
                ThreadCpuClock::now, 0);
        final DpTask waits = wallTask("waits", () -> {
            final long until = System.nanoTime() + 3 * MS;
            while (System.nanoTime() - until < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
            }
            return DpTask.RESCHEDULE;
        });
        final DpTask computes = wallTask("computes", () -> {
            final long until = ThreadCpuClock.now() + 3 * MS;
            while (ThreadCpuClock.now() - until < 0) {
                Thread.onSpinWait();
            }
            return DpTask.RESCHEDULE;
        });
        scheduler.start();
        // a real-thread wait, bounded: until each task has run 5 times
        final long limit = System.nanoTime() + 20_000 * MS;
        while ((waits.processTime().count() < 5 || computes.processTime().count() < 5)
                && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
        scheduler.stop();
        assertTrue(waits.processTime().count() >= 5, "runs=" + waits.processTime().count());
        assertTrue(waits.lateRuns() >= 5, "lateRuns=" + waits.lateRuns());
        assertEquals(0, waits.deadlineMisses(), "waiting is not the module's own time");
        assertTrue(computes.deadlineMisses() >= 5, "misses=" + computes.deadlineMisses());
    }

    private DpTask wallTask(String name, IntSupplier body) {
        final DpTask t = scheduler.newDpTask(new DpTaskSpec(name, 0, 1000, TestMemory.DAEMONS,
                () -> true, body, new Sink[0]));
        assertEquals(0, t.schedule());
        return t;
    }

    @Test
    void shouldRejectANegativeGrace() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TickScheduler(SchedulerConfig.of(SchedulerConfig.Clock.VIRTUAL),
                        own::get, -1));
        assertTrue(e.getMessage().contains("graceTicks=-1"), e.getMessage());
    }
}
