package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.objectweb.asm.ClassReader;

/**
 * The user-mode allow-list against each rule and each known attack route: the standard plugin
 * plus offending classes compiled from the sources below, link-checked through {@link LinkCheck}
 * as the author's tools and the loader run it. Each test expects the exact lines.
 */
final class LinkCheckAttackTest {
    private static final String JAR = "evil.jar";
    private static final String USER = "user_mode = 1";
    private static final Map<String, String> BAD = new LinkedHashMap<>();
    private static Map<String, byte[]> classes;

    static {
        BAD.put("Gc", "System.gc();");
        BAD.put("RunFinalization", "System.runFinalization();");
        BAD.put("ParallelSetAll", "java.util.Arrays.parallelSetAll(new int[4], i -> i);");
        BAD.put("RunAsync", "java.util.concurrent.CompletableFuture.runAsync(() -> { });");
        BAD.put("Timer", "new java.util.Timer();");
        BAD.put("ParallelStream", "java.util.List.of(1).parallelStream();");
        BAD.put("Parallel", "java.util.stream.IntStream.range(0, 4).parallel();");
        BAD.put("Out", "System.out.println(\"hi\");");
        BAD.put("Logger", "System.getLogger(\"x\").log(System.Logger.Level.INFO, \"m\");");
        BAD.put("ServiceLoader", "java.util.ServiceLoader.load(Runnable.class);");
        BAD.put("Bundle", "java.util.ResourceBundle.getBundle(\"x\");");
        BAD.put("Property", "Integer.getInteger(\"user.home\");");
        BAD.put("Direct", "java.nio.ByteBuffer.allocateDirect(8);");
        BAD.put("Spi", "org.sofj.api.spi.HeapRegion.values();");
        BAD.put("Clock", "java.time.Instant.now();");
        BAD.put("MethodRef", "Runnable r = System::gc;");
        BAD.put("LambdaBody", "Runnable r = () -> System.exit(0);");
        BAD.put("Exit", "System.exit(1);");
        BAD.put("Wait", "Object o = new Object(); synchronized (o) { o.wait(5); }");
    }

    @TempDir
    Path dir;

    @BeforeAll
    static void compile(@TempDir Path work) {
        final Map<String, String> sources = TestPlugins.sources("A");
        BAD.forEach((name, body) -> sources.put("test/plugin/Bad" + name + ".java",
                "package test.plugin;\npublic final class Bad" + name + " {\n"
                + "  public static void run() throws Exception { " + body + " }\n}\n"));
        sources.put("test/plugin/BadTrace.java", "package test.plugin;\n"
                + "public final class BadTrace {\n"
                + "  public static void run() { new MyException().printStackTrace(); }\n"
                + "  static final class MyException extends RuntimeException {\n"
                + "    private static final long serialVersionUID = 1L;\n  }\n}\n");
        sources.put("test/plugin/BadInherited.java", "package test.plugin;\n"
                + "public final class BadInherited {\n"
                + "  public static void run() { new MyList().parallelStream(); }\n"
                + "  static final class MyList extends java.util.ArrayList<Integer> {\n"
                + "    private static final long serialVersionUID = 1L;\n  }\n}\n");
        sources.put("test/plugin/BadFinalize.java", "package test.plugin;\n"
                + "public final class BadFinalize {\n"
                + "  @Override protected void finalize() { }\n}\n");
        sources.put("test/plugin/BadThread.java", "package test.plugin;\n"
                + "public final class BadThread {\n"
                + "  public static void run() { new Thread(() -> { }).start(); }\n}\n");
        sources.put("org/sofj/runtime/x/Sneaky.java", "package org.sofj.runtime.x;\n"
                + "public final class Sneaky { }\n");
        sources.put("test/other/Elsewhere.java", "package test.other;\n"
                + "public final class Elsewhere { }\n");
        sources.put("test/plugin/Clean.java", CLEAN);
        classes = TestPlugins.compile(work, sources);
    }

