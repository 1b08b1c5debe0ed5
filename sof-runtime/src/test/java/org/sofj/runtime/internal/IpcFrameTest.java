package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.api.Ipc4Status;
import org.sofj.api.spi.HeapRegion;
import org.sofj.runtime.ipc.CreatePipeline;
import org.sofj.runtime.ipc.DpData;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.ModBind;
import org.sofj.runtime.ipc.ModDeleteInstance;
import org.sofj.runtime.ipc.ModInitInstance;
import org.sofj.runtime.ipc.ProcDomain;

/** The kernel driven by raw IPC4 frames: replies carry SOF's statuses; bad frames change nothing. */
final class IpcFrameTest {
    private static final Ipc4Codec CODEC = Ipc4Codec.standard();
    private final RuntimeFixture fx = new RuntimeFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    private static int status(Ipc4Frame reply) {
        return reply.primary() & 0xFFFFFF;
    }

    private Ipc4Frame send(Ipc4Frame frame) {
        final Ipc4Frame reply = fx.kernel.ipc(frame);
        assertTrue((reply.primary() & 1 << 29) != 0, "the reply bit is set");
        return reply;
    }

    private static ModInitInstance init(String name, int instance, ProcDomain domain,
            Optional<DpData> dp) {
        return new ModInitInstance(TestModules.moduleId(name), instance, 0, 1, domain,
                new org.sofj.api.BaseConfig(0, 384, 384, 0, 0, RuntimeFixture.FORMAT),
                new byte[0], dp);
    }

    @Test
    void shouldBuildAPipelineFromFramesAndReplySuccess() {
        assertEquals(Ipc4Status.SUCCESS,
                status(send(CODEC.encode(new CreatePipeline(1, 0, 2, false, 0, 0)))));
        assertEquals(Ipc4Status.SUCCESS, status(send(CODEC.encode(init("src", 0, ProcDomain.LL,
                Optional.empty())))));
        assertEquals(Ipc4Status.SUCCESS, status(send(CODEC.encode(init("pass", 0, ProcDomain.DP,
                Optional.of(new DpData(0, 8192, 16384)))))));
        assertEquals(Ipc4Status.SUCCESS, status(send(CODEC.encode(new ModBind(
                TestModules.moduleId("src"), 0, TestModules.moduleId("pass"), 0, 0, 0)))));
        final int pass = org.sofj.api.ModuleIds.componentId(0, TestModules.moduleId("pass"));
        assertEquals(16384, fx.component(pass).driver.heap.size(), "the IPC's heap size wins");
        assertEquals(Ipc4Status.SUCCESS, status(send(CODEC.encode(new ModDeleteInstance(
                TestModules.moduleId("pass"), 0)))), "delete unbinds first");
    }

    static Stream<Arguments> bad() {
        final int mod = 1 << 30;
        return Stream.of(
                Arguments.of("unknown global type", new Ipc4Frame(3 << 24, 0),
                        Ipc4Status.UNKNOWN_MESSAGE_TYPE),
                Arguments.of("reply bit on a request", new Ipc4Frame(mod | 1 << 29 | 5 << 24, 0),
                        Ipc4Status.INVALID_REQUEST),
                Arguments.of("reserved header bit", new Ipc4Frame(1 << 31 | 17 << 24, 0),
                        Ipc4Status.INVALID_PARAM),
                Arguments.of("init with a short payload", truncated(CODEC.encode(init("cap", 1,
                        ProcDomain.LL, Optional.empty())), 8), Ipc4Status.MOD_NOT_INITIALIZED),
                Arguments.of("bind to a missing instance", CODEC.encode(new ModBind(
                        TestModules.moduleId("src"), 0, TestModules.moduleId("cap"), 9, 0, 0)),
                        Ipc4Status.INVALID_RESOURCE_ID),
                Arguments.of("heap the user heap cannot hold", CODEC.encode(init("upass", 0,
                        ProcDomain.DP, Optional.of(new DpData(0, 4096, 64 << 20)))),
                        Ipc4Status.MOD_NOT_INITIALIZED));
    }

    private static Ipc4Frame truncated(Ipc4Frame f, int bytes) {
        return new Ipc4Frame(f.primary(), f.extension(),
                java.util.Arrays.copyOf(f.payload(), bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void shouldAnswerABadRequestWithItsStatusAndChangeNothing(String name, Ipc4Frame frame,
            int expected) {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        fx.create("src", 0, 1, org.sofj.runtime.ipc.ProcDomain.LL);
        final List<Integer> before = fx.kernel.instances();
        final long user = fx.kernel.state.memory.heap(HeapRegion.USER).stats().usedBytes();
        final long system = fx.kernel.state.memory.heap(HeapRegion.SYSTEM).stats().usedBytes();
        assertEquals(expected, status(send(frame)), name);
        assertEquals(before, fx.kernel.instances());
        assertTrue(fx.kernel.state.memory.heap(HeapRegion.SYSTEM).stats().usedBytes() <= system + 4096,
                "at most a registered driver's heap struct page remains, as in SOF");
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        assertTrue(fx.kernel.state.memory.heap(HeapRegion.USER).stats().usedBytes() <= user + 4096,
                "at most a registered driver heap remains, as in SOF (drivers persist)");
    }
}
