package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
    void shouldReturnNothingForNoTicks() {
        assertArrayEquals(new long[0], TickProbe.lateness(new long[0]));
    }
}
