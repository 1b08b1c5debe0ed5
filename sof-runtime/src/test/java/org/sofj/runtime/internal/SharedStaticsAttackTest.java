package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.memory.Allocation;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Two user-mode types of one signed library share their classes' static fields: the KEEPER
 * instance leaves its {@code ModuleContext} (its memory, its capability) and the address of a
 * block it allocated there, and an instance of another type of the library picks them up in its
 * own {@code process} and uses them. Whatever it tries, it must reach nothing of the keeper:
 * it is FAULTED (a memory fault, naming it), the keeper is not, the keeper's books still hold
 * its block with what it wrote there, and the keeper's pipeline captures the same bytes as
 * without the thief. Before the change, {@code free} and {@code freeAll} of the keeper's memory
 * released the keeper's block from the thief's thread, and {@code liveAllocations} listed it;
 * and the keeper's {@code Sink} and {@code Source}, left in a static from its {@code process},
 * moved the keeper's ring offsets from the thief's (its audio skipped or repeated).
 */
final class SharedStaticsAttackTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final int LIB = 6;
    private static final int TICKS = 30;
    private static final int MARK = 0x5EC0DE;
    private static final String[] TYPES = {"KEEPER", "FREE", "FREEALL", "ALLOC", "LIVE", "ACCESS",
        "SINK", "SOURCE"};
    private static Path library;

    @BeforeAll
    static void pack(@TempDir Path dir) throws Exception {
        library = PluginJars.packUser(dir, "stash", sources(), "test.stash.P", 40, KEY, TYPES);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"FREE, LL", "FREE, DP", "FREEALL, LL", "FREEALL, DP", "ALLOC, LL", "LIVE, LL",
        "LIVE, DP", "ACCESS, LL", "ACCESS, DP", "SINK, LL", "SINK, DP", "SOURCE, LL",
        "SOURCE, DP"})
    void shouldLetNoOtherTypeOfTheLibraryUseTheRightsAKeeperLeftInAStatic(String op,
            ProcDomain domain) {
        final int[] reference;
        try (RuntimeFixture fx = fixture()) {
            final int[] keeper = chain(fx, 1, "KEEPER", domain);
            fx.ticks(TICKS);
            reference = captured(fx, keeper[2]);
        }
        try (RuntimeFixture fx = fixture()) {
            final int[] keeper = chain(fx, 1, "KEEPER", domain);
            final List<Allocation> books = fx.component(keeper[1]).memory.liveAllocations();
            assertEquals(1, books.size(), "the keeper's block");
            final long block = books.get(0).address();
            final int[] thief = chain(fx, 2, op, domain);
            fx.ticks(TICKS);
            final Component t = fx.component(thief[1]);
            final Component k = fx.component(keeper[1]);
            assertTrue(t.faulted, op + ": the thief is FAULTED; events " + fx.kernel.events());
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, e.kind(), e.toString());
            assertEquals(thief[1], e.componentId(), "the fault names the thief: " + e);
            assertFalse(k.faulted, "the keeper goes on: " + fx.kernel.events());
            assertEquals(1, fx.kernel.events().size(), fx.kernel.events().toString());
            assertEquals(books, k.memory.liveAllocations(), "the keeper's books as they were");
            assertEquals(MARK, fx.kernel.state.memory.access().getInt(block),
                    "what the keeper wrote in its block");
            assertTrue(reference.length > TICKS * TestModules.TICK / 8, "audio flowed");
            assertArrayEquals(reference, captured(fx, keeper[2]), "the keeper's capture");
        }
    }

    private static RuntimeFixture fixture() {
        final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder()
                .trustedKeys(Set.of(KEY.getPublic())));
        fx.kernel.loadLibrary(LIB, library);
        return fx;
    }

    /** src -> {@code type} of the library -> cap, running; returns the component ids. */
    private static int[] chain(RuntimeFixture fx, int pipeline, String type, ProcDomain domain) {
        fx.kernel.createPipeline(pipeline, 0);
        fx.kernel.setPipelineState(pipeline, PipelineState.RESET);
        final int src = fx.create("src", pipeline, pipeline, ProcDomain.LL);
        final int mid = fx.kernel.initInstance(new InstanceSpec(fx.kernel.moduleId(LIB, type),
                0, 0, pipeline, domain, RuntimeFixture.CONFIG, null, 0, 0));
        final int cap = fx.create("cap", pipeline, pipeline, ProcDomain.LL);
        fx.kernel.bind(src, 0, mid, 0);
        fx.kernel.bind(mid, 0, cap, 0);
        fx.kernel.setPipelineState(pipeline, PipelineState.RUNNING);
        return new int[] {src, mid, cap};
    }

    private static int[] captured(RuntimeFixture fx, int cap) {
        final TestModules.Capture c = (TestModules.Capture) fx.component(cap).module;
        return Arrays.copyOf(c.captured, c.count);
    }

    private static Map<String, String> sources() {
        final String imports = "import org.sofj.api.*;\nimport org.sofj.api.audio.*;\n";
        final Map<String, String> m = new LinkedHashMap<>();
        final String names = "\"" + String.join("\", \"", TYPES) + "\"";
        m.put("test/stash/P.java", "package test.stash;\npublic final class P implements"
                + " org.sofj.api.spi.ModuleProvider {\n  public java.util.Set<String> moduleNames()"
                + " { return java.util.Set.of(" + names + "); }\n"
                + "  public org.sofj.api.ProcessingModule create(String n) {\n"
                + "    return n.equals(\"KEEPER\") ? new Keeper() : new Thief(n);\n  }\n}\n");
        m.put("test/stash/Stash.java", "package test.stash;\n"
                + "final class Stash {\n"
                + "  static volatile org.sofj.api.ModuleContext context;\n"
                + "  static volatile long block;\n"
                + "  static volatile org.sofj.api.audio.Sink sink;\n"
                + "  static volatile org.sofj.api.audio.Source source;\n"
                + "  static volatile int leaked = -1;\n}\n");
        m.put("test/stash/Pass.java", "package test.stash;\n" + imports
                + "class Pass implements ProcessingModule {\n"
                + "  org.sofj.api.memory.MemoryAccess access;\n"
                + "  public int init(ModuleContext c) { access = c.access(); return 0; }\n"
                + PluginJars.PASSTHRU + "}\n");
        m.put("test/stash/Keeper.java", "package test.stash;\n" + imports
                + "final class Keeper extends Pass {\n"
                + "  public int init(ModuleContext c) {\n"
                + "    super.init(c);\n"
                + "    final long b = c.memory().zalloc(64);\n"
                + "    c.access().putInt(b, " + MARK + ");\n"
                + "    Stash.block = b;\n"
                + "    Stash.context = c;\n"
                + "    return 0;\n  }\n"
                + "  public int process(Source[] s, Sink[] k) {\n"
                + "    Stash.sink = k[0];\n"
                + "    Stash.source = s[0];\n"
                + "    return super.process(s, k);\n  }\n}\n");
        m.put("test/stash/Thief.java", "package test.stash;\n" + imports
                + "final class Thief extends Pass {\n"
                + "  private final String op;\n"
                + "  private boolean done;\n"
                + "  Thief(String op) { this.op = op; }\n"
                + "  public int process(Source[] s, Sink[] k) {\n"
                + "    final ModuleContext c = Stash.context;\n"
                + "    if (!done && c != null) { done = steal(c); }\n"
                + "    return super.process(s, k);\n  }\n"
                + "  private boolean steal(ModuleContext c) {\n"
                + "    final AudioRegion r = new AudioRegion();\n"
                + "    switch (op) {\n"
                + "      case \"SINK\": if (Stash.sink == null) return false;\n"
                + "        if (Stash.sink.getBuffer(8, r) == 0) Stash.sink.commitBuffer(8); break;\n"
                + "      case \"SOURCE\": if (Stash.source == null) return false;\n"
                + "        if (Stash.source.getData(8, r) == 0) Stash.source.releaseData(8); break;\n"
                + "      case \"FREE\": c.memory().free(Stash.block); break;\n"
                + "      case \"FREEALL\": c.memory().freeAll(); break;\n"
                + "      case \"ALLOC\": while (c.memory().alloc(64) != 0) { } break;\n"
                + "      case \"LIVE\": Stash.leaked = c.memory().liveAllocations().size(); break;\n"
                + "      default: c.access().putInt(Stash.block, 0); break;\n"
                + "    }\n    return true;\n  }\n}\n");
        return m;
    }
}
