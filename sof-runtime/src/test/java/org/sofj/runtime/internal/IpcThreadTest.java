package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ModuleIds;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.ModLargeConfigSet;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The IPC thread is the one owner of the kernel's state: the built-in types are registered on
 * it, and a typed call and an IPC4 frame both run their request there, kernel-module code
 * included.
 */
final class IpcThreadTest {
    private static final String IPC_THREAD = "sofj-ipc";

    /** A built-in type that records where it is described. */
    private static final class Probe implements ModuleProvider {
        final List<String> describedOn = Collections.synchronizedList(new ArrayList<>());
        final boolean describes;

        Probe(boolean describes) {
            this.describes = describes;
        }

        @Override
        public Set<String> moduleNames() {
            return Set.of("probe");
        }

        @Override
        public Optional<ModuleDescription> describe(String name) {
            describedOn.add(Thread.currentThread().getName());
            return describes ? Optional.of(ModuleDescription.builder(name,
                    UUID.nameUUIDFromBytes(name.getBytes())).build()) : Optional.empty();
        }

        @Override
        public ProcessingModule create(String name) {
            throw new AssertionError("never made in this test");
        }
    }

    @Test
    void shouldRegisterTheBuiltInTypesOnTheIpcThread() {
        final Probe probe = new Probe(true);
        try (SofRuntime runtime = SofRuntime.builder().builtIn(probe).build()) {
            assertEquals(List.of(IPC_THREAD), probe.describedOn);
            assertEquals(ModuleIds.moduleId(0, 0), runtime.moduleId(0, "probe"));
        }
    }

    @Test
    void shouldRefuseABuiltInTypeItCannotDescribeInOneLine() {
        final Probe probe = new Probe(false);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SofRuntime.builder().builtIn(probe).build());
        assertEquals("built-in provider " + Probe.class.getName()
                + " does not describe module=probe", e.getMessage());
    }

    @Test
    void shouldRunTypedCallsAndFramesOnTheIpcThread() {
        final List<String> calledOn = Collections.synchronizedList(new ArrayList<>());
        final TestModules.Script script = new TestModules.Script();
        script.setConfig = (ctx, view) -> {
            calledOn.add(Thread.currentThread().getName());
            return 0;
        };
        TestModules.SCRIPTS.put("kscript", script);
        try (RuntimeFixture fx = new RuntimeFixture()) {
            fx.kernel.createPipeline(1, 0);
            final int id = fx.create("kscript", 0, 1, ProcDomain.LL);
            fx.kernel.setConfiguration(id, 1, new byte[8]);
            fx.kernel.ipc(Ipc4Codec.standard().encode(ModLargeConfigSet.of(
                    TestModules.moduleId("kscript"), 0, 1, ConfigFragment.SINGLE, 8,
                    new byte[8])));
            assertEquals(List.of(IPC_THREAD, IPC_THREAD), calledOn, "typed, then the frame");
        }
    }
}
