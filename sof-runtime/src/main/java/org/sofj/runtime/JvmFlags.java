package org.sofj.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JVM flags sofj needs, in one place, and a check that names a missing one in one line
 * instead of letting Agrona fail later with a raw {@link IllegalAccessError}.
 *
 * <p>Agrona (the memory system's buffers) uses {@code jdk.internal.misc.Unsafe}, so
 * {@code java.base} must export {@code jdk.internal.misc} to Agrona's module:
 * {@code org.agrona} on the module path, {@code ALL-UNNAMED} when Agrona is on the class path.
 * JDK 24 and later also warn about (and will refuse) {@code sun.misc.Unsafe} memory access
 * without {@code --sun-misc-unsafe-memory-access=allow}; that flag cannot be checked from inside
 * the JVM, so {@link #required()} lists it and {@link #check()} does not. docs/embedding.md.
 *
 * <p>The flags for each mode, whatever this JVM is doing, are {@link #required(Mode, int)}:
 * <table class="striped">
 * <caption>JVM flags by mode</caption>
 * <thead><tr><th>mode</th><th>JDK 17-23</th><th>JDK 24 and later, also</th></tr></thead>
 * <tbody>
 * <tr><td>module path</td><td>{@code --add-exports=java.base/jdk.internal.misc=org.agrona}</td>
 * <td>{@code --sun-misc-unsafe-memory-access=allow}</td></tr>
 * <tr><td>class path</td><td>{@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED}</td>
 * <td>{@code --sun-misc-unsafe-memory-access=allow}</td></tr>
 * </tbody>
 * </table>
 */
public final class JvmFlags {
    private static final String PACKAGE = "jdk.internal.misc";
    private static final String AGRONA_CLASS = "org.agrona.UnsafeApi";
    private static final String JDK24 = "--sun-misc-unsafe-memory-access=allow";

    /** How an application loads sofj's jars and Agrona; the flags depend on it. */
    public enum Mode {
        /** Everything on the module path (a modular application, the {@code sofj} launcher). */
        MODULE_PATH,
        /** Everything on the class path (a non-modular application). */
        CLASS_PATH
    }

    private JvmFlags() {
    }

    /**
     * The flags for one way of loading sofj, whatever this JVM does: what a launcher script or a
     * build writes on the {@code java} command line.
     *
     * @param mode    module path or class path
     * @param feature the JDK's feature release ({@code Runtime.version().feature()}), 17 or later
     * @return the flags, each one element, in the form {@code java} takes them
     */
    public static List<String> required(Mode mode, int feature) {
        final List<String> flags = new ArrayList<>();
        flags.add("--add-exports=java.base/" + PACKAGE + "="
                + (mode == Mode.MODULE_PATH ? "org.agrona" : "ALL-UNNAMED"));
        if (feature >= 24) {
            flags.add(JDK24);
        }
        return flags;
    }

    /**
     * {@return how sofj's own classes were loaded in this JVM: {@link Mode#MODULE_PATH} when
     * {@code org.sofj.runtime} is a named module, else {@link Mode#CLASS_PATH}}
     */
    public static Mode mode() {
        return JvmFlags.class.getModule().isNamed() ? Mode.MODULE_PATH : Mode.CLASS_PATH;
    }

    /**
     * {@return the flags this JVM needs for sofj: the export to Agrona's module as it is loaded
     * here (named or class path), plus the JDK 24+ flag on JDK 24 and later}
     */
    public static List<String> required() {
        final List<String> flags = new ArrayList<>();
        flags.add("--add-exports java.base/" + PACKAGE + "=" + agrona().map(JvmFlags::target)
                .orElse("org.agrona"));
        if (Runtime.version().feature() >= 24) {
            flags.add(JDK24);
        }
        return flags;
    }

    /**
     * Checks that {@code java.base} exports {@code jdk.internal.misc} to Agrona; does nothing when
     * Agrona is not visible (no memory system that needs it).
     *
     * @throws IllegalStateException naming the missing flag
     */
    public static void check() {
        final Optional<Module> agrona = agrona();
        if (agrona.isPresent() && !Object.class.getModule().isExported(PACKAGE, agrona.get())) {
            throw new IllegalStateException("the JVM lacks the flag --add-exports java.base/"
                    + PACKAGE + "=" + target(agrona.get()) + " that sofj's memory system (Agrona)"
                    + " needs; add it to the java command line (docs/embedding.md)");
        }
    }

    private static String target(Module m) {
        return m.isNamed() ? m.getName() : "ALL-UNNAMED";
    }

    private static Optional<Module> agrona() {
        final Optional<Module> named = ModuleLayer.boot().findModule("org.agrona");
        if (named.isPresent()) {
            return named;
        }
        for (ClassLoader l : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
            JvmFlags.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
            if (l == null) {
                continue;
            }
            try {
                return Optional.of(Class.forName(AGRONA_CLASS, false, l).getModule());
            } catch (ClassNotFoundException e) {
                // not visible from this loader: try the next
            }
        }
        return Optional.empty();
    }
}
