package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.Opcodes;

/**
 * The user-mode allow-list against routes the first two rounds did not try: denied members
 * reached through the module's own interfaces and super calls, JDK members that a later JDK
 * added to an allowed class, and supertypes outside the list; and the JDK's endless sources,
 * refused because no preemption check can take back a thread looping inside the JDK. Each
 * expects the exact lines.
 */
final class LinkCheckRoundThreeTest {
    private static final String JAR = "evil.jar";
    private static final Map<String, String> BAD = new LinkedHashMap<>();
    private static Map<String, byte[]> classes;

    static {
        BAD.put("ViaInterface", "MyColl<Integer> c = null; c.parallelStream(); }\n"
                + "  interface MyColl<E> extends java.util.Collection<E> { ");
        BAD.put("SuperWait", "new Waiter().go(); }\n"
                + "  static final class Waiter { void go() throws Exception { synchronized (this) {"
                + " super.wait(1); } } ");
        BAD.put("ViaOwnWait", "Waiter w = new Waiter(); synchronized (w) { w.wait(1); } }\n"
                + "  static final class Waiter { ");
        BAD.put("TimerSub", "new Job(); }\n"
                + "  static final class Job extends java.util.TimerTask { public void run() { } ");
        BAD.put("Handler", "new H(); }\n"
                + "  static final class H implements Thread.UncaughtExceptionHandler {"
                + " public void uncaughtException(Thread t, Throwable e) { } ");
        BAD.put("ThreadClass", "Class<?> c = Thread.class; c.getName(); }\n  static void x() { ");
        BAD.put("Formattable", "String.format(\"%s\", new F()); }\n"
                + "  static final class F implements java.util.Formattable {"
                + " public void formatTo(java.util.Formatter f, int a, int b, int c) { } ");
        // the JDK's endless sources: given the JDK's own functions their loop never enters the
        // module's code, so no preemption check takes the thread back (threat-model §5)
        BAD.put("Generate", "java.util.stream.Stream.generate(Object::new).count();");
        BAD.put("Iterate", "java.util.stream.Stream.iterate(\"\", String::trim).count();");
        BAD.put("IntGenerate", "java.util.stream.IntStream.generate(Integer.valueOf(1)::intValue)"
                + ".sum();");
        BAD.put("Range", "java.util.stream.LongStream.range(0, Long.MAX_VALUE).sum();");
        BAD.put("Ints", "new java.util.Random(1).ints().sum();");
        BAD.put("Doubles", "new java.util.SplittableRandom(1).doubles().sum();");
        BAD.put("Reference", "java.util.function.Function<java.util.function.Supplier<Object>,"
                + " java.util.stream.Stream<Object>> g = java.util.stream.Stream::generate;"
                + " g.apply(Object::new).count();");
        BAD.put("Bounded", "java.util.stream.IntStream.range(0, 8).map(Math::abs).sum();"
                + " new java.util.Random(1).nextInt(); java.util.stream.Stream.of(1, 2).count();");
    }

    @BeforeAll
    static void compile(@TempDir Path work) {
        final Map<String, String> sources = TestPlugins.sources("A");
        BAD.forEach((name, body) -> sources.put("test/plugin/Bad" + name + ".java",
                "package test.plugin;\npublic final class Bad" + name + " {\n"
                + "  public static void run() throws Exception { " + body + " }\n}\n"));
        classes = TestPlugins.compile(work, sources);
    }

    private List<String> user(Map<String, byte[]> extra, String... bad) {
        final Map<String, byte[]> jar = new TreeMap<>();
        classes.forEach((k, v) -> {
            if (k.equals("module-info.class") || k.equals("test/plugin/GainProvider.class")
                    || k.equals("test/plugin/Gain.class")) {
                jar.put(k, v);
            }
            for (String b : bad) {
                if (k.equals(b) || k.startsWith(b.replace(".class", "$"))) {
                    jar.put(k, v);
                }
            }
        });
        jar.putAll(extra);
        return LinkCheck.check(TestPlugins.jar(jar, TestPlugins.toml("1.0.0", "user_mode = 1")),
                JAR);
    }

    private List<String> user(String bad) {
        return user(Map.of(), "test/plugin/Bad" + bad + ".class");
    }

    @Test
    void shouldResolveADeniedMemberThroughTheModulesOwnInterface() {
        assertEquals(List.of(JAR + ": test.plugin.BadViaInterface.run() (BadViaInterface.java:3) "
                + "references java.util.Collection.parallelStream(): denied (threads)"),
                user("ViaInterface"));
    }

