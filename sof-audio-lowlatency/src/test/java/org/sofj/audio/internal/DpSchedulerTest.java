package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/** The DP scheduler's state machine (spec 4.9, scenarios 18 and 19) in virtual time. */
final class DpSchedulerTest {
    private static final long MS = 1_000_000;

    private final AtomicLong clock = new AtomicLong();
    private final TestMemory memory = new TestMemory();
    private final TickScheduler scheduler = (TickScheduler) memory.engine.newScheduler(
            new SchedulerConfig(SchedulerConfig.Clock.VIRTUAL, 1, 1000, clock::get));
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger threadsMade = new AtomicInteger();
    private long tick;

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private DpTaskImpl task(int period, BooleanSupplier ready, IntSupplier body, Sink... sinks) {
        return (DpTaskImpl) scheduler.newDpTask(new DpTaskSpec("t", 0, period, (name, loop) -> {
            threadsMade.incrementAndGet();
            final Thread t = new Thread(loop, name);
            t.setDaemon(true);
            return t;
        }, ready, body, sinks));
    }

    private int countingBody() {
        runs.incrementAndGet();
        return DpTask.RESCHEDULE;
    }

    /** Runs one virtual tick at {@code tick} ms on the stepped clock. */
    private void tick() {
        clock.set(tick * MS);
        scheduler.runTicks(1);
        tick++;
    }

    private long woken(long n) {
        return scheduler.tickLog(0).get(n, TickLog.WOKEN);
    }

