package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.tree.ClassNode;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.link.LinkChecker;
import org.sofj.llext.internal.link.LinkResult;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * A user-mode library's classes are read once, for the link check and the preemption checks'
 * rewrite alike ({@code LinkChecker.check} with trees, {@code PreemptionPoints.insert} with
 * them): the verdict, every refusal's words and line, and every rewritten byte are what the two
 * separate reads give.
 */
final class SharedClassReadTest {
    /** Loops, handlers, a monitor, a lambda, a switch, a leaf and a call into the platform. */
    private static final String SHAPES = "package test.plugin;\n"
            + "public final class Shapes {\n"
            + "  private final Object lock = new Object();\n"
            + "  static int leaf(int a, int b) { return Math.max(a, b) * 3 + (a ^ b); }\n"
            + "  public static float counted(float[] x, float k) {\n"
            + "    float s = 0;\n"
            + "    for (int i = 0; i < x.length; i++) { s += k * x[i] + leaf(i, 3); }\n"
            + "    return s;\n"
            + "  }\n"
            + "  public int mixed(int n) {\n"
            + "    int t = 0;\n"
            + "    while (n > 0) {\n"
            + "      try { t += 100 / (n - 7); } catch (ArithmeticException e) { t--; }\n"
            + "      synchronized (lock) { t ^= n; }\n"
            + "      switch (n % 4) { case 0: t++; break; case 1: t += 2; break; default: t -= 1; }\n"
            + "      n--;\n"
            + "    }\n"
            + "    java.util.function.IntUnaryOperator f = v -> v * 2 + leaf(v, 1);\n"
            + "    return f.applyAsInt(t) + Integer.parseInt(\"1\" + t % 10);\n"
            + "  }\n"
            + "  public void refused() { %s }\n"
            + "}\n";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "System.exit(1);", "new Thread().start();"})
    void shouldCheckAndRewriteAsTwoSeparateReadsDo(String refusedBody) {
        final Map<String, String> sources = new HashMap<>(TestPlugins.sources("A"));
        sources.put("test/plugin/Shapes.java", SHAPES.replace("%s", refusedBody));
        final String toml = TestPlugins.toml("1.0.0", "user_mode = 1");
        final PluginJar jar = PluginJar.read(TestPlugins.jar(TestPlugins.compile(dir, sources),
                toml));
        final SourceManifest source = SourceManifestParser.parse(
                toml.getBytes(StandardCharsets.UTF_8));

        final Map<String, ClassNode> trees = new HashMap<>();
        final LinkResult once = LinkChecker.check(jar, source, "shapes.jar", trees);
        final LinkResult twice = LinkChecker.check(jar, source, "shapes.jar");
        assertEquals(twice.passed(), once.passed());
        assertEquals(twice.lines(), once.lines());
        assertEquals(refusedBody.isEmpty(), once.passed(), String.join("\n", once.lines()));
        assertEquals(new TreeSet<>(jar.classes().keySet()), new TreeSet<>(trees.keySet()),
                "every class of the module is handed on, read");

        final SortedMap<String, byte[]> shared = PreemptionPoints.insert("gainlib",
                jar.entries(), trees);
        final SortedMap<String, byte[]> separate = PreemptionPoints.insert("gainlib",
                jar.entries());
        assertEquals(separate.keySet(), shared.keySet());
        for (Map.Entry<String, byte[]> e : separate.entrySet()) {
            assertArrayEquals(e.getValue(), shared.get(e.getKey()), e.getKey());
        }
        assertFalse(java.util.Arrays.equals(jar.entries().get("test/plugin/Shapes.class"),
                shared.get("test/plugin/Shapes.class")), "the checks were inserted");
    }
}
