package org.sofj.llext.internal.load;

/**
 * What {@link ChunkBoundTest} puts in place of the preemption check: it records the most
 * iterations {@link ChunkBound}'s loops ran between two checks. Public, so the copies of
 * {@link ChunkBound} a test's own loader defines reach it; one test thread at a time.
 */
public final class ChunkProbe {
    /** Loop iterations so far: each of {@link ChunkBound}'s loops counts its own. */
    public static int count;
    /** {@link #count} at the last check. */
    public static int last;
    /** The most iterations between two checks so far. */
    public static int gap;

    private ChunkProbe() {
    }

    /** The check: closes a gap. */
    public static void poll() {
        gap = Math.max(gap, count - last);
        last = count;
    }

    /** Starts counting afresh. */
    static void reset() {
        count = 0;
        last = 0;
        gap = 0;
    }
}
