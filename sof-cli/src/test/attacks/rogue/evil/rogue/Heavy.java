package evil.rogue;

import java.util.List;

/**
 * Vector 37: exponential work inside one JDK call that never calls module code, so no preemption
 * check runs until it returns: the {@code hashCode} of a list that holds the same list twice,
 * nested {@link #DEPTH} times ({@code List.hashCode} of each element: 2<sup>DEPTH</sup> calls,
 * all in the JDK; about 3.5 s of CPU on the project's machine). It ends, so a test that waits for
 * the stuck thread to come back ends too. The link check allows every call here.
 */
final class Heavy {
    /** Deep enough to outlast the tick watchdog's limit and its grace (2 s), finite. */
    static final int DEPTH = 29;

    private Heavy() {
    }

    static int hash() {
        Object l = List.of();
        for (int i = 0; i < DEPTH; i++) {
            l = List.of(l, l);
        }
        return l.hashCode();
    }
}
