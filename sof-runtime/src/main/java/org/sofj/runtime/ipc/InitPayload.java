package org.sofj.runtime.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

import org.sofj.api.BaseConfig;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * The INIT_INSTANCE parameter block, little-endian. Layouts from SOF's
 * {@code src/include/ipc4/module.h} ({@code ipc4_module_init_ext_init},
 * {@code ipc4_module_init_ext_object}, {@code ipc4_module_init_ext_obj_dp_data}) and
 * {@code src/include/module/ipc4/base-config.h} ({@code ipc4_base_module_cfg},
 * {@code ipc4_audio_format}); the order is the one {@code module_ext_init_decode} and
 * {@code module_adapter_init_data} read.
 *
 * <pre>
 * only with extended_init:
 *   offset size field (ipc4_module_init_ext_init)
 *        0    4  bit 0 rtos_domain | bit 1 gna_used | bit 2 data_obj_array | 31..3 rsvd_0
 *        4    8  rsvd_1[2]
 *   then, while data_obj_array and not last_object, ipc4_module_init_ext_object:
 *        0    4  bit 0 last_object | bits 15..1 object_id | bits 31..16 object_words
 *        4  4*object_words  object data; id 1 = DP_DATA {domain_id, stack_bytes, heap_bytes}
 * always, ipc4_base_module_cfg:
 *        0    4  cpc
 *        4    4  ibs
 *        8    4  obs
 *       12    4  is_pages
 *       16   24  ipc4_audio_format:
 *                16 sampling_frequency   20 depth   24 ch_map   28 ch_cfg
 *                32 interleaving_style
 *                36 bits 7..0 channels_count | 15..8 valid_bit_depth | 23..16 s_type | 31..24 0
 *       40    …  module-specific data (initData)
 * </pre>
 *
 * <p>Every problem in the block is {@link Ipc4Status#MOD_NOT_INITIALIZED}: in SOF each of them
 * makes {@code comp_new_ipc4} (or the module adapter's {@code create}) return NULL, which
 * {@code ipc4_init_module_instance} reports as {@code IPC4_MOD_NOT_INITIALIZED}.
 */
final class InitPayload {
    static final int EXT_INIT_BYTES = 12;
    static final int OBJECT_HEADER_BYTES = 4;
    static final int BASE_CFG_BYTES = 40;
    static final int DP_DATA_ID = 1;
    static final int MODULE_DATA_ID = 2;

    private static final int RTOS_DOMAIN_BIT = 1;
    private static final int GNA_USED_BIT = 1 << 1;
    private static final int DATA_OBJ_ARRAY_BIT = 1 << 2;
    private static final int DP_DATA_WORDS = DpData.BYTES / Integer.BYTES;

    /** {@code enum ipc4_sample_type}. */
    private static final int TYPE_MSB_INTEGER = 0;
    private static final int TYPE_LSB_INTEGER = 1;
    private static final int TYPE_SIGNED_INTEGER = 2;
    private static final int TYPE_FLOAT = 4;
    private static final int CHANNELS_INTERLEAVED = 0;
    /** {@code enum ipc4_channel_config} by channel count; 13 is INVALID. */
    private static final int[] CHANNEL_CONFIG = {13, 0, 1, 2, 5, 7, 8, 13, 12};

    /** The decoded block. */
    record Decoded(BaseConfig baseConfig, byte[] initData, Optional<DpData> dpData) {
    }

    private InitPayload() {
    }

    /** {@return the parameter block size in bytes for {@code initBytes} of module data} */
    static int blockBytes(int initBytes, boolean withDpData) {
        final int ext = withDpData ? EXT_INIT_BYTES + OBJECT_HEADER_BYTES + DpData.BYTES : 0;
        return ext + BASE_CFG_BYTES + initBytes;
    }

    /** @throws IllegalArgumentException if the codec cannot represent {@code format} */
    static void requireEncodable(AudioFormat format) {
        if (format.validBits() != format.sampleFormat().validBits()) {
            throw new IllegalArgumentException("validBits=" + format.validBits() + " of "
                    + format.sampleFormat() + " is not representable in IPC4; must be "
                    + format.sampleFormat().validBits());
        }
    }

    static byte[] encode(ModInitInstance m) {
        final byte[] init = m.initDataUnsafe();
        final ByteBuffer b = ByteBuffer.allocate(blockBytes(init.length, m.dpData().isPresent()))
                .order(ByteOrder.LITTLE_ENDIAN);
        m.dpData().ifPresent(dp -> {
            b.putInt(DATA_OBJ_ARRAY_BIT).putInt(0).putInt(0);
            b.putInt(1 | DP_DATA_ID << 1 | DP_DATA_WORDS << 16);
            b.putInt(dp.domainId()).putInt(dp.stackBytes()).putInt(dp.heapBytes());
        });
        final BaseConfig cfg = m.baseConfig();
        b.putInt(cfg.cpc()).putInt(cfg.ibs()).putInt(cfg.obs()).putInt(cfg.isPages());
        final AudioFormat f = cfg.audioFormat();
        final boolean isFloat = f.sampleFormat() == SampleFormat.FLOAT_LE;
        b.putInt(f.rate());
        b.putInt(f.sampleFormat().containerBits());
        b.putInt(channelMap(f.channels()));
        b.putInt(CHANNEL_CONFIG[f.channels()]);
        b.putInt(CHANNELS_INTERLEAVED);
        b.putInt(f.channels() | f.validBits() << 8
                | (isFloat ? TYPE_FLOAT : TYPE_LSB_INTEGER) << 16);
        b.put(init);
        return b.array();
    }

    /** Channel {@code i} in nibble {@code i}, 0xF (CHANNEL_INVALID) in the unused nibbles. */
    private static int channelMap(int channels) {
        int map = -1;
        for (int i = 0; i < channels; i++) {
            map = map & ~(0xF << 4 * i) | i << 4 * i;
        }
        return map;
    }

    /**
     * Decodes a parameter block whose length the caller has checked against
     * {@code param_block_size}.
     *
     * @throws IpcException with {@link Ipc4Status#MOD_NOT_INITIALIZED} naming the field
     */
    static Decoded decode(byte[] block, boolean extendedInit) {
        final ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        final Optional<DpData> dp = extendedInit ? decodeExtInit(b) : Optional.empty();
        if (b.remaining() < BASE_CFG_BYTES) {
            throw fail("param block has " + b.remaining() + " bytes for ipc4_base_module_cfg, "
                    + "needs " + BASE_CFG_BYTES);
        }
        final int cpc = u31(b, "base_cfg.cpc");
        final int ibs = u31(b, "base_cfg.ibs");
        final int obs = u31(b, "base_cfg.obs");
        final int isPages = u31(b, "base_cfg.is_pages");
        final AudioFormat format = decodeFormat(b);
        final byte[] init = Arrays.copyOfRange(block, b.position(), block.length);
        return new Decoded(new BaseConfig(cpc, ibs, obs, 0, isPages, format), init, dp);
    }

    private static Optional<DpData> decodeExtInit(ByteBuffer b) {
        if (b.remaining() < EXT_INIT_BYTES) {
            throw fail("extended_init=1 but param block has " + b.remaining()
                    + " bytes, ipc4_module_init_ext_init needs " + EXT_INIT_BYTES);
        }
        final int flags = b.getInt();
        if ((flags & RTOS_DOMAIN_BIT) != 0) {
            throw fail("ext_init.rtos_domain=1 is not supported");
        }
        if ((flags & GNA_USED_BIT) != 0) {
            throw fail("ext_init.gna_used=1 is not supported");
        }
        final int rsvd0 = flags & ~(RTOS_DOMAIN_BIT | GNA_USED_BIT | DATA_OBJ_ARRAY_BIT);
        final int rsvd1a = b.getInt();
        final int rsvd1b = b.getInt();
        if (rsvd0 != 0 || rsvd1a != 0 || rsvd1b != 0) {
            throw fail("ext_init reserved bits set: dword0=" + Fields.hex(flags) + " rsvd_1=["
                    + Fields.hex(rsvd1a) + ", " + Fields.hex(rsvd1b) + "]");
        }
        Optional<DpData> dp = Optional.empty();
        boolean last = (flags & DATA_OBJ_ARRAY_BIT) == 0;
        while (!last) {
            if (b.remaining() < OBJECT_HEADER_BYTES) {
                throw fail("ext init object header at offset " + b.position()
                        + " overflows the param block of " + b.limit() + " bytes");
            }
            final int header = b.getInt();
            final int id = Ipc4Header.bits(header, 1, 15);
            final int words = header >>> 16;
            if ((long) words * Integer.BYTES > b.remaining()) {
                throw fail("ext init object_id=" + id + " object_words=" + words
                        + " overflows the param block by "
                        + ((long) words * Integer.BYTES - b.remaining()) + " bytes");
            }
            final int next = b.position() + words * Integer.BYTES;
            if (id == MODULE_DATA_ID) {
                throw fail("ext init object_id=2 (MODULE_DATA) is not supported");
            }
            // As SOF's module_ext_init_decode: a short DP object is ignored, unknown ids skipped.
            if (id == DP_DATA_ID && words >= DP_DATA_WORDS) {
                dp = Optional.of(new DpData(u31(b, "dp_data.domain_id"),
                        u31(b, "dp_data.stack_bytes"), u31(b, "dp_data.heap_bytes")));
            }
            b.position(next);
            last = (header & 1) != 0;
        }
        return dp;
    }

    private static AudioFormat decodeFormat(ByteBuffer b) {
        final int rate = b.getInt();
        final int depth = b.getInt();
        b.getInt(); // ch_map: sofj orders channels by index, the map is not kept
        b.getInt(); // ch_cfg: likewise implied by the channel count
        final int interleaving = b.getInt();
        final int packed = b.getInt();
        final int channels = Ipc4Header.bits(packed, 0, 8);
        final int valid = Ipc4Header.bits(packed, 8, 8);
        final int type = Ipc4Header.bits(packed, 16, 8);
        if (rate < AudioFormat.MIN_RATE || rate > AudioFormat.MAX_RATE) {
            throw fail("audio_fmt.sampling_frequency=" + Integer.toUnsignedString(rate)
                    + " must be in [" + AudioFormat.MIN_RATE + ", " + AudioFormat.MAX_RATE + "]");
        }
        if (interleaving != CHANNELS_INTERLEAVED) {
            throw fail("audio_fmt.interleaving_style=" + interleaving
                    + " is not supported, only 0 (interleaved)");
        }
        if (channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
            throw fail("audio_fmt.channels_count=" + channels + " must be in [1, "
                    + AudioFormat.MAX_CHANNELS + "]");
        }
        if (packed >>> 24 != 0) {
            throw fail("audio_fmt.reserved=" + (packed >>> 24) + " must be 0");
        }
        final SampleFormat sample = sampleFormat(depth, valid, type);
        return new AudioFormat(rate, channels, sample, valid);
    }

    private static SampleFormat sampleFormat(int depth, int valid, int type) {
        if (type == TYPE_FLOAT && depth == 32 && valid == 32) {
            return SampleFormat.FLOAT_LE;
        }
        if (type == TYPE_LSB_INTEGER || type == TYPE_SIGNED_INTEGER) {
            if (depth == 16 && valid == 16) {
                return SampleFormat.S16_LE;
            }
            if (depth == 32 && valid == 24) {
                return SampleFormat.S24_4LE;
            }
            if (depth == 32 && valid == 32) {
                return SampleFormat.S32_LE;
            }
        }
        final String why = type == TYPE_MSB_INTEGER ? " (MSB_INTEGER: big-endian)" : "";
        throw fail("unsupported audio format: audio_fmt.depth=" + Integer.toUnsignedString(depth)
                + " valid_bit_depth=" + valid + " s_type=" + type + why + "; supported are "
                + "S16 (16/16), S24_4LE (32/24), S32 (32/32) integers and float (32/32)");
    }

    private static int u31(ByteBuffer b, String field) {
        final int v = b.getInt();
        if (v < 0) {
            throw fail(field + "=" + Integer.toUnsignedString(v) + " exceeds "
                    + Integer.MAX_VALUE);
        }
        return v;
    }

    private static IpcException fail(String message) {
        return new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "INIT_INSTANCE " + message);
    }
}
