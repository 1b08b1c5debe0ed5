package org.sofj.llext.internal.load;

/**
 * Loops that strip-mining checks only between their chunks, placed so that a thread could
 * run several chunks without a check if only the loops' own checks counted ({@link
 * ChunkBoundTest}): siblings, a loop after a call of a method with a loop, loops around a
 * handler. Each iteration counts itself in {@link ChunkProbe#count} (a static field of another
 * class: plain code the rule admits).
 */
final class ChunkBound {
    private ChunkBound() {
    }

    /** Three loops in a row. */
    public static void siblings(int n) {
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
    }

    /** A loop after a call that ran a loop and returned: its callee checked only at entry. */
    public static void afterCall(int n) {
        one(n);
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
    }

    /** A loop, then a leaf (no check of its own), then a loop: the leaf changes nothing. */
    public static void aroundLeaf(int n) {
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
        final int m = half(n) * 2;
        for (int i = 0; i < m; i++) {
            ChunkProbe.count++;
        }
    }

    /** A loop right after a call of a leaf: nothing ran since the entry's check. */
    public static void afterLeaf(int n) {
        final int m = half(n) * 2;
        for (int i = 0; i < m; i++) {
            ChunkProbe.count++;
        }
    }

    /** A loop that throws at its end, then one in the handler. */
    public static void handler(int n) {
        try {
            for (int i = 0; i < n; i++) {
                ChunkProbe.count++;
            }
            throw new IllegalStateException();
        } catch (IllegalStateException e) {
            for (int i = 0; i < n; i++) {
                ChunkProbe.count++;
            }
        }
    }

    /** Loops inside a loop: the outer one is checked at its back edge. */
    public static void nested(int n, int times) {
        for (int t = 0; t < times; t++) {
            for (int i = 0; i < n; i++) {
                ChunkProbe.count++;
            }
        }
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
    }

    /** One loop: the callee of {@link #afterCall}. */
    public static void one(int n) {
        for (int i = 0; i < n; i++) {
            ChunkProbe.count++;
        }
    }

    private static int half(int n) {
        return n >> 1;
    }
}
