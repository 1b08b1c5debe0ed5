package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The CLI measures each tick against its own deadline, by the scheduler's skip rule. */
final class TickProbeTest {
    private static final long MS = 1_000_000;

    @Test
    void shouldChargeAStallToOneTickOnlyWhenTheSchedulerSkipsWhatItSwallowed() {
        // a 22 ms stall before tick 3; the scheduler skips to the next period boundary
        final long[] starts = {0, MS, 2 * MS, 25 * MS, 26 * MS, 27 * MS + MS / 10};
        assertArrayEquals(new long[] {0, 0, 0, 22 * MS, 0, MS / 10},
                TickProbe.lateness(starts));
    }

    @Test
    void shouldCarryAShortDelayIntoTheNextTickAsTheSchedulerDoes() {
        // 1.5 ms late is below the two-period stall: the next deadline stays 2 ms
        final long[] starts = {0, 2 * MS + MS / 2, 3 * MS};
        assertArrayEquals(new long[] {0, 3 * MS / 2, MS}, TickProbe.lateness(starts));
    }

    @Test
    void shouldMeasureFromTheDeadlineGridNotFromALateFirstTick() {
        // tick 0 started 200 us late (a cold JIT); every later tick started 3 us after its
        // deadline. The probe sees only starts, so the grid is where the on-time ticks start:
        // tick 0 is 197 us late and the rest on time, where measuring from tick 0 would have
        // made every later tick 803 us late on the grid before
        final long[] starts = new long[50];
        starts[0] = 7 * MS + 200_000;
        for (int i = 1; i < starts.length; i++) {
            starts[i] = (7 + i) * MS + 3_000;
        }
        final long[] late = TickProbe.lateness(starts);
        assertEquals(197_000, late[0]);
        for (int i = 1; i < late.length; i++) {
            assertEquals(0, late[i], "tick " + i);
        }
    }

    @Test
    void shouldReturnNothingForNoTicks() {
        assertArrayEquals(new long[0], TickProbe.lateness(new long[0]));
    }
}
