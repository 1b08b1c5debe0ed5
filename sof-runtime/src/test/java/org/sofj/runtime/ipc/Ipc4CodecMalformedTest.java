package org.sofj.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;

final class Ipc4CodecMalformedTest {
    private static final Ipc4Codec STANDARD = Ipc4Codec.standard();
    private static final int MOD = 1 << 30;
    private static final int BIND = MOD | 5 << 24 | 0x1002;
    private static final int LOAD = 24 << 24 | 1 << 16;
    private static final int CREATE = 17 << 24 | 4 << 16;
    private static final int DELETE = 18 << 24 | 4 << 16;
    private static final int STATE = 19 << 24 | 4 << 16 | 4;
    private static final int SET = MOD | 4 << 24 | 3 << 16 | 0x1002;
    private static final int SINGLE = 3 << 28;
    private static final int FIRST = 1 << 29;

    static Stream<Arguments> malformed() {
        return Stream.of(
                row("global type in the gap", new Ipc4Frame(3 << 24, 0),
                        Ipc4Status.UNKNOWN_MESSAGE_TYPE, "type=3"),
                row("unmodelled module type", new Ipc4Frame(MOD | 7 << 24, 0),
                        Ipc4Status.UNKNOWN_MESSAGE_TYPE, "type=7"),
                row("global type sent to a module", new Ipc4Frame(MOD | 17 << 24, 0),
                        Ipc4Status.UNKNOWN_MESSAGE_TYPE, "CREATE_PIPELINE is a global message"),
                row("module type sent to the firmware", new Ipc4Frame(5 << 24, 0),
                        Ipc4Status.UNKNOWN_MESSAGE_TYPE, "MOD_BIND is a module message"),
                row("primary reserved bit", new Ipc4Frame(BIND | 1 << 31, 0),
                        Ipc4Status.INVALID_PARAM, "reserved bit 31"),
                row("extension reserved bits", new Ipc4Frame(BIND, 1 << 30),
                        Ipc4Status.INVALID_PARAM, "reserved bits 31..30"),
                row("reply bit on a request", new Ipc4Frame(BIND | 1 << 29, 0),
                        Ipc4Status.INVALID_REQUEST, "rsp=1"),
                row("payload over SOF_IPC_MSG_MAX_SIZE",
                        new Ipc4Frame(SET, SINGLE | 4097, new byte[4097]),
                        Ipc4Status.INVALID_PARAM, "payload.length=4097"),
                row("lib id 0", new Ipc4Frame(24 << 24, 0), Ipc4Status.INVALID_PARAM,
                        "lib_id=0"),
                row("multi pipeline count over its payload", new Ipc4Frame(STATE, 1,
                        new byte[] {3, 0, 0, 0, 1, 0, 0, 0}), Ipc4Status.INVALID_PARAM,
                        "pipelines_count=3 with payload.length=8"),
                row("multi pipeline id 255", new Ipc4Frame(STATE, 1,
                        new byte[] {1, 0, 0, 0, (byte) 0xFF, 0, 0, 0}),
                        Ipc4Status.INVALID_RESOURCE_ID, "ppl_id[0]=255"),
                row("load library rsvd0", new Ipc4Frame(LOAD | 1 << 5, 0),
                        Ipc4Status.INVALID_PARAM, "rsvd0"),
                row("load library rsvd1", new Ipc4Frame(LOAD | 1 << 20, 0),
                        Ipc4Status.INVALID_PARAM, "rsvd1"),
                row("load library payload", new Ipc4Frame(LOAD, 0, new byte[4]),
                        Ipc4Status.INVALID_PARAM, "payload.length=4"),
                row("create pipeline 255", new Ipc4Frame(17 << 24 | 0xFF << 16, 0),
                        Ipc4Status.INVALID_PARAM, "instance_id=255"),
                row("pipeline priority 8", new Ipc4Frame(CREATE | 8 << 11, 0),
                        Ipc4Status.INVALID_PARAM, "ppl_priority=8"),
                row("pipeline ext payload", new Ipc4Frame(CREATE, 1 << 29),
                        Ipc4Status.INVALID_PARAM, "payload=1"),
                row("create pipeline rsvd1", new Ipc4Frame(CREATE, 1 << 1),
                        Ipc4Status.INVALID_PARAM, "rsvd1"),
                row("create pipeline rsvd2", new Ipc4Frame(CREATE, 1 << 24),
                        Ipc4Status.INVALID_PARAM, "rsvd2"),
                row("delete pipeline 255", new Ipc4Frame(18 << 24 | 0xFF << 16, 0),
                        Ipc4Status.INVALID_RESOURCE_ID, "instance_id=255"),
                row("delete pipeline rsvd0", new Ipc4Frame(DELETE | 1, 0),
                        Ipc4Status.INVALID_PARAM, "rsvd0"),
                row("delete pipeline extension", new Ipc4Frame(DELETE, 1),
                        Ipc4Status.INVALID_PARAM, "extension=0x00000001"),
                row("pipeline state 0 (INVALID)", new Ipc4Frame(STATE & ~0xFFFF, 0),
                        Ipc4Status.INVALID_REQUEST, "ppl_state=0"),
                row("pipeline state 8", new Ipc4Frame(STATE & ~0xFFFF | 8, 0),
                        Ipc4Status.INVALID_REQUEST, "ppl_state=8"),
                row("set state of pipeline 255", new Ipc4Frame(STATE | 0xFF << 16, 0),
                        Ipc4Status.INVALID_RESOURCE_ID, "ppl_id=255"),
                row("multi pipeline state", new Ipc4Frame(STATE, 1),
                        Ipc4Status.INVALID_PARAM, "multi_ppl=1"),
                row("sync stop start", new Ipc4Frame(STATE, 2),
                        Ipc4Status.INVALID_PARAM, "sync_stop_start=1"),
                row("set state rsvd1", new Ipc4Frame(STATE, 1 << 5),
                        Ipc4Status.INVALID_PARAM, "rsvd1"),
                row("bind payload", new Ipc4Frame(BIND, 0, new byte[4]),
                        Ipc4Status.INVALID_PARAM, "MOD_BIND payload.length=4"),
                row("unbind payload", new Ipc4Frame(BIND + (1 << 24), 0, new byte[4]),
                        Ipc4Status.INVALID_PARAM, "MOD_UNBIND payload.length=4"),
                row("delete instance extension", new Ipc4Frame(MOD | 11 << 24, 0x10),
                        Ipc4Status.INVALID_PARAM, "extension=0x00000010"),
                row("large config get payload",
                        new Ipc4Frame(MOD | 3 << 24 | 0x1002, SINGLE, new byte[4]),
                        Ipc4Status.INVALID_PARAM, "MOD_LARGE_CONFIG_GET payload.length=4"),
                row("large config set to base fw instance 1",
                        new Ipc4Frame(MOD | 4 << 24 | 1 << 16, SINGLE),
                        Ipc4Status.INVALID_RESOURCE_ID, "instance_id=1"),
                row("single fragment shorter than data_off_size",
                        new Ipc4Frame(SET, SINGLE | 16, new byte[8]),
                        Ipc4Status.INVALID_PARAM, "SINGLE data_off_size=16"),
                row("single fragment longer than data_off_size",
                        new Ipc4Frame(SET, SINGLE | 4, new byte[8]),
                        Ipc4Status.INVALID_PARAM, "payload.length=8"),
                row("first fragment larger than the blob",
                        new Ipc4Frame(SET, FIRST | 4, new byte[8]),
                        Ipc4Status.INVALID_PARAM, "FIRST data_off_size=4"),
                row("single fragment over the hostbox",
                        new Ipc4Frame(SET, SINGLE | 8192, new byte[0]),
                        Ipc4Status.INVALID_RESOURCE_ID, "fragment of 8192 bytes"));
    }

