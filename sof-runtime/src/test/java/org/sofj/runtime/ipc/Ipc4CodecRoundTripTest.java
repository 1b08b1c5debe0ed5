package org.sofj.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.api.BaseConfig;
import org.sofj.api.ConfigFragment;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

final class Ipc4CodecRoundTripTest {
    private final Ipc4Codec codec = Ipc4Codec.standard();

    static Stream<Ipc4Message> messages() {
        final Stream<Ipc4Message> fixed = Stream.of(
                new LoadLibrary(1, 0),
                new LoadLibrary(15, 31, (1 << 30) - 1, true),
                new CreatePipeline(0, 0, 0, false, 0, 0),
                new CreatePipeline(254, 7, 2047, true, 0xFFFF, 15),
                new DeletePipeline(0),
                new DeletePipeline(254),
                new SetPipelineState(254, PipelineState.RESET),
                new SetPipelineState(java.util.List.of(3, 1, 254), PipelineState.RUNNING, true),
                new SetPipelineState(java.util.List.of(7), PipelineState.PAUSED, true),
                new LoadLibrary(0, 4, 0, true),
                Frames.init(new byte[0], Optional.empty()),
                Frames.init(Frames.bytes(8), Optional.of(new DpData(7, 8192, 16384))),
                new ModInitInstance(0xFFFF, 255, 15, Ipc4Header.INVALID_PIPELINE_ID,
                        ProcDomain.LL, Frames.BASE, Frames.bytes(4000)),
                new ModBind(0x1002, 1, 0x0003, 2, 1, 2),
                new ModBind(0xFFFF, 255, 0xFFFF, 255, 7, 7),
                new ModUnbind(0x1002, 1, 0x0003, 2, 1, 2),
                new ModUnbind(0, 0, 0, 0, 0, 0),
                ModLargeConfigSet.of(0x1002, 3, 0x12, ConfigFragment.SINGLE, 0, new byte[0]),
                ModLargeConfigSet.of(0x1002, 3, 0xFF, ConfigFragment.SINGLE, 4096,
                        Frames.bytes(4096)),
                ModLargeConfigSet.of(0x1002, 3, 1, ConfigFragment.FIRST, 0xFFFFF,
                        Frames.bytes(4096)),
                ModLargeConfigSet.of(0x1002, 3, 1, ConfigFragment.MIDDLE, 4096, Frames.bytes(7)),
                ModLargeConfigSet.of(0x1002, 3, 1, ConfigFragment.LAST, 8192, Frames.bytes(3)),
                new ModLargeConfigGet(0x1002, 3, 0x12, true, true, 0),
                new ModLargeConfigGet(0xFFFF, 255, 0xFF, false, false, 0xFFFFF),
                new ModDeleteInstance(0x1002, 3),
                new ModDeleteInstance(0xFFFF, 255));
        final Stream<Ipc4Message> formats = Arrays.stream(SampleFormat.values())
                .flatMap(f -> Stream.of(1, 2, 8).map(ch -> new ModInitInstance(0x2001, 0, 0, 1,
                        ProcDomain.DP, new BaseConfig(0, 0, 0, 0, 0,
                                AudioFormat.of(8000 * ch, ch, f)), new byte[0])));
        return Stream.concat(fixed, formats);
    }

    @ParameterizedTest
    @MethodSource("messages")
    void shouldDecodeWhatItEncodes(Ipc4Message message) {
        assertEquals(message, codec.decode(codec.encode(message)));
    }

    @ParameterizedTest
    @MethodSource("messages")
    void shouldReencodeTheSameFrameWhenDecodingAnEncodedFrame(Ipc4Message message) {
        final Ipc4Frame frame = codec.encode(message);
        assertEquals(frame, codec.encode(codec.decode(frame)));
    }

    @ParameterizedTest
    @EnumSource(PipelineState.class)
    void shouldRoundTripEveryPipelineStateWhenEncodedInPplState(PipelineState state) {
        final Ipc4Frame frame = codec.encode(new SetPipelineState(9, state));
        assertEquals(state.code(), frame.primary() & 0xFFFF);
        assertEquals(new SetPipelineState(9, state), codec.decode(frame));
    }
}
