package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link MachineSpeed}: the fixed loop, and what the benches say of trials that disagree. */
final class MachineSpeedTest {
    private static final String LL = "LL only";

    @Test
    void shouldBlameTheMachineWhenTheLoopSlowedAsMuchAsTheTrial() {
        final String notes = MachineSpeed.notes(LL, new double[] {2700, 1750, 2650},
                new long[] {440_000, 700_000, 445_000}, 440_000);
        assertEquals(1, notes.lines().count(), notes);
        assertTrue(notes.startsWith("note: LL only, trial 2: 1.54x slower by CPU time"), notes);
        assertTrue(notes.contains("read 1.59x the run's fastest") && notes.contains("the machine was slow "
                + "then, not sofj"), notes);
    }

    @Test
    void shouldNotBlameTheHostWhenTheLoopRanAtTheMachinesBestSpeed() {
        final String notes = MachineSpeed.notes(LL, new double[] {1700, 2700, 2650},
                new long[] {445_000, 440_000, 450_000}, 440_000);
        assertTrue(notes.startsWith("note: LL only, trial 1: 1.59x slower"), notes);
        assertTrue(notes.contains("read 1.01x the run's fastest around it: not the host's "
                + "slow state"),
                notes);
        assertTrue(!notes.contains("the machine was slow"), notes);
    }

    @Test
    void shouldSayNothingWhenTheTrialsAgreeWithinFifteenPercent() {
        // 2700 / 2400 = 1.125: within the 15% the benches call agreement
        assertEquals("", MachineSpeed.notes(LL, new double[] {2700, 2400, 2650},
                new long[] {440_000, 800_000, 445_000}, 440_000));
    }

    /**
     * Every trial of a chain on a slow machine: they agree with each other, so no trial is
     * noted, and the row itself is (an LL-only row read 1,917x at loop readings 675-757 us
     * against the run's fastest 416 us, 2026-12-01).
     */
    @Test
    void shouldSayWhenEveryTrialOfAChainRanOnASlowMachine() {
        final String notes = MachineSpeed.notes(LL, new double[] {1648, 1904, 1907},
                new long[] {757_000, 719_000, 675_000}, 416_000);
        assertEquals(1, notes.lines().count(), notes);
        assertTrue(notes.startsWith("note: LL only, every trial: the machine-speed loop read at "
                + "least 1.62x the run's fastest"), notes);
        assertEquals("", MachineSpeed.notes(LL, new double[] {1648, 1904, 1907},
                new long[] {757_000, 419_000, 675_000}, 416_000), "one trial at full speed");
    }

    @Test
    void shouldSayWhenTheMachineWasNotRead() {
        final String notes = MachineSpeed.notes(LL, new double[] {2700, 1000, 2650},
                new long[] {0, 0, 0}, 0);
        assertTrue(notes.contains("trial 2: 2.70x slower") && notes.contains("not read"), notes);
    }

    @Test
    void shouldTakeTheMedianOfATrialsReadings() {
        final long[] readings = {430_000, 690_000, 700_000, 710_000};
        // the least (430,000) would call the trial's machine fast; three of four were slow
        assertEquals(695_000, MachineSpeed.median(readings));
        assertEquals(430_000, readings[0], "the readings are not reordered");
        assertEquals(5, MachineSpeed.median(new long[] {9, 1, 5}));
        assertEquals(0, MachineSpeed.median(new long[0]));
    }

    @Test
    void shouldRunEveryRoundBetweenReadings() {
        final int[] ran = new int[1];
        final long reading = new MachineSpeed().around(3, () -> ran[0]++);
        assertEquals(3, ran[0]);
        assertTrue(reading > 0, "the median of four positive readings: " + reading);
    }

    @Test
    void shouldDoTheSameWorkEveryRun() {
        final int once = MachineSpeed.loop(new int[96], new int[96], new double[96], 100);
        assertEquals(once, MachineSpeed.loop(new int[96], new int[96], new double[96], 100));
        assertNotEquals(once, MachineSpeed.loop(new int[96], new int[96], new double[96], 101));
    }

    @Test
    void shouldReadAPositiveTimeAndKeepTheLoopsResult() {
        final MachineSpeed speed = new MachineSpeed();
        assertTrue(speed.read() > 0);
        // the loop ran RUNS times with PASSES passes each; its checksum is observable
        assertNotEquals(0, speed.checksum());
    }
}
