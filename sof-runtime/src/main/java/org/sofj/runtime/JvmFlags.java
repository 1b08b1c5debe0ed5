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
 */
public final class JvmFlags {
    private static final String PACKAGE = "jdk.internal.misc";
    private static final String AGRONA_CLASS = "org.agrona.UnsafeApi";

    private JvmFlags() {
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
            flags.add("--sun-misc-unsafe-memory-access=allow");
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
