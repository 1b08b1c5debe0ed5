package org.sofj.llext.internal.load;

import java.util.function.LongSupplier;

/**
 * Counted loops inside {@link BoundedLoops}' rule in javac shapes {@link StripLoops} does not
 * have, which {@link StripShapesTest} runs as compiled and as strip-mined ({@link StripMining})
 * and compares: {@code continue} and {@code break} in the body, a labelled break out of a
 * nested loop, a loop in a {@code try} whose body throws, two loops sharing a counter, loops in a
 * constructor, in {@code <clinit>} and in a lambda, and a loop reading a {@code long[]}. Each
 * returns a hash of the counter values it saw and the counter after the loop; {@link #last}
 * holds the hash so far for loops that end by an exception.
 */
final class StripShapes {
    /** The hash as of the last iteration that completed. */
    public static long last;
    /** What {@code <clinit>}'s loop computed: from near MAX_VALUE, four chunks and a bit. */
    public static final long INIT;

    static {
        long h = 0;
        int i;
        for (i = Integer.MAX_VALUE - 4 * StripMining.CHUNK - 77; i < Integer.MAX_VALUE; i += 3) {
            h = h * 31 + i;
        }
        INIT = h * 31 + i;
    }

    private StripShapes() {
    }

    public static long init() {
        return INIT;
    }

    /** {@code continue} on some counter values, {@code break} at the cap. */
    public static long continueBreak(int start, int bound, int cap) {
        long h = 0;
        int n = 0;
        int i;
        for (i = start; i < bound; i++) {
            if ((i & 7) == 3) {
                continue;
            }
            h = h * 31 + i;
            last = h;
            if (++n >= cap) {
                break;
            }
        }
        return h * 31 + i + ((long) n << 40);
    }

    /** The inner loop (strip-mined) breaks out of the outer one (checked) at the cap. */
    public static long labelled(int start, int bound, int cap) {
        long h = 0;
        int n = 0;
        int i = 0;
        int j;
        outer:
        for (j = 0; j < 3; j++) {
            for (i = start + j; i < bound; i += 3) {
                h = h * 31 + i;
                if (++n >= cap) {
                    break outer;
                }
            }
        }
        return h * 31 + i + ((long) j << 32) + ((long) n << 40);
    }

    /** The body throws ({@code / 0} where {@code i & 0xfff} is 0), caught outside the loop. */
    public static long caught(int start, int bound, int cap) {
        long h = 0;
        int n = 0;
        int i = start;
        try {
            for (i = start; i < bound; i += 7) {
                h = h * 31 + 1_000_000 / (i & 0xfff);
                if (++n >= cap) {
                    break;
                }
            }
        } catch (ArithmeticException e) {
            h = -h;
        }
        return h * 31 + i + ((long) n << 40);
    }

    /** Two loops, one counter: the second starts where the first ended, less some. */
    public static long siblings(int start, int bound, int cap) {
        long h = 0;
        int n = 0;
        int i;
        for (i = start; i < bound; i += 5) {
            h = h * 31 + i;
            if (++n >= cap) {
                break;
            }
        }
        for (i -= cap; i < bound; i++) {
            h = h * 17 + i;
            if (++n >= 2 * cap) {
                break;
            }
        }
        return h * 31 + i + ((long) n << 40);
    }

    /** A loop in a lambda's body, over the captured range. */
    public static long lambda(int start, int bound, int cap) {
        final LongSupplier s = () -> {
            long h = 7;
            int left = cap;
            int i;
            for (i = start; i < bound && --left > 0; i += 9) {
                h ^= h << 13 ^ i;
            }
            return h * 31 + i + ((long) left << 40);
        };
        return s.getAsLong();
    }

    /** A loop in a constructor. */
    public static long built(int start, int bound, int cap) {
        return new Built(start, bound, cap).hash;
    }

    /** Indexed: a {@code long[]} read at {@code w + i}, an even step, as a {@code while}. */
    public static long longs(long[] a, int w, int start) {
        long h = 1;
        int i = start;
        while (i < a.length) {
            h = h * 33 ^ a[w + i];
            last = h - i;
            i += 2;
        }
        return h - i;
    }

    /** Holds what its constructor's loop computed. */
    static final class Built {
        final long hash;

        Built(int start, int bound, int cap) {
            long h = 0;
            int n = 0;
            int i;
            for (i = start; i < bound; i += 11) {
                h += (long) i * i;
                if (n++ == cap) {
                    break;
                }
            }
            hash = h ^ i ^ (long) n << 40;
        }
    }
}
