package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Wall time's duty cycle driven by a stepped clock: absolute deadlines, late ticks, stalls. */
final class WallTickerTest {
    private static final long MS = 1_000_000;

    private final AtomicLong clock = new AtomicLong(7 * MS); // any start works
    private final LlCore core = new LlCore(0, false, 16);
    private final LatencyRecorder lateness = new LatencyRecorder();
    private final WallTicker ticker = new WallTicker(core, clock::get, MS, lateness);
    private final long[] ranTicks = new long[16];
    private int ran;

    WallTickerTest() {
        core.addLlTask(Pipeline.task("record", t -> ranTicks[ran++] = t));
        ticker.start(clock.get());
    }

    private void at(long nanosAfterStart) {
        clock.set(7 * MS + nanosAfterStart);
    }

    @Test
    void shouldRunTickZeroAtStartThenWaitForTheNextDeadline() {
        assertEquals(0, ticker.doWork());
        assertEquals(MS, ticker.doWork());
        assertEquals(1, core.ticks());
    }

    @Test
    void shouldCountATickThatThrowsAndMoveOnToTheNext() {
        core.addLlTask(Pipeline.task("boom", t -> {
            if (t == 1) {
                throw new IllegalStateException("boom at tick " + t);
            }
        }));
        ticker.doWork();
        at(MS);
        assertThrows(IllegalStateException.class, ticker::doWork);
        assertEquals(2, core.ticks(), "the throwing tick is counted");
        at(2 * MS);
        assertEquals(0, ticker.doWork());
        assertEquals(3, core.ticks());
        assertEquals(2, ranTicks[2], "the next tick is tick 2, not tick 1 again");
    }

    @Test
    void shouldKeepAbsoluteDeadlinesWhenATickStartsLate() {
        ticker.doWork();
        at(MS + 300_000);
        assertEquals(0, ticker.doWork());
        assertEquals(700_000, ticker.doWork(), "tick 2 is still due at 2 ms: no drift");
    }

    @ParameterizedTest(name = "lateness {0} ns -> late ticks {1}")
    @CsvSource({"0, 0", "400000, 0", "500000, 0", "500001, 1", "1900000, 1"})
    void shouldCountALateTickWhenMoreThanHalfAPeriodLate(long late, long lateTicks) {
        ticker.doWork();
        at(MS + late);
        ticker.doWork();
        assertEquals(lateTicks, ticker.lateTicks());
        assertEquals(0, ticker.stalls());
    }

    @Test
    void shouldSkipAndCountTheTicksAHostStallSwallowed() {
        ticker.doWork();
        ticker.doWork();
        at(MS);
        ticker.doWork(); // tick 1 on time
        at(5 * MS + 200_000); // deadline 2 was 3.2 ms ago: deadlines 2, 3, 4 passed
        assertEquals(0, ticker.doWork());
        assertEquals(1, ticker.stalls());
        assertEquals(3, ticker.skippedTicks());
        assertEquals(1, ticker.lateTicks());
        assertEquals(5, ranTicks[2], "the stalled tick runs as tick 5");
        assertEquals(800_000, ticker.doWork(), "tick 6 is due at 6 ms");
    }

    @Test
    void shouldRecordTheFullLatenessOfAStalledTick() {
        ticker.doWork();
        at(MS + 3_200_000);
        ticker.doWork();
        assertEquals(3_200_000, lateness.snapshot().max(), 3_200_000 / 50.0);
        assertEquals(2, lateness.snapshot().count());
    }

    @ParameterizedTest(name = "{0} ns before the deadline -> park {1} ns")
    @CsvSource({"1000000, 800000", "200001, 1", "200000, 0", "150000, 0", "1, 0"})
    void shouldParkUntilTheSpinMarginThenSpin(long untilDeadline, long park) {
        assertEquals(park, WallTicker.parkNanos(untilDeadline));
    }
}
