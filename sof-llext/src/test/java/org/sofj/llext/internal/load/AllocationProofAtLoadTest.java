package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

/**
 * The allocation proof runs inside a library's load, over the trees the rewrite wrote the
 * defined bytes from, and {@link LlextLibraryLoader#allocationFree} is then a lookup: asking for
 * any class of the library parses no class and walks no type by reflection, and each verdict is
 * the one the proof gives over the bytes the layer defined (the per-class path built-ins keep).
 */
final class AllocationProofAtLoadTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final String[] CLASSES = {"Proven", "Direct", "Callee", "Clinit", "Base",
        "Table", "P"};
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private final MemorySystem memory = TestMemory.create();
    private final LlextLibraryLoader loader = new LlextLibraryLoader(memory,
            Set.of(KEY.getPublic()));

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, sources());
    }

    @AfterEach
    void close() {
        memory.close();
    }

    private Path library(int copy) {
        final String toml = "name = \"prooflib\"\nversion = \"1.0.0\"\napi_version = \"1.0.0\"\n"
                + "# copy " + copy + "\n[[module]]\nname = \"PROVEN\"\nuuid = \""
                + TestPlugins.GAIN_UUID + "\"\nprovider = \"test.plugin.P\"\nuser_mode = 1\n";
        return TestPlugins.pack(dir, TestPlugins.jar(classes, toml), KEY, "lib" + copy
                + ".sofjlib");
    }

    private static Class<?> type(LoadedLibrary lib, String simple) throws ClassNotFoundException {
        return Class.forName("test.plugin." + simple, false,
                lib.layer().findLoader("test.plugin"));
    }

    @Test
    void shouldAnswerEveryClassOfALoadedLibraryWithoutParsingOrReflection() throws Exception {
        final LoadedLibrary lib = loader.load(1, library(0));
        final long before = AllocationProof.work();
        final Map<String, Boolean> verdicts = new LinkedHashMap<>();
        for (String c : CLASSES) {
            verdicts.put(c, loader.allocationFree(type(lib, c)));
        }
        assertEquals(before, AllocationProof.work(), "no class parsed, no type walked: "
                + verdicts);
        assertEquals(Map.of("Proven", true, "Direct", false, "Callee", false, "Clinit", false,
                "Base", false, "Table", false, "P", false), verdicts);
    }

    @Test
    void shouldGiveTheVerdictsTheProofGivesOverTheDefinedBytes() throws Exception {
        final LoadedLibrary lib = loader.load(1, library(0));
        for (String c : new String[] {"Proven", "Direct", "Callee", "Clinit"}) {
            final Class<?> type = type(lib, c);
            final AllocationProof.Verdict atLoad = lib.proof(type).orElseThrow();
            // the per-class path: reads the bytes the layer defined, as before
            final AllocationProof.Verdict read = AllocationProof.prove(type);
            assertEquals(read, atLoad, c);
        }
        assertTrue(lib.proof(type(lib, "Proven")).orElseThrow().proven());
        assertTrue(lib.proof(type(lib, "Direct")).orElseThrow().reason().contains("allocates"));
    }

    @Test
    void shouldProveAtLoadWithoutParsingAClassOfItsOwn() {
        loader.load(1, library(0)); // outside types walked once in the JVM
        assertEquals(0, loader.unload(1));
        final long before = AllocationProof.work();
        final LoadedLibrary second = loader.load(2, library(1)); // verified in full again
        assertEquals(0, loader.verifiedHits());
        assertEquals(before, AllocationProof.work(), "the load's proof read the rewrite's trees");
        assertEquals(0, loader.unload(2));
        assertFalse(second.proof(Object.class).isPresent(), "an unloaded library answers nothing");
    }

    @Test
    void shouldKeepTheVerdictsForACachedReload() throws Exception {
        final Path file = library(0);
        loader.load(1, file);
        assertEquals(0, loader.unload(1));
        final LoadedLibrary again = loader.load(1, file);
        assertEquals(1, loader.verifiedHits());
        final long before = AllocationProof.work();
        assertTrue(loader.allocationFree(type(again, "Proven")));
        assertFalse(loader.allocationFree(type(again, "Direct")));
        assertEquals(before, AllocationProof.work());
    }

    private static Map<String, String> sources() {
        final String process = "  public int process(org.sofj.api.audio.Source[] s,"
                + " org.sofj.api.audio.Sink[] k) {";
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("module-info.java", "module test.plugin { requires org.sofj.api;"
                + " provides org.sofj.api.spi.ModuleProvider with test.plugin.P; }");
        m.put("test/plugin/P.java", "package test.plugin;\n"
                + "public final class P implements org.sofj.api.spi.ModuleProvider {\n"
                + "  public java.util.Set<String> moduleNames() {"
                + " return java.util.Set.of(\"PROVEN\"); }\n"
                + "  public org.sofj.api.ProcessingModule create(String n) {"
                + " return new Proven(); }\n}\n");
        m.put("test/plugin/Base.java", "package test.plugin;\n"
                + "abstract class Base implements org.sofj.api.ProcessingModule {\n"
                + "  public int init(org.sofj.api.ModuleContext c) { return 0; }\n" + process
                + " return 0; }\n}\n");
        m.put("test/plugin/Proven.java", "package test.plugin;\n"
                + "final class Proven extends Base {\n  private int n;\n" + process
                + "\n    for (int i = 0; i < s.length; i++) { n += s[i].getDataAvailable(); }\n"
                + "    return n > 0 ? 0 : Math.max(n, 0);\n  }\n}\n");
        m.put("test/plugin/Direct.java", "package test.plugin;\n"
                + "final class Direct extends Base {\n" + process
                + " return new byte[16].length > 0 ? 0 : -1; }\n}\n");
        m.put("test/plugin/Callee.java", "package test.plugin;\n"
                + "final class Callee extends Base {\n" + process
                + " return make() > 0 ? 0 : -1; }\n"
                + "  private static int make() { return new int[4].length; }\n}\n");
        m.put("test/plugin/Table.java", "package test.plugin;\n"
                + "final class Table { static final long[] VALUES = new long[8]; }\n");
        m.put("test/plugin/Clinit.java", "package test.plugin;\n"
                + "final class Clinit extends Base {\n" + process
                + " return (int) Table.VALUES[0]; }\n}\n");
        return m;
    }
}
