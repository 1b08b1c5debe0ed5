package org.sofj.api.spi;

/**
 * What the host did to a wall-clock scheduler's ticks, over every core: counted and reported,
 * never charged to a module. Under the virtual clock every count is 0.
 *
 * @param lateTicks    ticks that started more than half a period after their deadline
 * @param stalls       times two or more deadlines of a core passed before its thread ran
 * @param skippedTicks ticks those stalls swallowed: skipped, not run back to back
 * @param dpHolds      ticks that waited for a due DP run the host held up (its thread was not
 *                     run), so that its consumer would not underrun; the ticks a hold costs are
 *                     counted as a stall and skipped
 */
public record HostStalls(long lateTicks, long stalls, long skippedTicks, long dpHolds) {

    /**
     * Validates the counts.
     *
     * @param lateTicks ticks that started more than half a period after their deadline
     * @param stalls times two or more deadlines of a core passed before its thread ran
     * @param skippedTicks ticks those stalls swallowed: skipped, not run back to back
     * @param dpHolds ticks that waited for a due DP run the host held up
     * @throws IllegalArgumentException naming the field and value if a count is negative
     */
    public HostStalls {
        if (lateTicks < 0) {
            throw new IllegalArgumentException("lateTicks=" + lateTicks + " must not be negative");
        }
        if (stalls < 0) {
            throw new IllegalArgumentException("stalls=" + stalls + " must not be negative");
        }
        if (skippedTicks < 0) {
            throw new IllegalArgumentException("skippedTicks=" + skippedTicks
                    + " must not be negative");
        }
        if (dpHolds < 0) {
            throw new IllegalArgumentException("dpHolds=" + dpHolds + " must not be negative");
        }
    }

    /**
     * Counts without DP holds (a scheduler that does not hold ticks for DP runs).
     *
     * @param lateTicks ticks that started more than half a period after their deadline
     * @param stalls times two or more deadlines of a core passed before its thread ran
     * @param skippedTicks ticks those stalls swallowed: skipped, not run back to back
     * @throws IllegalArgumentException naming the field and value if a count is negative
     */
    public HostStalls(long lateTicks, long stalls, long skippedTicks) {
        this(lateTicks, stalls, skippedTicks, 0);
    }
}