    @ParameterizedTest(name = "period {0} us is rejected")
    @ValueSource(ints = {999, 500, 0, -1000})
    void shouldRejectAPeriodBelowOneMillisecondWithEinval(int period) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> task(period, () -> true, this::countingBody));
        assertTrue(e.getMessage().contains("-EINVAL"), e.getMessage());
        assertTrue(e.getMessage().contains("periodMicros=" + period), e.getMessage());
        assertEquals(0, threadsMade.get(), "no thread for a rejected task");
    }

    @ParameterizedTest(name = "period {0} us -> {1} us")
    @CsvSource({"1000, 1000", "2500, 2000", "10000, 10000", "10999, 10000"})
    void shouldFloorThePeriodToWholeMilliseconds(int period, int floored) {
        assertEquals(floored, task(period, () -> true, this::countingBody).periodMicros());
    }

    @Test
    void shouldMakeTheThreadWithTheSpecsFactory() {
        final DpTaskImpl t = task(1000, () -> true, this::countingBody);
        assertEquals(1, threadsMade.get());
        assertEquals("dp-t", t.thread().getName());
    }

    @Test
    void shouldRunTheDpThreadOnePriorityBelowTheLlTickThread() {
        // SOF: DP threads below the LL timer thread, above ordinary work (a nice value under
        // -XX:ThreadPriorityPolicy=1, which the launcher sets as root)
        final DpTaskImpl t = task(1000, () -> true, this::countingBody);
        assertEquals(Thread.MAX_PRIORITY - 1, t.thread().getPriority());
    }

    @Test
    void shouldNotRunATaskThatWasNeverScheduled() {
        final DpTaskImpl t = task(1000, () -> true, this::countingBody);
        tick();
        assertEquals(DpTask.State.INIT, t.state());
        assertEquals(0, runs.get());
    }

    @Test
    void shouldStayQueuedWhileNotReady() {
        final DpTaskImpl t = task(1000, () -> tick >= 3, this::countingBody);
        t.schedule();
        tick();
        tick();
        tick();
        assertEquals(DpTask.State.QUEUED, t.state());
        assertEquals(0, runs.get());
        tick();
        assertEquals(1, runs.get(), "woken on the first ready tick and done before the next");
        assertEquals(DpTask.State.QUEUED, t.state(), "RESCHEDULE goes back to QUEUED");
    }

    @Test
    void shouldWakeOnTheFirstReadyTickWithTenCyclesToStartForATenMillisecondPeriod() {
        final boolean[] delayedSeenByLl = new boolean[20];
        final DpTaskImpl[] t = new DpTaskImpl[1];
        scheduler.addLlTask(0, Pipeline.task("ll", n -> delayedSeenByLl[(int) n] =
                t[0].startupDelayed()));
        t[0] = task(10_000, () -> tick >= 3, this::countingBody);
        t[0].schedule();
        for (int i = 0; i < 20; i++) {
            tick();
        }
        assertEquals(0, woken(0) | woken(1) | woken(2));
        assertEquals(1, woken(3), "RUNNING on the first tick where IBS and OBS are satisfied");
        for (int n = 0; n < 20; n++) {
            // woken at tick 3; ticks 4..13 count the ten cycles down; the LL side of tick 13
            // still sees the delay, tick 14's no longer does
            assertEquals(n <= 13, delayedSeenByLl[n], "tick " + n);
        }
    }

    @Test
    void shouldUseThePeriodAsTheDeadlineWhileStarting() {
        final DpTaskImpl t = task(10_000, () -> tick >= 3, this::countingBody);
        t.schedule();
        for (int i = 0; i < 4; i++) {
            tick();
        }
        assertEquals(3_000 + 10_000, t.deadlineMicros());
        tick();
        assertEquals(4_000 + 10_000, t.deadlineMicros());
    }

    @Test
    void shouldUseTheSmallestSinkFeedingTimeFlooredToMillisecondsAfterStartup() {
        final AudioEngine.Buffer near = memory.filledRing(960); // 2.5 ms of 48 kHz stereo S32
        final AudioEngine.Buffer far = memory.filledRing(7 * 384); // 7 ms
        final DpTaskImpl t = task(2000, () -> true, this::countingBody, far.sink(), near.sink());
        t.schedule();
        for (int i = 0; i < 4; i++) {
            tick(); // woken at tick 0 with 2 cycles to start: delayed until tick 2's DP tick
        }
        assertFalse(t.startupDelayed());
        assertEquals(3_000 + 2_000, t.deadlineMicros(), "tick 3 + floor(2.5 ms)");
    }

    @Test
    void shouldFloorA441KilohertzSinksFeedingTimeAsSofRoundsIt() {
        // 266 B of 44.1 kHz mono S16 last 2988 us (audio_buffer_sink_get_lft): deadline + 2 ms
        final AudioEngine.Buffer ring = memory.engine.newRingBuffer(memory.shared(), 128, 128,
                AudioFormat.of(44_100, 1, SampleFormat.S16_LE));
        final AudioRegion r = new AudioRegion();
        assertEquals(0, ring.sink().getBuffer(266, r));
        assertEquals(0, ring.sink().commitBuffer(266));
        assertEquals(2988, ring.sink().lastFeedingTimeMicros());
        final DpTaskImpl t = task(1000, () -> true, this::countingBody, ring.sink());
        t.schedule();
        for (int i = 0; i < 3; i++) {
            tick(); // woken at tick 0 with one cycle to start
        }
        assertFalse(t.startupDelayed());
        assertEquals(2_000 + 2_000, t.deadlineMicros(), "tick 2 + floor(2988 us)");
    }

    @Test
    void shouldCountADeadlineMissWhenTheBodyRunsPastTheDeadline() {
        final DpTaskImpl t = task(10_000, () -> true, () -> {
            clock.addAndGet(50 * MS); // a slow module: 50 ms against a 10 ms deadline
            return DpTask.RESCHEDULE;
        });
        t.schedule();
        tick();
        assertEquals(1, t.deadlineMisses(), "virtual time judges on the scheduler's clock");
        assertEquals(1, t.lateRuns());
        assertEquals(50 * MS, t.processTime().max(), 50 * MS / 50.0);
    }

    @Test
    void shouldCountNoMissWhenTheBodyFinishesInTime() {
        final DpTaskImpl t = task(10_000, () -> true, () -> {
            clock.addAndGet(3 * MS);
            return DpTask.RESCHEDULE;
        });
        t.schedule();
        for (int i = 0; i < 5; i++) {
            tick();
        }
        assertEquals(0, t.deadlineMisses());
        assertEquals(0, t.lateRuns());
        assertEquals(5, t.processTime().count());
        assertEquals(3 * MS, t.processTime().p50(), 3 * MS / 50.0);
    }

    @Test
    void shouldRunAgainWhenACancelledTaskIsScheduledAgain() {
        final DpTaskImpl t = task(1000, () -> true, this::countingBody);
        t.schedule();
        tick();
        assertEquals(0, t.cancel());
        assertEquals(DpTask.State.CANCEL, t.state());
        tick();
        tick();
        assertEquals(1, runs.get(), "a cancelled task is off the list");
        assertEquals(0, t.schedule());
        assertTrue(t.startupDelayed(), "scheduling sets the startup delay again");
        tick();
        assertEquals(2, runs.get(), "unlike SOF, the task runs again");
    }

    @Test
    void shouldLeaveTheListWhenTheBodyCompletes() {
        final DpTaskImpl t = task(1000, () -> true, () -> {
            runs.incrementAndGet();
            return DpTask.COMPLETED;
        });
        t.schedule();
        tick();
        tick();
        assertEquals(DpTask.State.COMPLETED, t.state());
        assertEquals(1, runs.get());
        t.schedule();
        tick();
        assertEquals(2, runs.get());
    }

    @Test
    void shouldCancelTheTaskAndKeepTheErrorWhenTheBodyThrows() {
        final IllegalStateException boom = new IllegalStateException("boom");
        final DpTaskImpl t = task(1000, () -> true, () -> {
            throw boom;
        });
        t.schedule();
        tick();
        assertEquals(DpTask.State.CANCEL, t.state());
        assertEquals(1, t.failures());
        assertSame(boom, t.lastFailure());
    }

    @Test
    void shouldCancelTheTaskWhenTheBodyReturnsAnUnknownState() {
        final DpTaskImpl t = task(1000, () -> true, () -> 7);
        t.schedule();
        tick();
        assertEquals(DpTask.State.CANCEL, t.state());
        assertTrue(t.lastFailure().getMessage().contains("state=7"));
    }

    @Test
    void shouldEndTheThreadAndRefuseSchedulingWhenFreed() {
        final DpTaskImpl t = task(1000, () -> true, this::countingBody);
        t.free();
        assertFalse(t.thread().isAlive(), "free joins the thread (bounded)");
        assertEquals(-Errno.EINVAL, t.schedule());
    }

    @Test
    void shouldReturnZeroWhenScheduledTwice() {
        final DpTaskImpl t = task(1000, () -> false, this::countingBody);
        assertEquals(0, t.schedule());
        assertEquals(0, t.schedule());
        assertEquals(DpTask.State.QUEUED, t.state());
    }
}
