package org.sofj.runtime.ipc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;

/**
 * Header words computed by hand from SOF's {@code src/include/ipc4/module.h} and
 * {@code pipeline.h} bit-fields, independently of the codec's constants.
 */
final class Ipc4CodecGoldenTest {
    private final Ipc4Codec codec = Ipc4Codec.standard();

    @Test
    void shouldMatchSofLayoutWhenEncodingInitInstance() {
        final ModInitInstance message = Frames.init(Frames.bytes(8),
                Optional.of(new DpData(7, 8192, 16384)));
        final int primary = 0
                | 0x1002         // bits 15..0  module_id: library 1, index 2
                | 3 << 16        // bits 23..16 instance_id
                | 0 << 24        // bits 28..24 type: SOF_IPC4_MOD_INIT_INSTANCE
                | 0 << 29        // bit  29     rsp: request
                | 1 << 30;       // bit  30     msg_tgt: MODULE
        final int extension = 0
                | 19             // bits 15..0  param_block_size: (12+4+12+40+8)/4 DWORDs
                | 5 << 16        // bits 23..16 ppl_instance_id
                | 1 << 24        // bits 27..24 core_id
                | 1 << 28        // bit  28     proc_domain: DP
                | 1 << 29;       // bit  29     extended_init
        final byte[] payload = Frames.dwords(Frames.bytes(8),
                0b100,           // ext_init: data_obj_array (bit 2)
                0, 0,            // ext_init.rsvd_1[2]
                1 | 1 << 1 | 3 << 16, // object: last_object, object_id DP_DATA, 3 words
                7, 8192, 16384,  // dp_data: domain_id, stack_bytes, heap_bytes
                1000, 384, 384, 2, // base_cfg: cpc, ibs, obs, is_pages
                48000,           // audio_fmt.sampling_frequency
                32,              // audio_fmt.depth: 32-bit container
                0xFFFFFF10,      // audio_fmt.ch_map: L=0, R=1, rest CHANNEL_INVALID
                1,               // audio_fmt.ch_cfg: IPC4_CHANNEL_CONFIG_STEREO
                0,               // audio_fmt.interleaving_style: interleaved
                2 | 24 << 8 | 1 << 16); // channels_count, valid_bit_depth, s_type LSB_INTEGER
        assertEquals(0x40031002, primary);
        assertEquals(0x31050013, extension);
        assertEquals(new Ipc4Frame(primary, extension, payload), codec.encode(message));
        assertEquals(message, codec.decode(new Ipc4Frame(primary, extension, payload)));
    }

    @Test
    void shouldMatchSofLayoutWhenEncodingBind() {
        final ModBind message = new ModBind(0x1002, 1, 0x0003, 2, 1, 2);
        final int primary = 0
                | 0x1002         // bits 15..0  module_id (source)
                | 1 << 16        // bits 23..16 instance_id (source)
                | 5 << 24        // bits 28..24 type: SOF_IPC4_MOD_BIND
                | 1 << 30;       // bit  30     msg_tgt: MODULE
        final int extension = 0
                | 0x0003         // bits 15..0  dst_module_id
                | 2 << 16        // bits 23..16 dst_instance_id
                | 2 << 24        // bits 26..24 dst_queue
                | 1 << 27;       // bits 29..27 src_queue
        assertEquals(0x45011002, primary);
        assertEquals(0x0A020003, extension);
        assertEquals(new Ipc4Frame(primary, extension), codec.encode(message));
        assertEquals(message, codec.decode(new Ipc4Frame(primary, extension)));
    }

    @Test
    void shouldUseTypeSixWhenEncodingUnbind() {
        final Ipc4Frame frame = codec.encode(new ModUnbind(0x1002, 1, 0x0003, 2, 1, 2));
        assertEquals(0x46011002, frame.primary()); // as BIND with type 6 in bits 28..24
        assertEquals(0x0A020003, frame.extension());
    }

