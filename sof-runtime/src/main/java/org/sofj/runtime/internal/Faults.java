package org.sofj.runtime.internal;

import org.sofj.api.MemoryFault;
import org.sofj.api.spi.Printable;
import org.sofj.runtime.RuntimeEvent;

/**
 * How the kernel records what a module threw without running the module's code: the description
 * is made on the thread that caught the throwable (the instance's own user thread for a
 * user-mode module), from the class name, which no module can fake, the message, read once,
 * bounded in length, with whatever {@code getMessage} itself throws caught, and where the
 * module's own code was when it threw (the first frame of the stack trace outside the JDK and
 * sofj's platform, read the same way). The kernel then keeps the string only, never the
 * throwable: it never calls {@code toString}, {@code getMessage}, {@code equals} or
 * {@code hashCode} on an object a module supplied.
 */
final class Faults {
    /** The longest message kept, in chars. */
    static final int MAX_MESSAGE = 200;
    /** The longest location kept, in chars (a class, a method and a file name). */
    static final int MAX_LOCATION = 300;
    /** Frames looked at for the module's own, from the top: past them, no location. */
    static final int MAX_FRAMES = 64;
    /** Finds the class of {@link #describe}'s caller: the kernel code that caught the fault. */
    private static final StackWalker CALLER = StackWalker.getInstance();

    private Faults() {
    }

    /**
     * Describes {@code t} on the calling thread, which caught it: call it from the method whose
     * {@code catch} got {@code t} (its class bounds the search for the module's frame). Cold
     * path (a fault).
     *
     * @param t what a module threw
     * @return {@code class-name: message (at class.method(File.java:line))}, bounded; without
     *         the message when there is none, without the location when no frame is the module's
     */
    static String describe(Throwable t) {
        final String type = Printable.escapeControls(t.getClass().getName());
        String message;
        try {
            message = t.getMessage();
        } catch (Throwable e) {
            message = "<getMessage threw " + e.getClass().getName() + ">";
        }
        final String where = location(t, CALLER.walk(frames -> frames.skip(1).findFirst())
                .map(StackWalker.StackFrame::getClassName).orElse(""));
        if (message == null) {
            return type + where;
        }
        return type + ": " + Printable.escapeControls(bounded(message, MAX_MESSAGE)) + where;
    }

    /**
     * Where the module's code was: the first of the top {@link #MAX_FRAMES} frames whose class is
     * neither the JDK's nor sofj's platform (a module calling {@code MemoryAccess} faults inside
     * sof-mmu, and the frame an author needs is the call's), above the frame of the kernel code
     * that caught it ({@code catcher}): below that are the kernel's callers (a thread's start, or
     * an embedder's call on the virtual clock), never the module. A module's throwable may
     * override {@code getStackTrace}; what it returns or throws gives no location or a printable,
     * bounded one, never a failure.
     *
     * @param catcher the class of the kernel code that caught {@code t}
     * @return {@code " (at class.method(File.java:line))"}, or empty
     */
    private static String location(Throwable t, String catcher) {
        try {
            final StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; frames != null && i < Math.min(frames.length, MAX_FRAMES); i++) {
                final StackTraceElement f = frames[i];
                if (f != null && f.getClassName().equals(catcher)) {
                    break;
                }
                if (f != null && !platform(f.getClassName())) {
                    final String file = f.getFileName();
                    final int line = f.getLineNumber();
                    return " (at " + Printable.escapeControls(bounded(f.getClassName() + "."
                            + f.getMethodName()
                            + "(" + (file == null ? "Unknown Source" : file)
                            + (line >= 0 ? ":" + line : "") + ")", MAX_LOCATION)) + ")";
                }
            }
        } catch (Throwable e) {
            // an overridden getStackTrace that throws: no location
        }
        return "";
    }

    /** The JDK's classes and sofj's own, except the bundled plugins ({@code org.sofj.plugins}). */
    private static boolean platform(String className) {
        return className.startsWith("java.") || className.startsWith("javax.")
                || className.startsWith("jdk.") || className.startsWith("sun.")
                || className.startsWith("com.sun.")
                || className.startsWith("org.sofj.") && !className.startsWith("org.sofj.plugins.");
    }

    private static String bounded(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "..." : s;
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
