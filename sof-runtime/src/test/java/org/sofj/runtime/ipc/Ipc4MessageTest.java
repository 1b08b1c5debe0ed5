package org.sofj.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.api.BaseConfig;
import org.sofj.api.ConfigFragment;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

final class Ipc4MessageTest {

    @ParameterizedTest
    @CsvSource({"true, true, SINGLE", "true, false, FIRST", "false, true, LAST",
        "false, false, MIDDLE"})
    void shouldMapInitAndFinalBlockToFragmentWhenAsked(boolean init, boolean fin,
            ConfigFragment fragment) {
        final int size = init && fin ? 0 : 16;
        assertEquals(fragment, new ModLargeConfigSet(1, 0, 0, init, fin, size, new byte[0])
                .fragment());
        assertEquals(fragment, new ModLargeConfigGet(1, 0, 0, init, fin, 0).fragment());
        final ModLargeConfigSet of = ModLargeConfigSet.of(1, 0, 0, fragment, size, new byte[0]);
        assertEquals(init, of.initBlock());
        assertEquals(fin, of.finalBlock());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("libId=0", () -> new LoadLibrary(0, 0)),
                bad("libId=16", () -> new LoadLibrary(16, 0)),
                bad("dmaId=32", () -> new LoadLibrary(1, 32)),
                bad("loadOffset=-1", () -> new LoadLibrary(1, 0, -1, false)),
                bad("pipelineId=255", () -> new CreatePipeline(255, 0, 0, false, 0, 0)),
                bad("priority=8", () -> new CreatePipeline(0, 8, 0, false, 0, 0)),
                bad("memoryPages=2048", () -> new CreatePipeline(0, 0, 2048, false, 0, 0)),
                bad("attributes=65536", () -> new CreatePipeline(0, 0, 0, false, 65536, 0)),
                bad("core=16", () -> new CreatePipeline(0, 0, 0, false, 0, 16)),
                bad("pipelineId=255", () -> new DeletePipeline(255)),
                bad("pipelineId=-1", () -> new SetPipelineState(-1, PipelineState.RESET)),
                bad("instanceId=256", () -> new ModDeleteInstance(1, 256)),
                bad("moduleId=65536", () -> new ModDeleteInstance(65536, 0)),
                bad("srcQueue=8", () -> new ModBind(1, 0, 2, 0, 8, 0)),
                bad("dstQueue=8", () -> new ModUnbind(1, 0, 2, 0, 0, 8)),
                bad("dstInstanceId=256", () -> new ModBind(1, 0, 2, 256, 0, 0)),
                bad("largeParamId=256", () -> new ModLargeConfigGet(1, 0, 256, true, true, 0)),
                bad("dataOffsetSize=1048576",
                        () -> new ModLargeConfigGet(1, 0, 0, true, true, 1 << 20)),
                bad("must equal dataOffsetSize=3",
                        () -> new ModLargeConfigSet(1, 0, 0, true, true, 3, new byte[2])),
                bad("payload.length=4097",
                        () -> new ModLargeConfigSet(1, 0, 0, false, false, 0, new byte[4097])),
                bad("exceeds the blob size",
                        () -> new ModLargeConfigSet(1, 0, 0, true, false, 1, new byte[2])),
                bad("core=16", () -> new ModInitInstance(1, 0, 16, 0, ProcDomain.DP,
                        Frames.BASE, new byte[0])),
                bad("baseConfig.cps=5", () -> new ModInitInstance(1, 0, 0, 0, ProcDomain.DP,
                        new BaseConfig(0, 0, 0, 5, 0, Frames.FORMAT), new byte[0])),
                bad("validBits=24 of S32_LE", () -> new ModInitInstance(1, 0, 0, 0,
                        ProcDomain.DP, new BaseConfig(0, 0, 0, 0, 0,
                                new AudioFormat(48000, 2, SampleFormat.S32_LE, 24)),
                        new byte[0])),
                bad("initData.length=3", () -> new ModInitInstance(1, 0, 0, 0, ProcDomain.DP,
                        Frames.BASE, new byte[3])),
                bad("exceeds 4096", () -> new ModInitInstance(1, 0, 0, 0, ProcDomain.DP,
                        Frames.BASE, new byte[4060])),
                bad("stackBytes=-1", () -> new DpData(0, -1, 0)),
                bad("hostboxSize=8192", () -> Ipc4Codec.withHostboxSize(8192)),
                bad("hostboxSize=1022", () -> Ipc4Codec.withHostboxSize(1022)));
    }

    private static Arguments bad(String fragment, Supplier<Object> constructor) {
        return Arguments.of(fragment, constructor);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldRejectNamingFieldAndValueWhenOutOfRange(String fragment,
            Supplier<Object> constructor) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                constructor::get);
        assertTrue(e.getMessage().contains(fragment),
                "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Test
    void shouldAcceptLargestInitBlockWhenItFillsAMessage() {
        final ModInitInstance m = Frames.init(new byte[4096 - 40 - 28],
                Optional.of(new DpData(0, 0, 0)));
        assertEquals(4096, Ipc4Codec.standard().encode(m).payloadLength());
    }

    @Test
    void shouldCopyArraysWhenConstructedAndRead() {
        final byte[] data = {1, 2, 3, 4};
        final ModInitInstance init = Frames.init(data, Optional.empty());
        final ModLargeConfigSet set = new ModLargeConfigSet(1, 0, 0, true, true, 4, data);
        final Ipc4Frame frame = new Ipc4Frame(0, 0, data);
        data[0] = 9;
        init.initData()[1] = 9;
        set.payload()[1] = 9;
        frame.payload()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3, 4}, init.initData());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, set.payload());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, frame.payload());
    }

    @Test
    void shouldCompareArrayContentsWhenEqualsHashCodeAndToString() {
        final ModInitInstance a = Frames.init(new byte[] {1, 2, 3, 4}, Optional.empty());
        final ModInitInstance b = Frames.init(new byte[] {1, 2, 3, 4}, Optional.empty());
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(a.toString(), b.toString());
        assertTrue(a.toString().contains("initData=[1, 2, 3, 4]"), a.toString());
        assertNotEquals(a, Frames.init(new byte[] {1, 2, 3, 5}, Optional.empty()));
        final ModLargeConfigSet s = new ModLargeConfigSet(1, 0, 0, true, true, 1, new byte[] {7});
        assertEquals(s, new ModLargeConfigSet(1, 0, 0, true, true, 1, new byte[] {7}));
        assertNotEquals(s, new ModLargeConfigSet(1, 0, 0, true, true, 1, new byte[] {8}));
        assertTrue(s.toString().contains("fragment=SINGLE"), s.toString());
        assertEquals(new Ipc4Frame(1, 2, new byte[] {3}), new Ipc4Frame(1, 2, new byte[] {3}));
        assertEquals(new Ipc4Frame(1, 2, new byte[] {3}).hashCode(),
                new Ipc4Frame(1, 2, new byte[] {3}).hashCode());
    }

    @Test
    void shouldNumberPipelineStatesAsSofWhenLookedUp() {
        assertEquals(2, PipelineState.RESET.code());
        assertEquals(3, PipelineState.PAUSED.code());
        assertEquals(4, PipelineState.RUNNING.code());
        assertEquals(Optional.of(PipelineState.SAVED), PipelineState.ofCode(7));
        assertEquals(Optional.empty(), PipelineState.ofCode(0));
        assertEquals(Optional.empty(), PipelineState.ofCode(8));
        assertEquals(ProcDomain.DP, ProcDomain.ofBit(1));
        assertEquals(0, ProcDomain.LL.bit());
    }
}
