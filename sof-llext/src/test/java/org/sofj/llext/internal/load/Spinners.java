package org.sofj.llext.internal.load;

/**
 * Module-shaped code that never returns without touching memory, in every shape a hostile
 * module can loop: {@link PreemptionPointsTest} defines these classes again with preemption
 * checks, in a loader of its own, and runs them on threads it asks to preempt. Each is a
 * {@link Runnable} with a public no-argument constructor; the {@code sink} fields keep the JIT
 * from removing the loops' work.
 */
final class Spinners {
    /** How many spinners have started: each counts itself in before it loops. */
    public static volatile int started;

    private Spinners() {
    }

    /** A plain endless loop. */
    public static final class Loop implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            for (;;) {
                sink++;
            }
        }
    }

    /**
     * Endless recursion without a loop: {@code f(){ try { f(); } finally { f(); } }} goes on past
     * every stack overflow (for about 2 to the depth calls).
     */
    public static final class Recursion implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            f();
        }

        @SuppressWarnings("finally")
        private void f() {
            try {
                sink++;
                f();
            } finally {
                f();
            }
        }
    }

    /** Catches everything the loop throws and loops again. */
    public static final class CatchAll implements Runnable {
        public long caught;

        @Override
        public void run() {
            started++;
            for (;;) {
                try {
                    for (;;) {
                        caught += 0;
                    }
                } catch (Throwable t) {
                    caught++;
                }
            }
        }
    }

    /** Loops again in a {@code finally}. */
    public static final class Finally implements Runnable {
        public long sink;

        @Override
        @SuppressWarnings("finally")
        public void run() {
            started++;
            try {
                for (;;) {
                    sink++;
                }
            } finally {
                for (;;) {
                    sink--;
                }
            }
        }
    }

    /** The loop is a lambda's body. */
    public static final class Lambda implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            final Runnable r = () -> {
                for (;;) {
                    sink++;
                }
            };
            r.run();
        }
    }

    /** The loop is an anonymous class's method. */
    public static final class Anonymous implements Runnable {
        @Override
        public void run() {
            started++;
            new Runnable() {
                private long sink;

                @Override
                public void run() {
                    for (;;) {
                        sink++;
                    }
                }
            }.run();
        }
    }

    /** Holds a monitor and loops: another thread of the same type blocks on it. */
    public static final class Holder implements Runnable {
        public static final Object LOCK = new Object();
        public static volatile boolean held;
        public long sink;

        @Override
        public void run() {
            synchronized (LOCK) {
                started++;
                held = true;
                for (;;) {
                    sink++;
                }
            }
        }
    }

    /** Blocks on the holder's monitor, then loops. */
    public static final class Waiter implements Runnable {
        public long sink;

        @Override
        public void run() {
            synchronized (Holder.LOCK) {
                for (;;) {
                    sink++;
                }
            }
        }
    }

    /**
     * Just outside the rule for loops without a check (an even step): with this bound it never
     * ends, since {@code i} wraps from {@code MAX_VALUE - 1} to {@code MIN_VALUE}.
     */
    public static final class EvenStep implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            for (int i = 0; i < Integer.MAX_VALUE; i += 2) {
                sink += i;
            }
        }
    }

    /** Just outside the rule (loops while {@code i <= bound}): never ends at this bound. */
    public static final class AtMost implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            for (int i = 0; i <= Integer.MAX_VALUE; i++) {
                sink += i;
            }
        }
    }

    /**
     * A counted loop whose test combines the counter into its bound: {@code i & 1} is always
     * below 2, so it never ends, though the test reads only the counter and constants.
     */
    public static final class Masked implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            for (int i = 0; (i & 1) < 2; i++) {
                sink += i;
            }
        }
    }

    /** As {@link Masked}: {@code i * 2} is even, so it never reaches {@code MAX_VALUE}. */
    public static final class Doubled implements Runnable {
        public long sink;

        @Override
        public void run() {
            started++;
            for (int i = 0; i * 2 < Integer.MAX_VALUE; i++) {
                sink += i;
            }
        }
    }

    /**
     * Counted loops in the rule's shape that call a slow method of {@code Math}: each call can
     * take hundreds of nanoseconds (more for large arguments), 2<sup>32</sup> iterations hours.
     */
    public static final class SlowMath {
        private SlowMath() {
        }

        public static double sin(double[] a) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += Math.sin(a[i]);
            }
            return s;
        }

        public static double pow(double[] a, double e) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += StrictMath.pow(a[i], e);
            }
            return s;
        }
    }

    /** Counted loops inside the rule: they keep no check. */
    public static final class Counted {
        private Counted() {
        }

        public static long sum(int[] a) {
            long s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i];
            }
            return s;
        }

        /** A bound that is an expression of its own, and cheap {@code Math} calls. */
        public static int twice(int[] a, int n) {
            int s = 0;
            for (int i = 0; i < (n << 1) + 1; i++) {
                s += Math.max(a[i & 7], Math.min((int) Math.floor(i * 0.5), n));
            }
            return s;
        }

        /**
         * The slowest body the rule leaves unchecked (sof-bench {@code BoundedLoopBench}): 28
         * dependent reads, each of which can miss the cache, in 63 instructions.
         */
        public static int chase(int[] a, int n, int p) {
            int q = p;
            for (int i = 0; i < n; i++) {
                q = a[a[a[a[a[a[a[a[a[a[a[a[a[a[
                        a[a[a[a[a[a[a[a[a[a[a[a[a[a[q]]]]]]]]]]]]]]]]]]]]]]]]]]]];
            }
            return q;
        }

        /** The FIR's shape: a second index that moves by a variable step. */
        public static void stride(double[] out, int[] in, int at, int frames, int c, int ch) {
            final int end = at + frames;
            for (int f = at, i = c; f < end; f++, i += ch) {
                out[f] = Float.intBitsToFloat(in[i]) + Math.abs(in[i + 1]);
            }
        }
    }

    /**
     * Endless recursion through methods without a loop ({@code ping} calls {@code pong}, which
     * calls {@code ping} again, past stack overflows as {@link Recursion} does): neither is a
     * leaf, so both keep their entry checks.
     */
    public static final class MutualRecursion implements Runnable {
        public long pings;

        @Override
        public void run() {
            started++;
            pong(ping());
        }

        private int ping() {
            pings++;
            return pong(1);
        }

        @SuppressWarnings("finally")
        private int pong(int n) {
            try {
                return ping() + n;
            } finally {
                return ping() - n;
            }
        }
    }

    /** Indexed counted loops: an array read at the counter (plus an invariant) bounds them. */
    public static final class Indexed {
        private Indexed() {
        }

        /** An even step, bounded by the read of {@code a[i]}. */
        public static long even(int[] a) {
            long s = 0;
            for (int i = 0; i < Integer.MAX_VALUE; i += 2) {
                s += a[i];
            }
            return s;
        }

        /** The transforms' shape: the index is an invariant plus the counter, through a local. */
        public static void offset(double[] re, int a0, int span) {
            for (int j = 0; j < span; j++) {
                final int a = a0 + j;
                final double u = re[a];
                re[a] = u + re[a + span];
            }
        }

        /** Not indexed: the offset moves inside the loop, so {@code a[i + w]} bounds nothing. */
        public static long moving(int[] a) {
            long s = 0;
            int w = 0;
            for (int i = 0; i < Integer.MAX_VALUE; i += 2) {
                w--;
                s += a[i + w];
            }
            return s;
        }
    }

    /** Leaves that counted loops call: straight-line static methods, one calling another. */
    public static final class Rounder {
        private Rounder() {
        }

        public static int half(double twice) {
            return (int) (((long) Math.floor(twice) + 1) >> 1);
        }

        public static int clampHalf(double twice) {
            return half(twice > 4294967294.0 ? 4294967294.0
                    : twice < -4294967296.0 ? -4294967296.0 : twice);
        }

        /** A loop: not a leaf. */
        public static int count(int n) {
            int c = 0;
            for (int i = 0; i < n; i += 2) {
                c++;
            }
            return c;
        }
    }

    /** Counted loops calling another class's leaves (the FIR's output loop), and a non-leaf. */
    public static final class Caller {
        private Caller() {
        }

        public static void write(int[] out, double[] in, int frames) {
            for (int f = 0; f < frames; f++) {
                out[f] = Rounder.clampHalf(in[f]);
            }
        }

        public static int notALeaf(int[] out, int frames) {
            int s = 0;
            for (int f = 0; f < frames; f++) {
                s += Rounder.count(out[f]);
            }
            return s;
        }

        /**
         * Over the instruction budget: {@code clampHalf} four times plus the loop is more than
         * {@link BoundedLoops#MAX_INSTRUCTIONS} with no indexed read.
         */
        public static int heavy(double x, int frames) {
            int s = 0;
            for (int f = 0; f < frames; f++) {
                s += Rounder.clampHalf(x + f) + Rounder.clampHalf(x - f)
                        + Rounder.clampHalf(x * f) + Rounder.clampHalf(x + s);
            }
            return s;
        }
    }

    /** Ends by itself: a million rounds of a loop with a call, counted. */
    public static final class Bounded implements Runnable {
        public long sink;

        @Override
        public void run() {
            for (int i = 0; i < 1_000_000; i++) {
                sink += step(i);
            }
        }

        private static int step(int i) {
            return i & 3;
        }
    }
}
