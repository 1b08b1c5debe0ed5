package evil.rogue;

/**
 * Code that never returns and never touches simulated memory, so no memory fault can end it: only
 * the runtime's preemption checks (inserted into this library's classes as they are defined) take
 * the thread back. Each shape is one vector of {@link Rogue}: 30 a plain loop, 31 a loop that
 * catches every throwable and loops again, 32 a loop in a {@code finally} after a loop, 33 endless
 * recursion without a loop ({@code try { f(); } finally { f(); }}), 34 the loop in a lambda, 35
 * the loop in an anonymous class; 36 spins in {@code free}.
 */
final class Spin {
    /** Never set: a condition the JIT cannot fold away. */
    static volatile boolean never;
    static long sink;

    private Spin() {
    }

    static long by(int vector) {
        switch (vector) {
            case 31:
                return catchAll();
            case 32:
                return inFinally();
            case 33:
                recurse();
                return sink;
            case 34:
                final long[] box = new long[1];
                final Runnable r = () -> box[0] = loop();
                r.run();
                return box[0];
            case 35:
                return new Object() {
                    long run() {
                        return loop();
                    }
                }.run();
            default:
                return loop();
        }
    }

    static long loop() {
        long h = 1;
        while (!never) {
            h = h * 31 + 7;
        }
        return h;
    }

    private static long catchAll() {
        long caught = 0;
        while (!never) {
            try {
                caught += loop();
            } catch (Throwable t) {
                caught++;
            }
        }
        return caught;
    }

    @SuppressWarnings("finally")
    private static long inFinally() {
        try {
            return loop();
        } finally {
            sink = loop();
        }
    }

    @SuppressWarnings("finally")
    private static void recurse() {
        try {
            sink++;
            recurse();
        } finally {
            recurse();
        }
    }
}
