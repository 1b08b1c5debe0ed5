package org.sofj.llext.internal.link;

import java.util.ArrayList;
import java.util.List;

import org.sofj.llext.internal.link.ExportTable.Rule;

/**
 * The two export tables: {@link #USER} for a library with a {@code user_mode} module, the
 * stricter; {@link #KERNEL} for kernel-mode libraries, wider but still explicit. Both deny every
 * family in {@link #COMMON_DENY}. {@code docs/library-format.md} lists the same tables.
 *
 * <p>{@code invokedynamic} is checked apart from these tables: only the bootstraps in
 * {@link LinkChecker#BOOTSTRAPS} (lambdas, string concatenation, record methods) are allowed.
 */
public final class ExportTables {

    /** Families denied in both modes, whatever the allow list says. */
    public static final List<Rule> COMMON_DENY = List.of(
            new Rule("reflection", List.of("java/lang/reflect/**", "java/lang/Class#forName",
                    "java/lang/Class#getDeclared*", "java/lang/Class#getMethod*",
                    "java/lang/Class#getField*", "java/lang/Class#getConstructor*",
                    "java/lang/Class#getEnclosing*", "java/lang/Class#getRecordComponents",
                    "java/lang/Class#newInstance", "java/lang/StackWalker")),
            new Rule("method handles", List.of("java/lang/invoke/**")),
            new Rule("class loaders", List.of("java/lang/ClassLoader", "java/lang/Module",
                    "java/lang/ModuleLayer", "java/util/ServiceLoader", "java/security/**",
                    "java/lang/Class#getClassLoader", "java/lang/Class#getModule",
                    "java/lang/Class#getProtectionDomain", "java/lang/Class#getResource*")),
            new Rule("threads", List.of("java/lang/Thread", "java/lang/ThreadGroup",
                    "java/util/Timer", "java/util/TimerTask", "java/lang/ref/Cleaner",
                    "java/util/concurrent/Executor*", "java/util/concurrent/ThreadPoolExecutor",
                    "java/util/concurrent/ScheduledThreadPoolExecutor",
                    "java/util/concurrent/ScheduledExecutorService",
                    "java/util/concurrent/ForkJoin*", "java/util/concurrent/ThreadFactory",
                    "java/util/concurrent/CompletableFuture", "java/util/concurrent/FutureTask",
                    "java/util/stream/*#parallel", "java/util/**#parallelStream")),
            new Rule("process exit", List.of("java/lang/System#exit", "java/lang/Runtime",
                    "java/lang/Shutdown")),
            new Rule("processes", List.of("java/lang/ProcessBuilder", "java/lang/Process",
                    "java/lang/ProcessHandle")),
            new Rule("native code", List.of("java/lang/System#load", "java/lang/System#loadLibrary",
                    "java/lang/System#mapLibraryName", "java/lang/foreign/**")),
            new Rule("process-wide state", List.of("java/lang/System#setIn",
                    "java/lang/System#setOut", "java/lang/System#setErr",
                    "java/lang/System#setProperty", "java/lang/System#setProperties",
                    "java/lang/System#clearProperty", "java/lang/System#getenv",
                    "java/lang/System#setSecurityManager", "java/lang/System#console",
                    "java/lang/System#inheritedChannel", "java/lang/SecurityManager")),
            new Rule("file I/O", List.of("java/io/File*", "java/io/RandomAccessFile",
                    "java/io/Console", "java/nio/file/**")),
            new Rule("network", List.of("java/net/**", "javax/net/**")),
            new Rule("channels", List.of("java/nio/channels/**")),
            new Rule("JDK internals", List.of("sun/**", "jdk/**", "com/sun/**")));

    /** What user-mode modules may reference beyond their own classes. */
    public static final ExportTable USER = new ExportTable("user-mode",
            List.of("org/sofj/api/**", "java/lang/*", "java/util/*", "java/util/function/*",
                    "java/math/*", "java/nio/*", "java/nio/charset/*", "java/util/regex/*",
                    "java/io/Serializable", "java/io/UncheckedIOException"),
            with(COMMON_DENY, new Rule("console output",
                    List.of("java/lang/Throwable#printStackTrace"))));

    /** What kernel-mode modules may reference: the user list plus I/O streams, concurrency
     * utilities, streams, time and text, under the same denials. */
    public static final ExportTable KERNEL = new ExportTable("kernel-mode",
            List.of("org/sofj/api/**", "java/lang/*", "java/lang/ref/*", "java/util/*",
                    "java/util/function/*", "java/util/stream/*", "java/util/concurrent/*",
                    "java/util/concurrent/atomic/*", "java/util/concurrent/locks/*",
                    "java/util/regex/*", "java/math/*", "java/nio/*", "java/nio/charset/*",
                    "java/io/*", "java/time/**", "java/text/*"),
            COMMON_DENY);

    private ExportTables() {
    }

    private static List<Rule> with(List<Rule> base, Rule extra) {
        final List<Rule> all = new ArrayList<>(base);
        all.add(extra);
        return all;
    }
}
