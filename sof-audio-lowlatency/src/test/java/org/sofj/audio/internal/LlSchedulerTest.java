package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.SchedulerConfig;

/** The LL scheduler: pipeline order, virtual-time determinism, the scheduler's own rules. */
final class LlSchedulerTest {
    private final AtomicLong clock = new AtomicLong();
    private final TestMemory memory = new TestMemory();
    private final StringBuilder trace = new StringBuilder();

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private TickScheduler scheduler(SchedulerConfig.Clock kind, int cores) {
        return (TickScheduler) memory.engine.newScheduler(
                new SchedulerConfig(kind, cores, 1000, clock::get));
    }

    private void addTracing(TickScheduler s, int core, String name) {
        s.addLlTask(core, Pipeline.task(name, tick -> trace.append(name).append(tick).append(' ')));
    }

    @Test
    void shouldCountAVirtualTickWhoseTaskThrows() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 1);
        s.addLlTask(0, Pipeline.task("boom", tick -> {
            if (tick == 1) {
                throw new IllegalStateException("boom");
            }
        }));
        s.runTicks(1);
        assertThrows(IllegalStateException.class, () -> s.runTicks(1));
        assertEquals(2, s.ticks(), "the throwing tick still counts");
        s.runTicks(1);
        assertEquals(3, s.ticks());
    }

    @Test
    void shouldReportNoHostStallsUnderTheVirtualClock() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 2);
        s.runTicks(5);
        assertEquals(new HostStalls(0, 0, 0), s.hostStalls());
    }

    @Test
    void shouldRunLlTasksInInsertionOrderEveryTick() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 1);
        addTracing(s, 0, "a");
        addTracing(s, 0, "b");
        addTracing(s, 0, "c");
        s.runTicks(2);
        assertEquals("a0 b0 c0 a1 b1 c1 ", trace.toString());
    }

    @Test
    void shouldNotRunATaskAfterItIsRemoved() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 1);
        final LlTask a = Pipeline.task("a", tick -> trace.append('a').append(tick).append(' '));
        s.addLlTask(0, a);
        addTracing(s, 0, "b");
        s.runTicks(1);
        s.removeLlTask(Pipeline.task("unknown", t -> { })); // not there: a no-op
        s.removeLlTask(a);
        s.runTicks(1);
        assertEquals("a0 b0 b1 ", trace.toString());
    }

    @Test
    void shouldRunEveryCoreOncePerTick() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 3);
        addTracing(s, 0, "x");
        addTracing(s, 2, "z");
        s.runTicks(4);
        assertEquals(12, s.ticks());
        assertEquals("x0 z0 x1 z1 x2 z2 x3 z3 ", trace.toString());
    }

    @Test
    void shouldRecordZeroLatenessPerVirtualTick() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 2);
        s.runTicks(5);
        final LatencySnapshot lateness = s.tickLateness();
        assertEquals(10, lateness.count());
        assertEquals(0, lateness.max());
    }

    @Test
    void shouldRejectRunTicksUnderWallTime() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.WALL, 1);
        assertThrows(IllegalStateException.class, () -> s.runTicks(1));
    }

    @Test
    void shouldRejectStartUnderVirtualTime() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 1);
        assertThrows(IllegalStateException.class, s::start);
    }

    @Test
    void shouldRejectACoreOutOfRange() {
        final TickScheduler s = scheduler(SchedulerConfig.Clock.VIRTUAL, 2);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.addLlTask(2, Pipeline.task("t", t -> { })));
        assertTrue(e.getMessage().contains("core=2"), e.getMessage());
    }

    @Test
    void shouldProduceIdenticalBytesAndLogWhenAVirtualRunIsRepeated() {
        final byte[] first;
        final long firstDigest;
        try (Pipeline p = new Pipeline(64 * Pipeline.TICK_BYTES, clock::get)) {
            p.scheduler.runTicks(64);
            first = p.output.clone();
            firstDigest = p.scheduler.digest();
            assertTrue(p.collected() > 0, "the pipeline produced output");
        }
        try (Pipeline p = new Pipeline(64 * Pipeline.TICK_BYTES, clock::get)) {
            p.scheduler.runTicks(64);
            assertArrayEquals(first, p.output);
            assertEquals(firstDigest, p.scheduler.digest());
        }
    }

    @Test
    void shouldDeliverTheDpModulesOutputInOrder() {
        try (Pipeline p = new Pipeline(64 * Pipeline.TICK_BYTES, clock::get)) {
            p.scheduler.runTicks(64);
            for (int i = 0; i < p.collected(); i++) {
                assertEquals((byte) (i + 1), p.output[i], "byte " + i);
            }
        }
    }

    @Test
    void shouldChangeTheDigestWhenTheRunDiffers() {
        final long shortRun;
        try (Pipeline p = new Pipeline(Pipeline.TICK_BYTES, clock::get)) {
            p.scheduler.runTicks(10);
            shortRun = p.scheduler.digest();
        }
        try (Pipeline p = new Pipeline(Pipeline.TICK_BYTES, clock::get)) {
            p.scheduler.runTicks(11);
            assertNotEquals(shortRun, p.scheduler.digest());
        }
    }

    @Test
    void shouldTickOnItsOwnThreadUnderWallTime() throws InterruptedException {
        final TickScheduler s = (TickScheduler) memory.engine.newScheduler(
                SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        final CountDownLatch fiveTicks = new CountDownLatch(5);
        final Thread[] tickThread = new Thread[1];
        s.addLlTask(0, Pipeline.task("count", t -> {
            tickThread[0] = Thread.currentThread();
            fiveTicks.countDown();
        }));
        s.start();
        try {
            // Real time by design (wall mode): 5 ticks take ~5 ms; the bound only stops a hang.
            assertTrue(fiveTicks.await(10, TimeUnit.SECONDS), "wall ticks did not arrive");
        } finally {
            s.stop();
        }
        assertTrue(tickThread[0].getName().startsWith("sofj-ll-core-0"));
        assertEquals(Thread.MAX_PRIORITY, tickThread[0].getPriority());
        assertTrue(s.ticks() >= 5);
    }

    @Test
    void shouldTellTheTickThreadTheDeadlineItsLatenessIsMeasuredAgainst()
            throws InterruptedException {
        final TickScheduler s = (TickScheduler) memory.engine.newScheduler(
                SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        final int n = 5;
        final long[] deadlines = new long[n];
        final long[] starts = new long[n];
        final CountDownLatch ticks = new CountDownLatch(n);
        s.addLlTask(0, Pipeline.task("deadline", t -> {
            final int i = (int) (n - ticks.getCount());
            if (i < n) {
                deadlines[i] = s.tickDeadline();
                starts[i] = System.nanoTime();
                ticks.countDown();
            }
        }));
        assertEquals(Long.MIN_VALUE, s.tickDeadline(), "before start");
        s.start();
        try {
            // Real time by design (wall mode): 5 ticks take ~5 ms; the bound only stops a hang.
            assertTrue(ticks.await(10, TimeUnit.SECONDS), "wall ticks did not arrive");
            assertEquals(Long.MIN_VALUE, s.tickDeadline(), "off the tick thread");
        } finally {
            s.stop();
        }
        for (int i = 0; i < n; i++) {
            assertTrue(deadlines[i] <= starts[i], "tick " + i + " ran before its deadline");
        }
        for (int i = 1; i < n; i++) {
            final long step = deadlines[i] - deadlines[i - 1];
            // one period apart, or whole periods after a stall the scheduler skipped
            assertTrue(step > 0 && step % 1_000_000 == 0, "deadline step " + step);
        }
    }

    @Test
    void shouldRunTheTickThreadUnderSchedFifoWhenTheHostGrantsItAndSayWhyNotOtherwise()
            throws Exception {
        final TickScheduler s = (TickScheduler) memory.engine.newScheduler(new SchedulerConfig(
                SchedulerConfig.Clock.WALL, 1, 1000, System::nanoTime, false, 7));
        final CountDownLatch ticked = new CountDownLatch(3);
        final String[] stat = new String[1];
        s.addLlTask(0, Pipeline.task("policy", t -> {
            if (ticked.getCount() == 1) { // cold: read once, on the tick thread itself
                try {
                    stat[0] = java.nio.file.Files.readString(
                            java.nio.file.Path.of("/proc/thread-self/stat"));
                } catch (java.io.IOException e) {
                    stat[0] = "";
                }
            }
            ticked.countDown();
        }));
        assertEquals("not started", s.hostPolicy());
        s.start();
        final String line = s.hostPolicy(); // settled before start() returns
        try {
            // Real time by design (wall mode): 3 ticks take ~3 ms; the bound only stops a hang.
            assertTrue(ticked.await(10, TimeUnit.SECONDS), "wall ticks did not arrive");
        } finally {
            s.stop();
        }
        // whatever this host allows (root in CI grants it), the line and the kernel agree
        final int[] policy = HostPolicy.policyOf(stat[0]);
        if (line.equals("SCHED_FIFO 7 on every tick thread")) {
            assertArrayEquals(new int[] {HostPolicy.SCHED_FIFO, 7}, policy, line);
        } else {
            assertTrue(line.startsWith("SCHED_FIFO 7 refused, time sharing instead (core 0: "),
                    line);
            assertEquals(0, policy[0], "a refusal leaves the thread under SCHED_OTHER");
        }
    }

    @Test
    void shouldSayTimeSharingWhenNoRealTimePriorityWasAskedFor() throws InterruptedException {
        final TickScheduler s = (TickScheduler) memory.engine.newScheduler(
                SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        s.start();
        s.stop();
        assertEquals("time sharing (no real-time priority asked for)", s.hostPolicy());
    }

    @Test
    void shouldNameEachCoreTheHostRefused() {
        assertEquals("SCHED_FIFO 10 on every tick thread",
                TickScheduler.describePolicy(10, new String[2]));
        assertEquals("SCHED_FIFO 10 refused, time sharing instead (core 1: chrt: failed to set"
                + " pid 7's policy: Operation not permitted)", TickScheduler.describePolicy(10,
                        new String[] {null, "chrt: failed to set pid 7's policy: Operation not"
                                + " permitted"}));
    }

    @Test
    void shouldRefuseARealTimePriorityOutOfRangeOrOnTheVirtualClock() {
        final IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> new SchedulerConfig(SchedulerConfig.Clock.WALL, 1, 1000, System::nanoTime,
                        false, 100));
        assertEquals("realtimePriority=100 must be in [0, 99] (0: none)", high.getMessage());
        final IllegalArgumentException virtual = assertThrows(IllegalArgumentException.class,
                () -> new SchedulerConfig(SchedulerConfig.Clock.VIRTUAL, 1, 1000,
                        System::nanoTime, false, 10));
        assertEquals("realtimePriority=10 needs clock=WALL, not VIRTUAL", virtual.getMessage());
    }
}
