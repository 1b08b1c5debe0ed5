package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LibraryPacker;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The allocation budget of user LL modules with the loader's proof (sof-llext
 * {@code AllocationProof}), through a real signed library: a passthru the loader proves cannot
 * allocate makes no allocation-counter read, is charged nothing, passes the same bytes as a
 * kernel passthru, and the tick allocates nothing around it; a module that allocates on its
 * process path in any of six ways (directly, in a callee, in a virtual call's override, through
 * caught exceptions, through an invokedynamic string concatenation, in a static initialiser its
 * call triggers) is not proven, its calls read the counter as before, and it is FAULTED at its
 * budget. A built-in test module (in a module that exports packages) is not proven either. The
 * same modules as user DP modules, run inline on the tick thread and on their own DP threads:
 * the proven one's runs make no read, an allocating one's read and it is FAULTED at its budget.
 */
final class UserLlAllocationProofTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    /** Less than each allocating module's first call allocates, more than init's and create's. */
    private static final long BUDGET = 256 << 10;
    private static final int LIB = 4;
    private static final String[] ALLOCATING = {"DIRECT", "CALLEE", "OVERRIDE", "CATCHES",
        "CONCAT", "CLINIT"};
    private static Path library;

    private final AtomicLong reads = new AtomicLong();

    @BeforeAll
    static void pack(@TempDir Path dir) throws Exception {
        library = dir.resolve("proof.sofjlib");
        LibraryPacker.pack(PluginJars.build(dir, "proof", sources(), toml()), KEY, library);
    }

    private RuntimeFixture fixture() {
        return fixture(false);
    }

    private RuntimeFixture fixture(boolean dpThreads) {
        final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder()
                .trustedKeys(Set.of(KEY.getPublic())).allocationBudget(BUDGET)
                .virtualDpThreads(dpThreads));
        fx.kernel.state.allocationReader = () -> {
            reads.incrementAndGet();
            return Allocations.current();
        };
        fx.kernel.loadLibrary(LIB, library);
        return fx;
    }

    /** src -> {@code middle} (LL) -> cap, running; returns the three component ids. */
    private static int[] build(RuntimeFixture fx, int middle) {
        return build(fx, middle, ProcDomain.LL);
    }

    /** src -> {@code middle} -> cap, running; returns the three component ids. */
    private static int[] build(RuntimeFixture fx, int middle, ProcDomain domain) {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int mid = fx.kernel.initInstance(new InstanceSpec(middle, 0, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, mid, 0);
        fx.kernel.bind(mid, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        return new int[] {src, mid, cap};
    }

    private static int[] captured(RuntimeFixture fx, int cap) {
        final TestModules.Capture c = (TestModules.Capture) fx.component(cap).module;
        return Arrays.copyOf(c.captured, c.count);
    }

    @Test
    void shouldMakeNoReadAndChargeNothingForAProvenPassthru() {
        final int[] kernel;
        try (RuntimeFixture fx = fixture()) {
            final int[] ids = build(fx, TestModules.moduleId("kpass"));
            fx.ticks(40);
            kernel = captured(fx, ids[2]);
        }
        try (RuntimeFixture fx = fixture()) {
            final int[] ids = build(fx, fx.kernel.moduleId(LIB, "PROVEN"));
            assertTrue(fx.component(ids[1]).allocationFree, "the loader proved it");
            final long madeWith = fx.component(ids[1]).allocated(); // create and init's
            reads.set(0);
            fx.ticks(40);
            assertEquals(0, reads.get(), "no allocation-counter read in 40 ticks");
            assertEquals(madeWith, fx.component(ids[1]).allocated(), "its calls charged nothing");
            assertFalse(fx.component(ids[1]).faulted);
            assertTrue(fx.kernel.events().isEmpty(), fx.kernel.events().toString());
            assertTrue(kernel.length > 30 * TestModules.TICK / 4, "audio flowed");
            assertArrayEquals(kernel, captured(fx, ids[2]), "the same bytes as in kernel mode");
            fx.ticks(20_000);
            assertEquals(0, fx.leastBytesOverTicks(5, 5_000),
                    "bytes the tick thread allocated over 5,000 ticks");
            assertEquals(0, reads.get(), "still no read");
        }
    }

    @Test
    void shouldReadAroundABuiltInThatIsNotInAClosedModule() {
        try (RuntimeFixture fx = fixture()) {
            final int[] ids = build(fx, TestModules.moduleId("pass"));
            assertFalse(fx.component(ids[1]).allocationFree);
            reads.set(0);
            fx.ticks(40);
            assertEquals(80, reads.get(), "two reads a call, as before");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DIRECT", "CALLEE", "OVERRIDE", "CATCHES", "CONCAT", "CLINIT"})
    void shouldReadAndFaultAtItsBudgetAModuleThatAllocatesOnItsProcessPath(String name) {
        try (RuntimeFixture fx = fixture()) {
            final int[] ids = build(fx, fx.kernel.moduleId(LIB, name));
            assertFalse(fx.component(ids[1]).allocationFree, name + " is not proven");
            reads.set(0);
            fx.ticks(20);
            assertTrue(reads.get() >= 2, "its calls read the counter: " + reads.get());
            assertTrue(fx.component(ids[1]).faulted, name + " FAULTED");
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(ids[1], e.componentId());
            assertTrue(e.detail().contains("allocation budget"), e.detail());
        }
    }

    @ParameterizedTest(name = "DP threads {0}")
    @ValueSource(booleans = {false, true})
    void shouldMakeNoReadForAProvenDpModulesRuns(boolean dpThreads) {
        try (RuntimeFixture fx = fixture(dpThreads)) {
            final int[] ids = build(fx, fx.kernel.moduleId(LIB, "PROVEN"), ProcDomain.DP);
            final Component dp = fx.component(ids[1]);
            assertTrue(dp.allocationFree, "the loader proved it");
            final long madeWith = dp.allocated(); // create and init's
            reads.set(0);
            fx.ticks(40);
            assertEquals(0, reads.get(), "no allocation-counter read in 40 ticks of DP runs");
            assertEquals(madeWith, dp.allocated(), "its runs charged nothing");
            assertFalse(dp.faulted);
            assertTrue(fx.kernel.events().isEmpty(), fx.kernel.events().toString());
            assertTrue(captured(fx, ids[2]).length > 30 * TestModules.TICK / 4, "audio flowed");
        }
    }

    @ParameterizedTest(name = "DP threads {0}")
    @ValueSource(booleans = {false, true})
    void shouldReadAndFaultAtItsBudgetAnAllocatingDpModule(boolean dpThreads) {
        try (RuntimeFixture fx = fixture(dpThreads)) {
            final int[] ids = build(fx, fx.kernel.moduleId(LIB, "DIRECT"), ProcDomain.DP);
            assertFalse(fx.component(ids[1]).allocationFree, "DIRECT is not proven");
            reads.set(0);
            fx.ticks(20);
            assertTrue(reads.get() >= 2, "its runs read the counter: " + reads.get());
            assertTrue(fx.component(ids[1]).faulted, "DIRECT FAULTED");
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(ids[1], e.componentId());
            assertTrue(e.detail().contains("allocation budget"), e.detail());
        }
    }

    private static String toml() {
        final String[] names = new String[ALLOCATING.length + 1];
        names[0] = "PROVEN";
        System.arraycopy(ALLOCATING, 0, names, 1, ALLOCATING.length);
        return PluginJars.userModules("proof", "test.proof.P", 20, names);
    }

    private static Map<String, String> sources() {
        final String api = "import org.sofj.api.audio.*;\n";
        final String process = "  public int process(Source[] s, Sink[] k) {";
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("module-info.java", PluginJars.moduleInfo("test.proof", "test.proof.P"));
        m.put("test/proof/P.java", "package test.proof;\n"
                + "public final class P implements org.sofj.api.spi.ModuleProvider {\n"
                + "  public java.util.Set<String> moduleNames() { return java.util.Set.of("
                + "\"PROVEN\", \"DIRECT\", \"CALLEE\", \"OVERRIDE\", \"CATCHES\", \"CONCAT\","
                + " \"CLINIT\"); }\n"
                + "  public org.sofj.api.ProcessingModule create(String n) {\n"
                + "    switch (n) {\n"
                + "      case \"PROVEN\": return new Proven();\n"
                + "      case \"DIRECT\": return new Direct();\n"
                + "      case \"CALLEE\": return new Callee();\n"
                + "      case \"OVERRIDE\": return new Override();\n"
                + "      case \"CATCHES\": return new Catches();\n"
                + "      case \"CONCAT\": return new Concat();\n"
                + "      default: return new Clinit();\n"
                + "    }\n  }\n}\n");
        m.put("test/proof/Base.java", "package test.proof;\n"
                + "abstract class Base implements org.sofj.api.ProcessingModule {\n"
                + "  org.sofj.api.memory.MemoryAccess access;\n"
                + "  public int init(org.sofj.api.ModuleContext c) { access = c.access();"
                + " return 0; }\n}\n");
        m.put("test/proof/Proven.java", "package test.proof;\n" + api
                + "final class Proven extends Base {\n" + PluginJars.PASSTHRU + "}\n");
        m.put("test/proof/Direct.java", "package test.proof;\n" + api
                + "final class Direct extends Base {\n" + process
                + " return new byte[1 << 20].length > 0 ? 0 : -1; }\n}\n");
        m.put("test/proof/Callee.java", "package test.proof;\n" + api
                + "final class Callee extends Base {\n" + process
                + " return make() > 0 ? 0 : -1; }\n"
                + "  private static int make() { return new byte[1 << 20].length; }\n}\n");
        m.put("test/proof/Op.java", "package test.proof;\ninterface Op { int run(); }\n");
        m.put("test/proof/Cheap.java", "package test.proof;\n"
                + "final class Cheap implements Op { public int run() { return 1; } }\n");
        m.put("test/proof/Costly.java", "package test.proof;\n"
                + "final class Costly implements Op {"
                + " public int run() { return new byte[1 << 20].length; } }\n");
        m.put("test/proof/Override.java", "package test.proof;\n" + api
                + "final class Override extends Base {\n"
                + "  private Op op = new Cheap();\n"
                + "  public int init(org.sofj.api.ModuleContext c) { op = new Costly();"
                + " return 0; }\n" + process + " return op.run() > 0 ? 0 : -1; }\n}\n");
        m.put("test/proof/Catches.java", "package test.proof;\n" + api
                + "final class Catches extends Base {\n"
                + "  private int[] none;\n"
                + "  private final Throwable[] kept = new Throwable[64];\n" + process + "\n"
                + "    int x = 0;\n"
                + "    for (int i = 0; i < 10_000; i++) {\n"
                + "      try { x += none[i]; } catch (NullPointerException e) { kept[i & 63] = e; }\n"
                + "    }\n"
                + "    return x;\n  }\n}\n");
        m.put("test/proof/Concat.java", "package test.proof;\n" + api
                + "final class Concat extends Base {\n"
                + "  private String label;\n" + process + "\n"
                + "    for (int i = 0; i < 20_000; i++) { label = \"n=\" + i; }\n"
                + "    return label.length() > 0 ? 0 : -1;\n  }\n}\n");
        m.put("test/proof/Table.java", "package test.proof;\n"
                + "final class Table { static final long[] VALUES = new long[1 << 17]; }\n");
        m.put("test/proof/Clinit.java", "package test.proof;\n" + api
                + "final class Clinit extends Base {\n" + process
                + " return (int) Table.VALUES[0]; }\n}\n");
        return m;
    }
}
