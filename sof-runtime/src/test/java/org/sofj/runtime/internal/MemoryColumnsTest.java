package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The report's two memory columns show what a module really uses: Java arrays its own code
 * allocates ({@code javaAllocated}) and what it takes through {@code ModuleContext.memory()}
 * ({@code heapUsed}/{@code heapHighWater}), for a user-mode and a kernel-mode module.
 */
final class MemoryColumnsTest {
    /** Bigger than anything the runtime's own call path could allocate by accident. */
    private static final int ARRAY_BYTES = 200_000;
    private static final int HEAP_BYTES = 1000;

    /** Where the module keeps its array, so the JIT cannot remove the allocation. */
    static volatile byte[] kept;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scripted", "kscript"})
    void shouldCountTheJavaArrayAModuleAllocatesInInit(String type) {
        final TestModules.Script script = new TestModules.Script();
        script.init = ctx -> {
            kept = new byte[ARRAY_BYTES];
            return 0;
        };
        TestModules.SCRIPTS.put(type, script);
        try (RuntimeFixture fx = new RuntimeFixture()) {
            fx.runtime().createPipeline(1, 0);
            final int id = fx.create(type, 0, 1, ProcDomain.LL);
            final InstanceReport r = fx.runtime().report(id);
            assertTrue(r.javaAllocated() >= ARRAY_BYTES, "javaAllocated=" + r.javaAllocated()
                    + " after an init that allocated a " + ARRAY_BYTES + "-byte array");
            assertEquals(0, r.heapUsed(), "no memory() taken");
            assertEquals(0, r.heapHighWater());
        } finally {
            kept = null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scripted", "kscript"})
    void shouldShowTheBytesAModuleTookThroughMemory(String type) {
        final TestModules.Script script = new TestModules.Script();
        final long[] address = new long[1];
        script.init = ctx -> {
            address[0] = ctx.memory().alloc(HEAP_BYTES);
            return address[0] == 0 ? -org.sofj.api.Errno.ENOMEM : 0;
        };
        TestModules.SCRIPTS.put(type, script);
        try (RuntimeFixture fx = new RuntimeFixture()) {
            fx.runtime().createPipeline(1, 0);
            final int id = fx.create(type, 0, 1, ProcDomain.LL);
            final InstanceReport r = fx.runtime().report(id);
            assertTrue(r.heapUsed() >= HEAP_BYTES, "heapUsed=" + r.heapUsed() + " after an init"
                    + " that took " + HEAP_BYTES + " bytes through memory()");
            assertTrue(r.heapHighWater() >= r.heapUsed(), "high=" + r.heapHighWater());
            assertEquals(1, r.liveAllocations());
        }
    }
}