    @Test
    void shouldMatchSofLayoutWhenEncodingLargeConfigSet() {
        final ModLargeConfigSet message = ModLargeConfigSet.of(0x1002, 3, 0x12,
                ConfigFragment.SINGLE, 8, Frames.bytes(8));
        final int primary = 0
                | 0x1002         // bits 15..0  module_id
                | 3 << 16        // bits 23..16 instance_id
                | 4 << 24        // bits 28..24 type: SOF_IPC4_MOD_LARGE_CONFIG_SET
                | 1 << 30;       // bit  30     msg_tgt: MODULE
        final int extension = 0
                | 8              // bits 19..0  data_off_size: the whole (single) blob
                | 0x12 << 20     // bits 27..20 large_param_id
                | 1 << 28        // bit  28     final_block
                | 1 << 29;       // bit  29     init_block
        assertEquals(0x44031002, primary);
        assertEquals(0x31200008, extension);
        assertEquals(new Ipc4Frame(primary, extension, Frames.bytes(8)), codec.encode(message));
        assertEquals(message, codec.decode(new Ipc4Frame(primary, extension, Frames.bytes(8))));
    }

    @Test
    void shouldSetOnlyInitBlockWhenEncodingFirstFragmentOfLargeConfigGet() {
        final Ipc4Frame frame = codec.encode(new ModLargeConfigGet(0x1002, 3, 0x12, true, false,
                100));
        assertEquals(0x43031002, frame.primary()); // type 3 = SOF_IPC4_MOD_LARGE_CONFIG_GET
        assertEquals(1 << 29 | 0x12 << 20 | 100, frame.extension()); // init_block, no final
    }

    @Test
    void shouldMatchSofLayoutWhenEncodingLoadLibrary() {
        final int primary = 0
                | 5              // bits 4..0   dma_id
                | 3 << 16        // bits 19..16 lib_id
                | 25 << 24;      // bits 28..24 type: SOF_IPC4_GLB_LOAD_LIBRARY_PREPARE
        assertEquals(new Ipc4Frame(primary, 0x40), codec.encode(new LoadLibrary(3, 5, 0x40,
                true)));
    }

    @Test
    void shouldMatchSofLayoutWhenEncodingCreatePipeline() {
        final int primary = 0
                | 10             // bits 10..0  ppl_mem_size
                | 2 << 11        // bits 15..11 ppl_priority
                | 4 << 16        // bits 23..16 instance_id
                | 17 << 24;      // bits 28..24 type: SOF_IPC4_GLB_CREATE_PIPELINE
        final int extension = 0
                | 1              // bit  0      lp
                | 0xABCD << 4    // bits 19..4  attributes
                | 3 << 20;       // bits 23..20 core_id
        assertEquals(new Ipc4Frame(primary, extension),
                codec.encode(new CreatePipeline(4, 2, 10, true, 0xABCD, 3)));
    }

    @Test
    void shouldPutStateInLowBitsWhenEncodingSetPipelineState() {
        final int primary = 4    // bits 15..0  ppl_state: SOF_IPC4_PIPELINE_STATE_RUNNING
                | 6 << 16        // bits 23..16 ppl_id
                | 19 << 24;      // bits 28..24 type: SOF_IPC4_GLB_SET_PIPELINE_STATE
        assertEquals(new Ipc4Frame(primary, 0),
                codec.encode(new SetPipelineState(6, PipelineState.RUNNING)));
    }

    @Test
    void shouldAcceptSignedIntegerSampleTypeAsLittleEndianWhenDecoding() {
        final Ipc4Frame frame = Frames.plainInit();
        final byte[] signed = Frames.patch(frame.payload(), 36, 2 | 24 << 8 | 2 << 16);
        final ModInitInstance decoded = (ModInitInstance) codec.decode(
                new Ipc4Frame(frame.primary(), frame.extension(), signed));
        assertEquals(Frames.FORMAT, decoded.baseConfig().audioFormat());
    }
}
