package org.sofj.runtime.internal;

import org.sofj.api.MemoryFault;
import org.sofj.runtime.RuntimeEvent;

/**
 * How the kernel records what a module threw without running the module's code: the description
 * is made on the thread that caught the throwable (the instance's own user thread for a
 * user-mode module), from the class name, which no module can fake, and the message, read once,
 * bounded in length, with whatever {@code getMessage} itself throws caught. The kernel then keeps
 * the string only, never the throwable: it never calls {@code toString}, {@code getMessage},
 * {@code equals} or {@code hashCode} on an object a module supplied.
 */
final class Faults {
    /** The longest message kept, in chars. */
    static final int MAX_MESSAGE = 200;

    private Faults() {
    }

    /**
     * Describes {@code t} on the calling thread. Cold path (a fault).
     *
     * @param t what a module threw
     * @return {@code class-name: message}, bounded
     */
    static String describe(Throwable t) {
        final String type = t.getClass().getName();
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable e) {
            message = "<getMessage threw " + e.getClass().getName() + ">";
        }
        if (message == null) {
            return type;
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "...";
        }
        return type + ": " + message;
    }

    /**
     * @param t what a module threw
     * @return the kind of fault it is
     */
    static RuntimeEvent.Kind kindOf(Throwable t) {
        return t instanceof MemoryFault ? RuntimeEvent.Kind.MEMORY_FAULT
                : RuntimeEvent.Kind.EXCEPTION;
    }
}
