package org.sofj.llext.internal.load;

/**
 * Counted loops at the edge of {@link BoundedLoops#withinChunk} (a constant start and a
 * constant bound at most a chunk apart need no chunks), for {@link ShortLoopsTest}. Each
 * returns a hash of what it ran, the counter after it included; {@code cap} ends the ones that
 * could run long.
 */
final class ShortLoops {
    private ShortLoops() {
    }

    /** 96 iterations from 0: short. */
    public static long constant(int seed, int cap) {
        long h = seed;
        int i;
        for (i = 0; i < 96; i++) {
            h = h * 31 + i;
        }
        return h * 31 + i;
    }

    /** From -5 to 100 by 3: short (105 apart). */
    public static long offsetStart(int seed, int cap) {
        long h = seed;
        int i;
        for (i = -5; i < 100; i += 3) {
            h ^= (long) i << (i & 31);
        }
        return h - i;
    }

    /** Exactly a chunk from 0, through {@code i + 1}: short. */
    public static long exactChunk(int seed, int cap) {
        long h = seed;
        int i;
        for (i = -1; i + 1 < 65_536; i++) {
            h += (long) i * i;
        }
        return h ^ i;
    }

    /** A chunk and one more: chunked. */
    public static long chunkPlusOne(int seed, int cap) {
        long h = seed;
        int i;
        for (i = 0; i < 65_537; i++) {
            h = (h << 1) - i;
        }
        return h + (i >> 1);
    }

    /** A constant bound, but the start is farther than a chunk below it: chunked. */
    public static long farStart(int seed, int cap) {
        long h = seed;
        int i;
        for (i = -65_536; i < 100; i++) {
            h = h * 7 ^ i;
        }
        return h * 3 - i;
    }

    /** Ten below the bound, but the step wraps past it: chunked (ended by the cap). */
    public static long wraps(int seed, int cap) {
        long h = seed;
        int n = 0;
        int i;
        for (i = Integer.MAX_VALUE - 10; i < Integer.MAX_VALUE; i += 32_767) {
            h = h * 31 + i;
            if (++n >= cap) {
                break;
            }
        }
        return h * 31 + i;
    }

    /** The counter written in the body: outside the rule, checked at its back edge. */
    public static long changedCounter(int seed, int cap) {
        long h = seed;
        int n = 0;
        int i;
        for (i = 0; i < 96; i++) {
            h = h * 31 + i;
            if ((h & 7) == 0) {
                i = 0;
            }
            if (++n >= cap) {
                break;
            }
        }
        return h * 31 + i;
    }

    /** A short loop inside another: the outer one keeps its check. */
    public static long nested(int seed, int cap) {
        long h = seed;
        for (int j = 0; j < cap; j++) {
            for (int i = 0; i < 96; i++) {
                h = h * 31 + i;
            }
        }
        return h;
    }

    /** A start that is a parameter: chunked. */
    public static long fromLocal(int seed, int cap) {
        long h = 0;
        int i;
        for (i = seed; i < 96; i++) {
            h = h * 31 + i;
        }
        return h * 31 + i;
    }

    /** Two short loops in a row: the second gets a check on its way in. */
    public static long twoShort(int seed, int cap) {
        long h = seed;
        for (int i = 0; i < 96; i++) {
            h = h * 31 + i;
        }
        for (int i = 0; i < 48; i++) {
            h = h * 17 + i;
        }
        return h;
    }
}
