package org.sofj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.audio.TestBuffer;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.ModuleOperation;

final class ProcessingModuleTest {

    /** Implements only what is required. */
    static final class Minimal implements ProcessingModule {
        @Override
        public int init(ModuleContext context) {
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return 0;
        }
    }

    /** Overrides reset and get_configuration. */
    static class WithGetter implements ProcessingModule {
        @Override
        public int init(ModuleContext context) {
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            return 0;
        }

        @Override
        public int getConfiguration(int configId, MemoryView response) {
            return 4;
        }

        @Override
        public int reset() {
            return -Errno.EINVAL;
        }
    }

    /** Inherits from WithGetter: the overrides still count. */
    static final class Derived extends ProcessingModuleTest.WithGetter {
    }

    @Test
    void shouldSucceedForAbsentOptionalOperations() {
        final ProcessingModule m = new Minimal();
        assertEquals(0, m.prepare(new Source[0], new Sink[0]));
        assertEquals(0, m.setConfiguration(1, ConfigFragment.SINGLE, 0, null));
        assertEquals(0, m.setProcessingMode(ProcessingMode.BYPASS));
        assertEquals(0, m.reset());
        assertEquals(0, m.free());
        assertEquals(0, m.trigger(TriggerCommand.START));
    }

    @Test
    void shouldAnswerEioForAbsentGetters() {
        final ProcessingModule m = new Minimal();
        assertEquals(-Errno.EIO, m.getConfiguration(1, null));
        assertEquals(-Errno.EIO, m.getProcessingMode());
    }

    @Test
    void shouldReportOnlyRequiredOperationsForAMinimalModule() {
        assertEquals(EnumSet.of(ModuleOperation.INIT, ModuleOperation.PROCESS),
                ModuleOperation.implementedBy(Minimal.class));
    }

    @Test
    void shouldReportOverriddenOperationsIncludingInheritedOnes() {
        final EnumSet<ModuleOperation> expected = EnumSet.of(ModuleOperation.INIT,
                ModuleOperation.PROCESS, ModuleOperation.GET_CONFIGURATION, ModuleOperation.RESET);
        assertEquals(expected, ModuleOperation.implementedBy(WithGetter.class));
        assertEquals(expected, ModuleOperation.implementedBy(Derived.class));
    }

    @Test
    void shouldBeReadyOnlyWhenEverySourceHasIbsAndEverySinkHasObs() {
        final TestBuffer in = new TestBuffer(1024);
        final TestBuffer out = new TestBuffer(1024);
        in.sourceEndpoint().setMinAvailable(384);
        out.sinkEndpoint().setMinFreeSpace(384);
        final Source[] sources = {in.source()};
        final Sink[] sinks = {out.sink()};
        final ProcessingModule m = new Minimal();
        assertFalse(m.isReadyToProcess(sources, sinks), "empty source");
        in.fill(384);
        assertTrue(m.isReadyToProcess(sources, sinks));
        out.fill(1024 - 383);
        assertFalse(m.isReadyToProcess(sources, sinks), "sink has 383 free");
        assertTrue(ProcessingModule.genericIsReadyToProcess(new Source[0], new Sink[0]));
    }
}