    /** A module that uses what a user module may: lambdas given to allowed APIs, records, enums,
     * switches on strings, string concatenation, collections, sequential streams, boxes, math. */
    private static final String CLEAN = "package test.plugin;\n"
            + "import java.util.*;\n"
            + "public final class Clean {\n"
            + "  enum Mode { FAST, SLOW }\n"
            + "  record Pair(int a, String b) { }\n"
            + "  static final class MyException extends IllegalStateException {\n"
            + "    private static final long serialVersionUID = 1L;\n"
            + "    MyException(String m) { super(m); }\n"
            + "    @Override public String getMessage() { return \"mine: \" + super.getMessage(); }\n"
            + "  }\n"
            + "  public static String run(String key, int[] data) {\n"
            + "    final List<Integer> list = new ArrayList<>();\n"
            + "    Arrays.setAll(data, i -> i * 2);\n"
            + "    for (int d : data) { list.add(d); }\n"
            + "    list.forEach(x -> Math.abs(x));\n"
            + "    final Map<String, Pair> map = new HashMap<>();\n"
            + "    map.computeIfAbsent(key, k -> new Pair(k.length(), k));\n"
            + "    final int sum = list.stream().mapToInt(Integer::intValue).sum();\n"
            + "    final StringBuilder b = new StringBuilder();\n"
            + "    b.append(sum).append(b.length());\n"
            + "    switch (key) { case \"a\": b.append(Mode.FAST); break; default: b.append(Mode.valueOf(\"SLOW\")); }\n"
            + "    try { throw new MyException(key); } catch (MyException e) { b.append(e.getMessage()); }\n"
            + "    assert sum >= 0;\n"
            + "    return \"x\" + b + Objects.hash(map, StrictMath.sqrt(sum)) + System.nanoTime()\n"
            + "        + String.format(Locale.ROOT, \"%d\", sum) + map.values();\n"
            + "  }\n"
            + "}\n";

    private List<String> check(String moduleExtra, Map<String, byte[]> extra, String... bad) {
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
        return LinkCheck.check(TestPlugins.jar(jar, TestPlugins.toml("1.0.0", moduleExtra)), JAR);
    }

    private List<String> user(String... bad) {
        return check(USER, Map.of(), bad);
    }

