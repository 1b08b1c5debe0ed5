package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

/** The CLI measures each tick's start against the deadline the scheduler gave that tick. */
final class TickProbeTest {
    private static final long MS = 1_000_000;
    private static final int PROBE_ID = 7;

    private long now;
    private long deadline;

    private TickProbe probeWith(boolean wall) {
        final TickProbe p = new TickProbe(16, () -> now);
        if (wall) {
            p.deadlines(() -> deadline);
        }
        return p;
    }

    private static ProcessingModule instance(TickProbe p) {
        final ProcessingModule m = p.create(TickProbe.NAME);
        m.init((ModuleContext) Proxy.newProxyInstance(TickProbeTest.class.getClassLoader(),
                new Class<?>[] {ModuleContext.class}, (self, method, args) -> {
                    assertEquals("componentId", method.getName(), "the probe read " + method);
                    return PROBE_ID;
                }));
        return m;
    }

    private void tick(ProcessingModule m, long start, long tickDeadline) {
        now = start;
        deadline = tickDeadline;
        m.process(new Source[0], new Sink[0]);
    }

    @Test
    void shouldMeasureEachStartAgainstTheSchedulersOwnDeadline() {
        final TickProbe p = probeWith(true);
        final ProcessingModule m = instance(p);
        tick(m, 5 * MS + 3_000, 5 * MS);          // on time, 3 us into the tick
        // a stall that ends 4 us after two periods as the probe sees it, but 1.998 ms late as
        // the scheduler measured: it did not skip, so the next deadline is 6 ms, already past.
        // A grid rebuilt from the starts alone cannot tell the two apart (it was a period off)
        tick(m, 8 * MS + 4_000, 6 * MS);
        tick(m, 8 * MS + 12_000, 7 * MS);          // catching up: 1.012 ms late
        tick(m, 8 * MS + 20_000, 8 * MS);
        tick(m, 9 * MS + 2_000, 9 * MS);
        // a 22 ms stall the scheduler skipped: one late tick, then on time again
        tick(m, 32 * MS, 10 * MS);
        tick(m, 33 * MS + 1_000, 33 * MS);
        assertArrayEquals(new long[] {3_000, 2 * MS + 4_000, MS + 12_000, 20_000, 2_000,
                22 * MS, 1_000}, p.lateness(PROBE_ID));
        assertArrayEquals(new long[] {5 * MS + 3_000, 8 * MS + 4_000, 8 * MS + 12_000,
                8 * MS + 20_000, 9 * MS + 2_000, 32 * MS, 33 * MS + 1_000}, p.starts(PROBE_ID));
    }

    @Test
    void shouldRecordNoLatenessWhereTheSchedulerHasNoDeadline() {
        // virtual time: Long.MIN_VALUE from the runtime, and ticks back to back
        final TickProbe p = probeWith(false);
        final ProcessingModule m = instance(p);
        tick(m, 100, 0);
        tick(m, 250, 0);
        assertArrayEquals(new long[] {0, 0}, p.lateness(PROBE_ID));
        assertArrayEquals(new long[] {100, 250}, p.starts(PROBE_ID));
    }

    @Test
    void shouldStampAVirtualTickWithTheSchedulersReadingWithoutReadingTheClock() {
        final long[] reads = new long[1];
        final long[] tickStart = {Long.MIN_VALUE};
        final TickProbe p = new TickProbe(16, () -> {
            reads[0]++;
            return now;
        });
        p.tickStarts(() -> tickStart[0]);
        final ProcessingModule m = instance(p);
        now = 900;
        tickStart[0] = 100;
        m.process(new Source[0], new Sink[0]);
        tickStart[0] = 250;
        m.process(new Source[0], new Sink[0]);
        assertEquals(0, reads[0], "the scheduler's reading is the tick's start");
        tickStart[0] = Long.MIN_VALUE; // no reading (a thread not running a virtual tick)
        m.process(new Source[0], new Sink[0]);
        assertEquals(1, reads[0], "without one, the probe reads its clock");
        assertArrayEquals(new long[] {100, 250, 900}, p.starts(PROBE_ID));
        assertArrayEquals(new long[] {0, 0, 0}, p.lateness(PROBE_ID));
    }

    @Test
    void shouldReadItsOwnClockOnTheWallClockEvenWithATickReading() {
        final TickProbe p = probeWith(true);
        p.tickStarts(() -> 5 * MS);
        final ProcessingModule m = instance(p);
        tick(m, 5 * MS + 3_000, 5 * MS);
        assertArrayEquals(new long[] {5 * MS + 3_000}, p.starts(PROBE_ID),
                "the probe's own start, so lateness includes the tick's way to the probe");
        assertArrayEquals(new long[] {3_000}, p.lateness(PROBE_ID));
    }

    @Test
    void shouldReturnNothingForAProbeThatNeverRan() {
        assertArrayEquals(new long[0], probeWith(true).lateness(PROBE_ID));
        assertArrayEquals(new long[0], probeWith(true).starts(PROBE_ID));
    }
}