    static Stream<Arguments> malformedInit() {
        final Ipc4Frame init = Frames.plainInit();
        final byte[] base = init.payload();
        final byte[] dpObject = Frames.dwords(new byte[0], 0b100, 0, 0, 1 | 1 << 1 | 3 << 16, 1,
                2, 3);
        return Stream.of(
                row("short payload", new Ipc4Frame(init.primary(), init.extension() + 1, base),
                        Ipc4Status.MOD_NOT_INITIALIZED, "param_block_size=11"),
                row("long payload", new Ipc4Frame(init.primary(), init.extension() - 1, base),
                        Ipc4Status.MOD_NOT_INITIALIZED, "payload.length=40"),
                row("block over the hostbox",
                        new Ipc4Frame(init.primary(), init.extension() & ~0xFFFF | 1025, base),
                        Ipc4Status.MOD_NOT_INITIALIZED, "param_block_size=1025"),
                row("block without base config", Frames.withBlock(init, new byte[36], false),
                        Ipc4Status.MOD_NOT_INITIALIZED, "ipc4_base_module_cfg"),
                row("24-bit container", block(init, Frames.patch(base, 20, 24)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "audio_fmt.depth=24"),
                row("32/16 integer", block(init, Frames.patch(base, 36, 2 | 16 << 8 | 1 << 16)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "valid_bit_depth=16"),
                row("float with 24 valid bits",
                        block(init, Frames.patch(base, 36, 2 | 24 << 8 | 4 << 16)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "s_type=4"),
                row("big-endian integers", block(init, Frames.patch(base, 36, 2 | 24 << 8)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "MSB_INTEGER"),
                row("A-law", block(init, Frames.patch(base, 36, 2 | 24 << 8 | 5 << 16)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "s_type=5"),
                row("no channels", block(init, Frames.patch(base, 36, 24 << 8 | 1 << 16)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "channels_count=0"),
                row("nine channels", block(init, Frames.patch(base, 36, 9 | 24 << 8 | 1 << 16)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "channels_count=9"),
                row("format reserved byte",
                        block(init, Frames.patch(base, 36, 2 | 24 << 8 | 1 << 16 | 1 << 24)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "audio_fmt.reserved=1"),
                row("rate below 8 kHz", block(init, Frames.patch(base, 16, 4000)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "sampling_frequency=4000"),
                row("rate as uint32", block(init, Frames.patch(base, 16, -1)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "sampling_frequency=4294967295"),
                row("non-interleaved", block(init, Frames.patch(base, 32, 1)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "interleaving_style=1"),
                row("cpc over 31 bits", block(init, Frames.patch(base, 0, 0x80000000)),
                        Ipc4Status.MOD_NOT_INITIALIZED, "base_cfg.cpc=2147483648"),
                row("ext init shorter than its header",
                        Frames.withBlock(init, new byte[8], true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "ipc4_module_init_ext_init needs 12"),
                row("rtos domain", Frames.withBlock(init,
                        Frames.concat(Frames.dwords(new byte[0], 1, 0, 0), base), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "rtos_domain=1"),
                row("gna", Frames.withBlock(init,
                        Frames.concat(Frames.dwords(new byte[0], 2, 0, 0), base), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "gna_used=1"),
                row("ext init reserved", Frames.withBlock(init,
                        Frames.concat(Frames.dwords(new byte[0], 0, 0, 9), base), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "reserved bits"),
                row("object array without an object header", Frames.withBlock(init,
                        Frames.dwords(new byte[0], 0b100, 0, 0), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "object header at offset 12"),
                row("object overflowing the block", Frames.withBlock(init, Frames.concat(
                        Frames.dwords(new byte[0], 0b100, 0, 0, 1 | 1 << 1 | 100 << 16), base),
                        true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "object_words=100"),
                row("module data object", Frames.withBlock(init, Frames.concat(
                        Frames.dwords(new byte[0], 0b100, 0, 0, 1 | 2 << 1), base), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "MODULE_DATA"),
                row("dp data as uint32", Frames.withBlock(init, Frames.concat(
                        Frames.patch(dpObject, 20, -2), base), true),
                        Ipc4Status.MOD_NOT_INITIALIZED, "dp_data.stack_bytes=4294967294"));
    }

    private static Ipc4Frame block(Ipc4Frame init, byte[] block) {
        return Frames.withBlock(init, block, false);
    }

    private static Arguments row(String name, Ipc4Frame frame, int status, String fragment) {
        return Arguments.of(name, frame, status, fragment);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"malformed", "malformedInit"})
    void shouldRejectWithStatusNamingTheFieldWhenMalformed(String name, Ipc4Frame frame,
            int status, String fragment) {
        final IpcException e = assertThrows(IpcException.class, () -> STANDARD.decode(frame));
        assertEquals(Ipc4Status.name(status), Ipc4Status.name(e.status()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment),
                "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Test
    void shouldRejectFragmentOverConfiguredHostboxWhenItFitsAMessage() {
        final Ipc4Codec small = Ipc4Codec.withHostboxSize(1024);
        final Ipc4Frame frame = STANDARD.encode(ModLargeConfigSet.of(0x1002, 3, 1,
                ConfigFragment.FIRST, 8192, new byte[2048]));
        assertEquals(ModLargeConfigSet.of(0x1002, 3, 1, ConfigFragment.FIRST, 8192,
                new byte[2048]), STANDARD.decode(frame));
        final IpcException e = assertThrows(IpcException.class, () -> small.decode(frame));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, e.status());
        assertTrue(e.getMessage().contains("hostbox of 1024 bytes"), e.getMessage());
    }

    @Test
    void shouldRejectInitBlockOverConfiguredHostboxWhenItFitsAMessage() {
        final Ipc4Frame frame = STANDARD.encode(Frames.init(new byte[2048], Optional.empty()));
        final IpcException e = assertThrows(IpcException.class,
                () -> Ipc4Codec.withHostboxSize(2048).decode(frame));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status());
        assertTrue(e.getMessage().contains("param_block_size=522"), e.getMessage());
    }

    @Test
    void shouldIgnoreShortDpObjectAndUnknownObjectsWhenDecodingExtInitAsSofDoes() {
        final Ipc4Frame init = Frames.plainInit();
        final byte[] block = Frames.concat(Frames.dwords(new byte[0], 0b100, 0, 0,
                0 | 1 << 1 | 2 << 16, 11, 12,   // DP_DATA with 2 words: too short, ignored
                0 | 9 << 1 | 1 << 16, 13,       // unknown id 9: skipped
                1 | 1 << 1 | 3 << 16, 4, 5, 6), // DP_DATA, last object
                init.payload());
        final ModInitInstance m = (ModInitInstance) STANDARD.decode(
                Frames.withBlock(init, block, true));
        assertEquals(Optional.of(new DpData(4, 5, 6)), m.dpData());
        assertEquals(Frames.BASE, m.baseConfig());
    }

    @Test
    void shouldThrowOnlyIpcExceptionWhenDecodingRandomFrames() {
        final Random random = new Random(0x50F);
        final int[] types = {0, 3, 4, 5, 6, 11, 17, 18, 19, 24, 25, random.nextInt(32)};
        final byte[] initBlock = Frames.plainInit().payload();
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            int primary = random.nextInt();
            int extension = random.nextInt();
            if (random.nextInt(4) != 0) { // mostly well-formed headers, to reach the payloads
                primary = primary & 0x40FFFFFF | types[random.nextInt(types.length)] << 24;
                extension &= 0x3FFFFFFF;
            }
            final byte[] payload = random.nextBoolean() ? new byte[random.nextInt(80)]
                    : initBlock.clone();
            for (int j = random.nextInt(4); j > 0 && payload.length > 0; j--) {
                payload[random.nextInt(payload.length)] = (byte) random.nextInt();
            }
            if (random.nextBoolean()) {
                extension = extension & ~0xFFFF | payload.length / 4;
            }
            try {
                STANDARD.decode(new Ipc4Frame(primary, extension, payload));
                decoded++;
            } catch (IpcException expected) {
                assertTrue(expected.status() != Ipc4Status.SUCCESS);
            } catch (RuntimeException e) {
                fail("primary=" + Integer.toHexString(primary) + " extension="
                        + Integer.toHexString(extension) + " threw " + e);
            }
        }
        assertTrue(decoded > 100, "decoded=" + decoded + ": the fuzzer reaches valid frames");
    }
}