    private static String line(String bad, String what) {
        return JAR + ": test.plugin." + bad + ".run() (" + bad + ".java:3) references " + what;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Gc              | java.lang.System.gc(): denied (finalizers)",
        "RunFinalization | java.lang.System.runFinalization(): denied (finalizers)",
        "ParallelSetAll  | java.util.Arrays.parallelSetAll(int[], java.util.function.IntUnaryOperator): denied (threads)",
        "RunAsync        | java.util.concurrent.CompletableFuture.runAsync(java.lang.Runnable): denied (threads)",
        "Timer           | java.util.Timer: denied (threads)",
        "ParallelStream  | java.util.Collection.parallelStream(): denied (threads)",
        "Parallel        | java.util.stream.IntStream.parallel(): denied (threads)",
        "Out             | java.lang.System.out: denied (console output)",
        "Logger          | java.lang.System.getLogger(java.lang.String): denied (logging)",
        "ServiceLoader   | java.util.ServiceLoader.load(java.lang.Class): denied (resource lookups)",
        "Bundle          | java.util.ResourceBundle.getBundle(java.lang.String): denied (resource lookups)",
        "Property        | java.lang.Integer.getInteger(java.lang.String): denied (process-wide state)",
        "Direct          | java.nio.ByteBuffer.allocateDirect(int): denied (native memory)",
        "Spi             | org.sofj.api.spi.HeapRegion.values(): denied (not the author API)",
        "Clock           | java.time.Instant.now(): not on the user-mode allow-list",
        "MethodRef       | java.lang.System.gc(): denied (finalizers)",
        "Exit            | java.lang.System.exit(int): denied (process exit)",
        "Wait            | java.lang.Object.wait(long): denied (blocking)",
    })
    void shouldRefuseWithTheExactLineWhenAUserModuleReferencesIt(String bad, String what) {
        final List<String> lines = user("test/plugin/Bad" + bad + ".class");
        assertEquals(line("Bad" + bad, what), lines.get(0), String.join("\n", lines));
    }

    @Test
    void shouldRefuseEveryReferenceTheLoggerCallMakes() {
        final List<String> lines = user("test/plugin/BadLogger.class");
        assertEquals(List.of(
                line("BadLogger", "java.lang.System.getLogger(java.lang.String): denied (logging)"),
                line("BadLogger", "java.lang.System.Logger: denied (logging)"),
                line("BadLogger", "java.lang.System.Logger.Level.INFO: denied (logging)"),
                line("BadLogger", "java.lang.System.Logger.Level: denied (logging)"),
                line("BadLogger", "java.lang.System.Logger.log(java.lang.System.Logger.Level, "
                        + "java.lang.String): denied (logging)")), lines);
    }

    @Test
    void shouldCheckTheLambdaBodyLikeAnyMethod() {
        assertEquals(List.of(JAR + ": test.plugin.BadLambdaBody.run lambda (BadLambdaBody.java:3)"
                + " references java.lang.System.exit(int): denied (process exit)"),
                user("test/plugin/BadLambdaBody.class"));
    }

    @Test
    void shouldResolvePrintStackTraceOnAThrowableSubclassToThrowable() {
        assertEquals(List.of(line("BadTrace",
                "java.lang.Throwable.printStackTrace(): denied (console output)")),
                user("test/plugin/BadTrace.class"));
    }

    @Test
    void shouldCheckAnInheritedJdkMethodCalledThroughTheModulesOwnClassAsThatMethod() {
        assertEquals(List.of(line("BadInherited",
                "java.util.Collection.parallelStream(): denied (threads)")),
                user("test/plugin/BadInherited.class"));
    }

    @Test
    void shouldRefuseAFinalizeOverride() {
        assertEquals(List.of(JAR + ": test.plugin.BadFinalize.finalize() overrides "
                + "java.lang.Object.finalize(): denied (finalizers)"),
                user("test/plugin/BadFinalize.class"));
    }

    @Test
    void shouldNotTreatAClassStoredAsJavaLangThreadAsTheModulesOwn() {
        final List<String> lines = check(USER, Map.of("java/lang/Thread.class",
                TestClasses.fakeThread()), "test/plugin/BadThread.class");
        assertEquals(List.of(
                JAR + ": class java.lang.Thread is named into package java.lang, which belongs to "
                        + "the platform: denied (class outside the module's packages)",
                line("BadThread", "java.lang.Thread: denied (threads)"),
                line("BadThread", "new java.lang.Thread(java.lang.Runnable): denied (threads)"),
                line("BadThread", "java.lang.Thread.start(): denied (threads)")), lines);
    }

    @Test
    void shouldRefuseARealClassStoredUnderAModuleInfoName() {
        final List<String> lines = check(USER, Map.of("test/plugin/x/module-info.class",
                classes.get("test/plugin/Gain.class")), "test/plugin/BadBundle.class");
        assertEquals(List.of(
                JAR + ": entry test/plugin/x/module-info.class holds the class file of "
                        + "test.plugin.Gain under a name the loader does not scan: denied "
                        + "(hidden class file)",
                line("BadBundle", "java.util.ResourceBundle.getBundle(java.lang.String): "
                        + "denied (resource lookups)"),
                line("BadBundle", "java.util.ResourceBundle: denied (resource lookups)")), lines);
    }

    @Test
    void shouldRefuseClassBytesUnderANameThatIsNotTheirClass() {
        final byte[] gain = classes.get("test/plugin/Gain.class");
        assertEquals(List.of(
                JAR + ": entry META-INF/versions/11/test/plugin/Gain.class holds the class file of "
                        + "test.plugin.Gain under a name the loader does not scan: denied "
                        + "(hidden class file)",
                JAR + ": entry test/plugin/gain.bin holds the class file of test.plugin.Gain "
                        + "under a name the loader does not scan: denied (hidden class file)"),
                check(USER, Map.of("META-INF/versions/11/test/plugin/Gain.class", gain,
                        "test/plugin/gain.bin", gain)));
    }

    @Test
    void shouldRefuseAClassEntryThatIsNotAClassFile() {
        assertEquals(List.of(JAR + ": entry test/plugin/Broken.class is a malformed class file "
                + "(java.lang.ArrayIndexOutOfBoundsException: Index 6 out of bounds for length 6)"
                + ": denied (malformed class file)"), check(USER, Map.of("test/plugin/Broken.class",
                new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0})));
    }

    @Test
    void shouldRefuseAClassWhoseConstantPoolBreaksOnlyWhenItsCodeIsRead() {
        final byte[] gain = classes.get("test/plugin/Gain.class").clone();
        final int superIndex = new ClassReader(gain).header + 4;
        gain[superIndex] = (byte) 0x7F;
        gain[superIndex + 1] = (byte) 0xFF;
        final List<String> lines = check(USER, Map.of("test/plugin/Gain.class", gain));
        // a malformed class is not the module's own: references to it are refused too
        assertEquals(List.of(JAR + ": test.plugin.GainProvider.create(java.lang.String) "
                + "(GainProvider.java:4) references test.plugin.Gain: not on the user-mode "
                + "allow-list", JAR + ": test.plugin.GainProvider.create(java.lang.String) "
                + "(GainProvider.java:4) references new test.plugin.Gain(): not on the user-mode "
                + "allow-list"), lines.subList(1, lines.size()));
        assertTrue(lines.get(0).startsWith(JAR + ": entry test/plugin/Gain.class is a malformed "
                + "class file (java.lang."), lines.get(0));
        assertTrue(lines.get(0).endsWith(": denied (malformed class file)"), lines.get(0));
    }

    @Test
    void shouldRefuseAClassNamedIntoSofjsRuntimePackages() {
        assertEquals(List.of(JAR + ": class org.sofj.runtime.x.Sneaky is named into package "
                + "org.sofj.runtime.x, which belongs to the platform: denied (class outside the "
                + "module's packages)"), user("org/sofj/runtime/x/Sneaky.class"));
    }

    @Test
    void shouldRefuseAClassInAPackageTheModuleDoesNotDeclare() {
        assertEquals(List.of(JAR + ": class test.other.Elsewhere is in package test.other, which "
                + "module test.plugin does not declare (it declares test.plugin): denied (class "
                + "outside the module's packages)"), user("test/other/Elsewhere.class"));
    }

    @Test
    void shouldRefuseAnInvokedynamicBootstrapOfTheModulesOwn() {
        assertEquals(List.of(JAR + ": test.plugin.BadBoot.run() references test.plugin.BadBoot"
                + ".bootstrap (invokedynamic bootstrap): denied (method handles)",
                JAR + ": test.plugin.BadBoot.bootstrap(java.lang.invoke.MethodHandles.Lookup, "
                        + "java.lang.String, java.lang.invoke.MethodType) references "
                        + "java.lang.invoke.MethodHandles.Lookup: denied (method handles)",
                JAR + ": test.plugin.BadBoot.bootstrap(java.lang.invoke.MethodHandles.Lookup, "
                        + "java.lang.String, java.lang.invoke.MethodType) references "
                        + "java.lang.invoke.MethodType: denied (method handles)",
                JAR + ": test.plugin.BadBoot.bootstrap(java.lang.invoke.MethodHandles.Lookup, "
                        + "java.lang.String, java.lang.invoke.MethodType) references "
                        + "java.lang.invoke.CallSite: denied (method handles)"),
                check(USER, Map.of("test/plugin/BadBoot.class", TestClasses.ownBootstrap())));
    }

    @Test
    void shouldRefuseClassesWhoseSuperclassChainIsCircularInsteadOfResolvingForever() {
        // javac writes no such class and the JVM refuses one only when it loads it; the link
        // check runs before, on the thread that loads the library, and once walked A, B, A, ...
        // for ever looking for A.missing()
        final List<String> lines = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(60), () -> check(USER, Map.of(
                        "test/plugin/CycA.class", TestClasses.withSuper("test/plugin/CycA",
                                "test/plugin/CycB"),
                        "test/plugin/CycB.class", TestClasses.withSuper("test/plugin/CycB",
                                "test/plugin/CycA"),
                        "test/plugin/Self.class", TestClasses.withSuper("test/plugin/Self",
                                "test/plugin/Self"))), "a hang guard, not a timing");
        assertEquals(List.of(
                JAR + ": entry test/plugin/CycA.class is a malformed class file (its superclass "
                        + "chain is circular: test.plugin.CycA, test.plugin.CycB, "
                        + "test.plugin.CycA): denied (malformed class file)",
                JAR + ": entry test/plugin/CycB.class is a malformed class file (its superclass "
                        + "chain is circular: test.plugin.CycB, test.plugin.CycA, "
                        + "test.plugin.CycB): denied (malformed class file)",
                JAR + ": entry test/plugin/Self.class is a malformed class file (its superclass "
                        + "chain is circular: test.plugin.Self, test.plugin.Self): denied "
                        + "(malformed class file)"), lines);
    }

    @Test
    void shouldRefuseAClassTooDeeplyNestedToReadWithoutTakingTheCheckingThreadDown() {
        // 300 KB of one annotation value, arrays nested 100,000 deep: ASM reads (and skips)
        // element values recursively, so reading it overflowed the stack of the thread that
        // checks, and the StackOverflowError escaped the check
        final List<String> lines = check(USER, Map.of("test/plugin/Deep.class",
                TestClasses.deeplyAnnotated("test/plugin/Deep", 100_000)));
        assertEquals(List.of(JAR + ": entry test/plugin/Deep.class is a malformed class file "
                + "(nested too deeply to read: java.lang.StackOverflowError): denied (malformed "
                + "class file)"), lines);
    }

    @Test
    void shouldRefuseClassBytesUnderOddEntryNames() {
        // a versioned descriptor, a leading slash, a dot-dot path and another case: none is the
        // name the class loader asks the layer for, so none may carry class bytes
        final byte[] gain = classes.get("test/plugin/Gain.class");
        final Map<String, byte[]> odd = new TreeMap<>();
        odd.put("META-INF/versions/17/module-info.class", classes.get("module-info.class"));
        odd.put("/test/plugin/Gain.class", gain);
        odd.put("test/other/../plugin/Gain.class", gain);
        odd.put("TEST/PLUGIN/Gain.class", gain);
        final List<String> lines = check(USER, odd);
        assertEquals(List.of(
                JAR + ": entry /test/plugin/Gain.class holds the class file of test.plugin.Gain "
                        + "under a name the loader does not scan: denied (hidden class file)",
                JAR + ": entry META-INF/versions/17/module-info.class holds the class file of "
                        + "module-info under a name the loader does not scan: denied (hidden "
                        + "class file)",
                JAR + ": entry TEST/PLUGIN/Gain.class holds the class file of test.plugin.Gain "
                        + "under a name the loader does not scan: denied (hidden class file)",
                JAR + ": entry test/other/../plugin/Gain.class holds the class file of "
                        + "test.plugin.Gain under a name the loader does not scan: denied "
                        + "(hidden class file)"), lines);
    }

    @Test
    void shouldLinkARealisticCleanUserModule() {
        assertEquals(List.of(), user("test/plugin/Clean.class"));
    }

    @Test
    void shouldKeepTheKernelRulesForAKernelModeLibrary() {
        assertEquals(List.of(), check("", Map.of(), "test/plugin/BadFinalize.class",
                "test/plugin/BadOut.class", "test/plugin/BadTrace.class",
                "test/plugin/BadLogger.class", "test/plugin/BadClock.class"));
        assertEquals(List.of(line("BadThread", "java.lang.Thread: denied (threads)"),
                line("BadThread", "new java.lang.Thread(java.lang.Runnable): denied (threads)"),
                line("BadThread", "java.lang.Thread.start(): denied (threads)")),
                check("", Map.of(), "test/plugin/BadThread.class"));
    }
}
