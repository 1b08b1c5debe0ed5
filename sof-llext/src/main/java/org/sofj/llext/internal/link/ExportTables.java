package org.sofj.llext.internal.link;

import java.util.ArrayList;
import java.util.List;

import org.sofj.llext.internal.link.ExportTable.Rule;

/**
 * The two export tables: {@link #USER} for a library with a {@code user_mode} module, a closed
 * allow-list; {@link #KERNEL} for kernel-mode libraries, wider package-wide allows. Both deny every
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

    /**
     * Families refused to user-mode modules, checked before the allow-list so that a member of an
     * allowed class is still refused ({@code Arrays.parallelSetAll}, {@code System.out}), and so
     * that a refusal names what the reference would have done. Then {@link #COMMON_DENY}.
     */
    public static final List<Rule> USER_DENY = with(List.of(
            new Rule("console output", List.of("java/lang/System#out", "java/lang/System#err",
                    "java/lang/System#in", "java/lang/System#console",
                    "java/lang/Throwable#printStackTrace", "java/io/Console",
                    "java/io/PrintStream", "java/io/PrintWriter")),
            new Rule("logging", List.of("java/lang/System#getLogger", "java/lang/System$Logger",
                    "java/lang/System$LoggerFinder", "java/util/logging/**")),
            new Rule("finalizers", List.of("java/lang/Object#finalize", "java/lang/System#gc",
                    "java/lang/System#runFinalization", "java/lang/ref/**")),
            new Rule("threads", List.of("java/util/Arrays#parallel*",
                    "java/util/stream/StreamSupport", "java/util/concurrent/**",
                    "java/math/BigInteger#parallel*")),
            new Rule("blocking", List.of("java/lang/Object#wait")),
            // sources whose loop can run inside the JDK for ever, calling nothing of the module
            // when given the JDK's own functions (`Stream.generate(Object::new).count()`), where
            // no preemption check of the module's code can take its thread back
            new Rule("endless sources", List.of("java/util/stream/Stream#generate",
                    "java/util/stream/Stream#iterate", "java/util/stream/IntStream#generate",
                    "java/util/stream/IntStream#iterate", "java/util/stream/LongStream#generate",
                    "java/util/stream/LongStream#iterate", "java/util/stream/LongStream#range*",
                    "java/util/stream/DoubleStream#generate",
                    "java/util/stream/DoubleStream#iterate", "java/util/Random#ints",
                    "java/util/Random#longs", "java/util/Random#doubles",
                    "java/util/SplittableRandom#ints", "java/util/SplittableRandom#longs",
                    "java/util/SplittableRandom#doubles")),
            new Rule("resource lookups", List.of("java/util/ResourceBundle",
                    "java/util/ListResourceBundle", "java/util/PropertyResourceBundle",
                    "java/util/ServiceLoader", "java/util/spi/**",
                    "java/nio/charset/Charset#forName", "java/nio/charset/Charset#availableCharsets",
                    "java/nio/charset/Charset#isSupported", "java/nio/charset/spi/**")),
            new Rule("process-wide state", List.of("java/lang/System#getProperty",
                    "java/lang/System#getProperties", "java/lang/Integer#getInteger",
                    "java/lang/Long#getLong", "java/lang/Boolean#getBoolean",
                    "java/util/Locale#setDefault")),
            new Rule("native memory", List.of("java/nio/ByteBuffer#allocateDirect")),
            new Rule("not the author API", List.of("org/sofj/**", "!org/sofj/api/*",
                    "!org/sofj/api/audio/*", "!org/sofj/api/memory/*",
                    "!org/sofj/api/spi/ModuleProvider"))), COMMON_DENY);

    /**
     * The closed list of what a user-mode module may reference beyond its own classes: sofj's
     * author API and a listed subset of {@code java.base} that computes on the caller's own thread
     * and reaches nothing outside the module's objects. Everything else is refused.
     */
    public static final List<String> USER_ALLOW = List.of(
            // sofj's author API; of the SPI only what a library provides
            "org/sofj/api/*", "org/sofj/api/audio/*", "org/sofj/api/memory/*",
            "org/sofj/api/spi/ModuleProvider",
            // java.lang: objects, strings, boxes, math, enums, records
            "java/lang/Object", "java/lang/String", "java/lang/CharSequence",
            "java/lang/StringBuilder", "java/lang/StringBuffer", "java/lang/Appendable",
            "java/lang/Readable", "java/lang/Comparable", "java/lang/Iterable",
            "java/lang/AutoCloseable", "java/lang/Cloneable", "java/lang/Runnable",
            "java/lang/Enum", "java/lang/Record", "java/lang/Number", "java/lang/Boolean",
            "java/lang/Byte", "java/lang/Character", "java/lang/Short", "java/lang/Integer",
            "java/lang/Long", "java/lang/Float", "java/lang/Double", "java/lang/Void",
            "java/lang/Math", "java/lang/StrictMath", "java/lang/StackTraceElement",
            "java/lang/annotation/*",
            // java.lang: System and Class only for what does not reach the process or reflection
            "java/lang/System#arraycopy", "java/lang/System#identityHashCode",
            "java/lang/System#nanoTime", "java/lang/System#currentTimeMillis",
            "java/lang/System#lineSeparator",
            "java/lang/Class#getName", "java/lang/Class#getSimpleName",
            "java/lang/Class#getTypeName", "java/lang/Class#getCanonicalName",
            "java/lang/Class#getPackageName", "java/lang/Class#toString",
            "java/lang/Class#isInstance", "java/lang/Class#cast", "java/lang/Class#isArray",
            "java/lang/Class#isPrimitive", "java/lang/Class#isInterface", "java/lang/Class#isEnum",
            "java/lang/Class#isRecord", "java/lang/Class#isAssignableFrom",
            "java/lang/Class#getComponentType", "java/lang/Class#componentType",
            "java/lang/Class#desiredAssertionStatus",
            // java.lang: exceptions and errors a module throws or catches
            "java/lang/Throwable", "java/lang/Exception", "java/lang/RuntimeException",
            "java/lang/Error", "java/lang/ArithmeticException",
            "java/lang/ArrayIndexOutOfBoundsException", "java/lang/ArrayStoreException",
            "java/lang/ClassCastException", "java/lang/CloneNotSupportedException",
            "java/lang/IllegalArgumentException", "java/lang/IllegalStateException",
            "java/lang/IllegalMonitorStateException", "java/lang/IndexOutOfBoundsException",
            "java/lang/InterruptedException", "java/lang/NegativeArraySizeException",
            "java/lang/NullPointerException", "java/lang/NumberFormatException",
            "java/lang/SecurityException", "java/lang/StringIndexOutOfBoundsException",
            "java/lang/UnsupportedOperationException", "java/lang/AssertionError",
            "java/lang/OutOfMemoryError", "java/lang/StackOverflowError",
            "java/lang/VirtualMachineError", "java/lang/LinkageError",
            "java/lang/IncompatibleClassChangeError", "java/lang/NoSuchFieldError",
            "java/lang/NoSuchMethodError", "java/lang/NoClassDefFoundError",
            "java/lang/ExceptionInInitializerError",
            // java.util: collections, their helpers, and plain value classes
            "java/util/Collection", "java/util/List", "java/util/Set", "java/util/Map",
            "java/util/SortedMap", "java/util/SortedSet", "java/util/NavigableMap",
            "java/util/NavigableSet", "java/util/Queue", "java/util/Deque",
            "java/util/Iterator", "java/util/ListIterator", "java/util/PrimitiveIterator",
            "java/util/Spliterator", "java/util/Spliterators", "java/util/RandomAccess",
            "java/util/Comparator", "java/util/Enumeration", "java/util/AbstractCollection",
            "java/util/AbstractList", "java/util/AbstractSequentialList",
            "java/util/AbstractSet", "java/util/AbstractMap", "java/util/AbstractQueue",
            "java/util/ArrayList", "java/util/LinkedList", "java/util/ArrayDeque",
            "java/util/PriorityQueue", "java/util/HashMap", "java/util/LinkedHashMap",
            "java/util/TreeMap", "java/util/IdentityHashMap", "java/util/EnumMap",
            "java/util/HashSet", "java/util/LinkedHashSet", "java/util/TreeSet",
            "java/util/EnumSet", "java/util/BitSet", "java/util/Vector", "java/util/Stack",
            "java/util/Hashtable", "java/util/Dictionary", "java/util/Collections",
            "java/util/Arrays", "java/util/Objects", "java/util/Optional",
            "java/util/OptionalInt", "java/util/OptionalLong", "java/util/OptionalDouble",
            "java/util/Random", "java/util/SplittableRandom", "java/util/UUID",
            "java/util/StringJoiner", "java/util/StringTokenizer", "java/util/Base64",
            "java/util/HexFormat", "java/util/Locale", "java/util/IntSummaryStatistics",
            "java/util/LongSummaryStatistics", "java/util/DoubleSummaryStatistics",
            "java/util/NoSuchElementException", "java/util/ConcurrentModificationException",
            "java/util/EmptyStackException", "java/util/function/*",
            // sequential streams (parallel ones are refused above)
            "java/util/stream/BaseStream", "java/util/stream/Stream",
            "java/util/stream/IntStream", "java/util/stream/LongStream",
            "java/util/stream/DoubleStream", "java/util/stream/Collector",
            "java/util/stream/Collectors",
            // regular expressions, big numbers, buffers, charsets, the I/O exceptions
            "java/util/regex/*", "java/math/*", "java/nio/Buffer", "java/nio/ByteBuffer",
            "java/nio/CharBuffer", "java/nio/ShortBuffer", "java/nio/IntBuffer",
            "java/nio/LongBuffer", "java/nio/FloatBuffer", "java/nio/DoubleBuffer",
            "java/nio/ByteOrder", "java/nio/BufferOverflowException",
            "java/nio/BufferUnderflowException", "java/nio/InvalidMarkException",
            "java/nio/ReadOnlyBufferException", "java/nio/charset/StandardCharsets",
            "java/nio/charset/Charset", "java/nio/charset/CharsetEncoder",
            "java/nio/charset/CharsetDecoder", "java/nio/charset/CoderResult",
            "java/nio/charset/CodingErrorAction", "java/nio/charset/CharacterCodingException",
            "java/io/Serializable", "java/io/IOException", "java/io/UncheckedIOException");

    /** What user-mode modules may reference beyond their own classes: {@link #USER_ALLOW}
     * under {@link #USER_DENY}. */
    public static final ExportTable USER = new ExportTable("user-mode", USER_ALLOW, USER_DENY,
            "not on the user-mode allow-list");

    /** What kernel-mode modules may reference: the user list plus I/O streams, concurrency
     * utilities, streams, time and text, under the same denials. */
    public static final ExportTable KERNEL = new ExportTable("kernel-mode",
            List.of("org/sofj/api/**", "java/lang/*", "java/lang/ref/*", "java/util/*",
                    "java/util/function/*", "java/util/stream/*", "java/util/concurrent/*",
                    "java/util/concurrent/atomic/*", "java/util/concurrent/locks/*",
                    "java/util/regex/*", "java/math/*", "java/nio/*", "java/nio/charset/*",
                    "java/io/*", "java/time/**", "java/text/*"),
            COMMON_DENY, "not exported to kernel-mode modules");

    private ExportTables() {
    }

    private static List<Rule> with(List<Rule> first, List<Rule> then) {
        final List<Rule> all = new ArrayList<>(first);
        all.addAll(then);
        return List.copyOf(all);
    }
}
