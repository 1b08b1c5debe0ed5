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
        final String type = printable(t.getClass().getName());
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
        return type + ": " + printable(message);
    }

    /**
     * The text with every control character (C0, DEL, C1) written as a backslash, {@code u}
     * and four hex digits: the
     * description goes into log lines, the text report and the terminal, and a module's message
     * (or its class's name: the JVM allows a line feed in one) must not forge a line there or
     * send the terminal an escape sequence.
     */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean control = c < 0x20 || c >= 0x7F && c <= 0x9F;
            if (control && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (control) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
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
