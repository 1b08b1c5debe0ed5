package org.sofj.llext.internal.load;

/**
 * Counted loops inside {@link BoundedLoops}' rule as javac makes them, which
 * {@link StripMiningTest} runs as compiled and as the loader rewrites them ({@link StripMining}),
 * and compares (the plain counted loops of other steps and offsets it makes itself,
 * {@link CountedLoops}). Each returns a hash of every counter value it saw and the counter after
 * the loop; {@link #last} holds the hash so far, for loops that end by an exception.
 */
final class StripLoops {
    /** The hash as of the last iteration that completed. */
    public static long last;

    private StripLoops() {
    }

    /** A leaf that throws ({@code / 0}) where {@code i & 0xfff} is 0. */
    public static long throwing(int start, int bound, int cap) {
        long h = 0;
        int n = 0;
        int i;
        for (i = start; i < bound; i += 5) {
            h = h * 31 + inverse(i);
            last = h;
            if (++n >= cap) {
                break;
            }
        }
        return h * 31 + i + ((long) n << 40);
    }

    private static int inverse(int i) {
        return 1_000_000 / (i & 0xfff);
    }

    /** Indexed, an even step: ends at the first index past the array. */
    public static long indexed(int[] a, int start, int bound) {
        long h = 0;
        int i;
        for (i = start; i < bound; i += 2) {
            h = h * 31 + a[i];
            last = h * 31 + i;
        }
        return h * 31 + i;
    }

    /** Indexed at an invariant offset, a bound that is the array's length. */
    public static long offset(int[] a, int w, int start) {
        long h = 0;
        int i;
        for (i = start; i < a.length; i += 4) {
            h = h * 31 + a[i + w];
            last = h * 31 + i;
        }
        return h * 31 + i;
    }

    /**
     * The suspected hole: an even step up to {@code MAX_VALUE}, the array read at a masked
     * index. Outside the rule (nothing bounds the counter, which wraps for ever): checked.
     */
    public static long masked(int[] a, int start) {
        long h = 0;
        for (int i = start; i < Integer.MAX_VALUE; i += 2) {
            h = h * 31 + a[i & 7];
        }
        return h;
    }

    /**
     * The worst case the rule allows, made slow: iterations of eight dependent square roots,
     * each counted in {@link #iterations}, by an odd step up to {@code MAX_VALUE}. From 0 it
     * runs 715,827,883 iterations, more than half a minute; from just below {@code MAX_VALUE}
     * the counter wraps after 34 iterations and the loop runs on until it meets the bound
     * (within 2<sup>32</sup> iterations, about an hour). Without strip-mining nothing in the
     * loop is checked.
     */
    public static final class Heavy implements Runnable {
        public static int iterations;
        public double sink = 1;
        private final int start;

        public Heavy(int start) {
            this.start = start;
        }

        @Override
        public void run() {
            double x = sink;
            for (int i = start; i < Integer.MAX_VALUE; i += 3) {
                iterations++;
                x = Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(Math.sqrt(
                        Math.sqrt(x + i))))))));
            }
            sink = x;
        }
    }
}