    @Test
    void shouldResolveASuperCallToObjectWait() {
        assertEquals(List.of(JAR + ": test.plugin.BadSuperWait$Waiter.go() (BadSuperWait.java:4) "
                + "references java.lang.Object.wait(long): denied (blocking)"), user("SuperWait"));
    }

    @Test
    void shouldResolveWaitOnTheModulesOwnClass() {
        assertEquals(List.of(JAR + ": test.plugin.BadViaOwnWait.run() (BadViaOwnWait.java:3) "
                + "references java.lang.Object.wait(long): denied (blocking)"), user("ViaOwnWait"));
    }

    @Test
    void shouldRefuseADeniedSuperclass() {
        assertEquals(List.of(JAR + ": class test.plugin.BadTimerSub$Job references "
                + "java.util.TimerTask: denied (threads)", JAR + ": new test.plugin.BadTimerSub$Job() "
                + "(BadTimerSub.java:4) references new java.util.TimerTask(): denied (threads)"),
                user("TimerSub"));
    }

    @Test
    void shouldRefuseADeniedInterface() {
        assertEquals(List.of(JAR + ": class test.plugin.BadHandler$H references "
                + "java.lang.Thread.UncaughtExceptionHandler: denied (threads)", JAR
                + ": test.plugin.BadHandler$H.uncaughtException(java.lang.Thread, "
                + "java.lang.Throwable) references java.lang.Thread: denied (threads)"),
                user("Handler"));
    }

    @Test
    void shouldRefuseAClassConstantOfADeniedType() {
        assertEquals(List.of(JAR + ": test.plugin.BadThreadClass.run() (BadThreadClass.java:3) "
                + "references java.lang.Thread: denied (threads)"), user("ThreadClass"));
    }

    @Test
    void shouldRefuseFormattable() {
        // String.format would call formatTo on the module's own thread, but the list is closed
        assertEquals(List.of(JAR + ": class test.plugin.BadFormattable$F references "
                + "java.util.Formattable: not on the user-mode allow-list", JAR
                + ": test.plugin.BadFormattable$F.formatTo(java.util.Formatter, int, int, int) "
                + "references java.util.Formatter: not on the user-mode allow-list"),
                user("Formattable"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Generate|java.util.stream.Stream.generate(java.util.function.Supplier)",
        "Iterate|java.util.stream.Stream.iterate(java.lang.Object, java.util.function.UnaryOperator)",
        "IntGenerate|java.util.stream.IntStream.generate(java.util.function.IntSupplier)",
        "Range|java.util.stream.LongStream.range(long, long)",
        "Ints|java.util.Random.ints()",
        "Doubles|java.util.SplittableRandom.doubles()",
        // as a method reference: a handle the JDK's lambda class would call
        "Reference|java.util.stream.Stream.generate(java.util.function.Supplier)"})
    void shouldRefuseAnEndlessSourceOfTheJdk(String name, String member) {
        assertEquals(List.of(JAR + ": test.plugin.Bad" + name + ".run() (Bad" + name
                + ".java:3) references " + member + ": denied (endless sources)"), user(name));
    }

    @Test
    void shouldLinkBoundedStreamsAndPlainRandomNumbers() {
        assertEquals(List.of(), user("Bounded"));
    }

    @Test
    void shouldRefuseBigIntegerParallelMultiplyOfALaterJdk() {
        // JDK 19 added BigInteger.parallelMultiply, which runs on the common ForkJoin pool;
        // java.math is allowed as a package, so a host on a later JDK ran it
        assertEquals(List.of(JAR + ": test.plugin.BadPar.run() references "
                + "java.math.BigInteger.parallelMultiply(java.math.BigInteger): denied (threads)"),
                user(Map.of("test/plugin/BadPar.class", TestClasses.calling(
                "test/plugin/BadPar", "java/math/BigInteger", "parallelMultiply",
                "(Ljava/math/BigInteger;)Ljava/math/BigInteger;", Opcodes.INVOKEVIRTUAL))));
    }

    @Test
    void shouldRefuseGatherersOfALaterJdk() {
        // JDK 24's Stream.gather takes a Gatherer (Gatherers.mapConcurrent runs on threads)
        assertEquals(List.of(JAR + ": test.plugin.BadGather.run() references "
                + "java.util.stream.Gatherer: not on the user-mode allow-list"), user(Map.of("test/plugin/BadGather.class", TestClasses.calling(
                "test/plugin/BadGather", "java/util/stream/Stream", "gather",
                "(Ljava/util/stream/Gatherer;)Ljava/util/stream/Stream;",
                Opcodes.INVOKEINTERFACE))));
    }
}
