package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.Test;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/**
 * Inline DP in virtual time (issue 16 item 1): the tick runs woken DP bodies on its own thread, in
 * the order the run token would have handed them to their threads, with the same state changes,
 * EDF deadlines, miss and lateness accounting and tick log as the handoff.
 */
final class InlineDpTest {
    private static final long MS = 1_000_000;
    private static final int TASKS = 4;
    private static final int TICKS = 60;

    /** What one run of four DP tasks left: run order, counts, misses, late runs, log digest. */
    private record Run(int[] order, long[] runs, long[] misses, long[] late, long digest,
            Thread bodyThread) {
    }

    /** A one-core virtual-time scheduler on {@code clock}, DP inline or with the handoff. */
    private static TickScheduler virtual(TestMemory memory, AtomicLong clock, boolean inline) {
        return (TickScheduler) memory.engine.newScheduler(new SchedulerConfig(
                SchedulerConfig.Clock.VIRTUAL, 1, 1000, clock::get, inline));
    }

    private static Run run(boolean inline) {
        final AtomicLong clock = new AtomicLong();
        try (TestMemory memory = new TestMemory()) {
            final TickScheduler s = virtual(memory, clock, inline);
            try {
                final int[] order = new int[TASKS * TICKS];
                final int[] n = new int[1];
                final Thread[] where = new Thread[1];
                final DpTaskImpl[] tasks = new DpTaskImpl[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    final int id = i;
                    final IntSupplier body = () -> {
                        where[0] = Thread.currentThread();
                        order[n[0]++] = id;
                        if (id == 2 && n[0] % 3 == 0) {
                            clock.addAndGet(3 * MS); // over its period: a miss, and late
                        }
                        return DpTask.RESCHEDULE;
                    };
                    // deadlines differ by sink fill: task i's is (i + 2) ms after its tick
                    tasks[i] = (DpTaskImpl) s.newDpTask(new DpTaskSpec("t" + i, 0, 1000,
                            TestMemory.DAEMONS, () -> true, body,
                            new org.sofj.api.audio.Sink[] {
                                memory.filledRing(384 * (TASKS + 1 - i)).sink()}));
                    assertEquals(0, tasks[i].schedule());
                }
                for (int t = 0; t < TICKS; t++) {
                    clock.addAndGet(MS);
                    s.runTicks(1);
                }
                final long[] runs = new long[TASKS];
                final long[] misses = new long[TASKS];
                final long[] late = new long[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    runs[i] = tasks[i].runs();
                    misses[i] = tasks[i].deadlineMisses();
                    late[i] = tasks[i].lateRuns();
                }
                return new Run(java.util.Arrays.copyOf(order, n[0]), runs, misses, late,
                        s.digest(), where[0]);
            } finally {
                s.close();
            }
        }
    }

    @Test
    void shouldRunTheSameBodiesInTheSameOrderWithTheSameAccountingAsTheHandoff() {
        final Run threaded = run(false);
        final Run inline = run(true);
        assertTrue(threaded.order().length > TASKS * (TICKS - 5), "every task ran on most ticks");
        assertArrayEquals(threaded.order(), inline.order(), "EDF order, run for run");
        assertArrayEquals(threaded.runs(), inline.runs());
        assertArrayEquals(threaded.misses(), inline.misses(), "misses charged alike");
        assertTrue(inline.misses()[2] > 0, "the slow task's misses are counted");
        assertArrayEquals(threaded.late(), inline.late(), "late runs alike");
        assertEquals(threaded.digest(), inline.digest(), "the same tick log");
        assertSame(Thread.currentThread(), inline.bodyThread(), "inline: on the tick thread");
        assertNotSame(Thread.currentThread(), threaded.bodyThread(), "handoff: its own thread");
    }

    @Test
    void shouldRunTheSameTopologyTwiceInlineIdentically() {
        final Run a = run(true);
        final Run b = run(true);
        assertArrayEquals(a.order(), b.order());
        assertEquals(a.digest(), b.digest());
    }

    /**
     * An inline run keeps no flag of its own: {@code cancel} from another thread waits for the
     * core's tick that runs it (docs/concurrency.md, "An inline DP run's bracket is its tick").
     * The body holds the tick thread on a latch; the cancel must park, not return, until the body
     * has returned, and the run's end then leaves the task CANCEL. A cancel that did not see the
     * run (no flag, no tick) returned at once. Real threads, every wait bounded.
     */
    @Test
    void shouldWaitInCancelForAnInlineRunInProgressOnTheTickThread() throws Exception {
        final AtomicLong clock = new AtomicLong();
        try (TestMemory memory = new TestMemory()) {
            final TickScheduler s = virtual(memory, clock, true);
            try {
                final CountDownLatch entered = new CountDownLatch(1);
                final CountDownLatch release = new CountDownLatch(1);
                final AtomicInteger bodies = new AtomicInteger();
                final IntSupplier body = () -> {
                    bodies.incrementAndGet();
                    entered.countDown();
                    try {
                        assertTrue(release.await(10, TimeUnit.SECONDS), "released");
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return DpTask.RESCHEDULE;
                };
                final DpTaskImpl task = (DpTaskImpl) s.newDpTask(new DpTaskSpec("held", 0, 1000,
                        TestMemory.DAEMONS, () -> true, body, new org.sofj.api.audio.Sink[] {
                            memory.filledRing(384).sink()}));
                assertEquals(0, task.schedule());
                clock.addAndGet(MS);
                final Thread ticker = new Thread(() -> s.runTicks(1), "ticker");
                ticker.start();
                assertTrue(entered.await(10, TimeUnit.SECONDS), "the inline run began");
                final AtomicInteger rc = new AtomicInteger(Integer.MIN_VALUE);
                final Thread canceller = new Thread(() -> rc.set(task.cancel()), "canceller");
                canceller.start();
                final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Thread.State st;
                while ((st = canceller.getState()) != Thread.State.TIMED_WAITING
                        && st != Thread.State.WAITING && st != Thread.State.TERMINATED
                        && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                assertFalse(st == Thread.State.TERMINATED,
                        "cancel returned rc=" + rc.get() + " while the inline run was in progress");
                assertEquals(Integer.MIN_VALUE, rc.get(), "cancel has not returned");
                release.countDown();
                canceller.join(10_000);
                ticker.join(10_000);
                assertFalse(canceller.isAlive() || ticker.isAlive(), "both ended");
                assertEquals(0, rc.get(), "cancel waited for the run, not out its bound");
                assertEquals(DpTask.State.CANCEL, task.state(), "the run's end kept the cancel");
                assertEquals(1, task.runs());
                clock.addAndGet(MS);
                s.runTicks(1);
                assertEquals(1, bodies.get(), "no run after the cancel");
            } finally {
                s.close();
            }
        }
    }

    @Test
    void shouldRefuseInlineDpOnTheWallClock() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SchedulerConfig(SchedulerConfig.Clock.WALL, 1, 1000, System::nanoTime,
                        true));
        assertTrue(e.getMessage().contains("inlineDp=true"), e.getMessage());
    }
}
