package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.BaseConfig;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleIds;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.HeapStats;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Every size the kernel computes from a request, at its limit and one past it, sent as a frame
 * built from the Linux driver's {@code include/sound/sof/ipc4/header.h}: the computation is done
 * in 64 bits, a value past the limit is answered with a status whose message names the fields,
 * and nothing changes (instances, connections and the system and shared-buffer heaps are compared
 * before and after). The codec's own checks on frame fields ({@code param_block_size},
 * {@code object_words}, fragment and payload lengths) are rows of {@code Ipc4CodecMalformedTest}.
 * The format is 48 kHz stereo S32: 384,000 bytes a second.
 */
final class RequestSizeLimitsTest {
    /** SOF_IPC4_MSG_TARGET(SOF_IPC4_MODULE_MSG). */
    private static final int MODULE_MSG = 1 << 30;

    private final RuntimeFixture fx = new RuntimeFixture();

    RequestSizeLimitsTest() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static BaseConfig config(int ibs, int obs) {
        return new BaseConfig(0, ibs, obs, 1_000_000, 0, RuntimeFixture.FORMAT);
    }

    private int instance(String module, int instance, ProcDomain domain, int ibs, int obs) {
        return fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId(module), instance, 0,
                1, domain, config(ibs, obs), null, 0, 0));
    }

    /** MOD_BIND (5): source MOD_INSTANCE 23..16 / MOD_ID 15..0; destination in the extension. */
    private int bind(int src, int dst) {
        final Ipc4Frame frame = new Ipc4Frame(MODULE_MSG | 5 << 24
                | ModuleIds.instanceId(src) << 16 | ModuleIds.moduleIdOf(src),
                ModuleIds.instanceId(dst) << 16 | ModuleIds.moduleIdOf(dst));
        return send(frame);
    }

    private int send(Ipc4Frame frame) {
        return fx.kernel.ipc(frame).primary() & 0xFF_FFFF; // SOF_IPC4_REPLY_STATUS_MASK
    }

    private String snapshot() {
        return fx.kernel.ipc(() -> {
            final StringBuilder b = new StringBuilder();
            for (Component c : fx.kernel.state.components.values()) {
                b.append(c.name()).append(' ').append(c.state).append(" in=")
                        .append(c.inputs.size()).append(" out=").append(c.outputs.size())
                        .append("; ");
            }
            return b + "system=" + heap(fx.kernel.state.systemHeap().stats()) + " shared="
                    + heap(fx.kernel.state.memory.heap(HeapRegion.SHARED_BUFFER).stats());
        });
    }

    /** What a heap holds now; its high-water mark is history, not state. */
    private static String heap(HeapStats s) {
        return "used=" + s.usedBytes() + " free=" + s.freeBytes() + " largest="
                + s.largestFreeBlock() + " blocks=" + s.allocationCount();
    }

    /**
     * BIND's buffers, SOF's {@code ipc4_bind} ({@code src/ipc/ipc4/helper.c}): the comp_buffer is
     * {@code 2 * max(ibs, obs)} after an LL source and {@code 2 * ibs} after a DP source; a DP
     * end also gets a ring of {@code ALIGN_UP(3 * max(ibs, obs), 64)}, whose double area
     * ({@code 2 * size}) must fit an int: {@code size <= 2^30 - 1}, so
     * {@code max(ibs, obs) <= 357913920}. At the limit the size is computed and the heap has no
     * room; past it the size is refused before any allocation. Both are OUT_OF_MEMORY, SOF's
     * answer for a buffer it cannot make (helper.c, after {@code ipc4_create_buffer} and
     * {@code ring_buffer_create}).
     */
    @ParameterizedTest(name = "{0}: src ibs/obs {2}/{3}, dst ibs {4}")
    @CsvSource(delimiter = '|', value = {
        "comp_buffer 2*max(ibs,obs), at   | LL | 384 | 1073741823 | 384       | no room for a comp_buffer of 2147483646 bytes",
        "comp_buffer 2*max(ibs,obs), over | LL | 384 | 1073741824 | 384       | no comp_buffer of 2147483648 bytes (2 * max(ibs, obs), ibs=384 obs=1073741824)",
        "comp_buffer of 0 bytes           | LL | 384 | 0          | 0         | no comp_buffer of 0 bytes",
        "comp_buffer 2*ibs (DP src), at   | DP | 384 | 384        | 1073741823 | no room for a comp_buffer of 2147483646 bytes",
        "comp_buffer 2*ibs (DP src), over | DP | 384 | 384        | 1073741824 | no comp_buffer of 2147483648 bytes (2 * ibs, ibs=1073741824 obs=384)",
        "ring 3*max(ibs,obs), at          | DP | 384 | 357913920  | 384       | no room in the shared buffer heap for a ring of ibs=384 obs=357913920",
        "ring 3*max(ibs,obs), over        | DP | 384 | 357913921  | 384       | no ring buffer for ibs=384 obs=357913921",
    })
    void shouldAnswerABindWhoseBufferSizeIsAtOrPastTheLimitWithAStatus(String row,
            ProcDomain srcDomain, int srcIbs, int srcObs, int dstIbs, String message) {
        final int src = instance(srcDomain == ProcDomain.DP ? "pass" : "src", 0, srcDomain,
                srcIbs, srcObs);
        final int dst = instance("cap", 0, ProcDomain.LL, dstIbs, 384);
        final String before = snapshot();
        assertEquals(Ipc4Status.OUT_OF_MEMORY, bind(src, dst), row);
        assertEquals(before, snapshot(), row + ": a refused BIND changes nothing");
        // the reply carries only the status; the kernel's message is what a typed call throws
        final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.bind(src, 0, dst, 0));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    /**
     * A DP period from the instance's own OBS when it has no sink with a format (spec 4.8):
     * {@code 1e6 * obs / (384000 B/s)} microseconds, computed in 64 bits. 824633720 bytes are
     * 2147483645 us, the largest period an int holds; 824633721 bytes are 2147483648 us, refused
     * at prepare (before this check the int cast wrapped it), and a failed prepare is
     * INVALID_REQUEST as {@code ipc4_pipeline_prepare} answers every one.
     */
    @ParameterizedTest(name = "obs {0} -> {1}")
    @CsvSource({
        "824633720, SUCCESS",
        "824633721, INVALID_REQUEST",
    })
    void shouldRefuseADpPeriodPastAnInt(int obs, String expected) {
        final int dp = instance("pass", 0, ProcDomain.DP, 384, obs);
        // SET_PIPELINE_STATE (19) | GLB_PIPE_STATE_ID(1) bits 23..16 | GLB_PIPE_STATE(RUNNING)
        final int status = send(new Ipc4Frame(19 << 24 | 1 << 16
                | PipelineState.RUNNING.code(), 0));
        assertEquals(expected, Ipc4Status.name(status));
        assertEquals(expected.equals("SUCCESS") ? Component.State.ACTIVE : Component.State.READY,
                fx.component(dp).state);
        if (!expected.equals("SUCCESS")) {
            final IpcException e = assertThrows(IpcException.class,
                    () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
            assertTrue(e.getMessage().contains("DP period=2147483648 us from obs=" + obs),
                    e.getMessage());
        }
    }

    /**
     * {@code struct ipc4_pipeline_set_state_data}: the payload must be {@code 4 * (count + 1)}
     * bytes. In 32 bits a count of 0x40000001 makes that 8, the length of a payload holding one
     * id; the codec computes it in 64 bits. The limit is 1023 ids, which fill a 4096-byte message.
     */
    @ParameterizedTest(name = "pipelines_count {0}, payload {1} bytes -> {2}")
    @CsvSource({
        "1023,       4096, SUCCESS",
        "1024,       4096, INVALID_PARAM",
        "1073741825, 8,    INVALID_PARAM",
    })
    void shouldCheckTheMultiPipelineCountAgainstThePayloadIn64Bits(long count, int length,
            String expected) {
        final ByteBuffer data = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt((int) count);
        while (data.hasRemaining()) {
            data.putInt(1); // pipeline 1, named as often as fits
        }
        final String before = snapshot();
        // GLB_PIPE_STATE(RESET) | TYPE_SET(19); extension SOF_IPC4_GLB_PIPE_STATE_EXT_MULTI
        assertEquals(expected, Ipc4Status.name(send(new Ipc4Frame(19 << 24
                | PipelineState.RESET.code(), 1, data.array()))));
        assertEquals(before, snapshot());
    }

    /**
     * MOD_LARGE_CONFIG_SET (4), first fragment: {@code data_off_size} (extension bits 19..0) is
     * the whole blob, at most {@code CONFIG_MODULE_MAX_BLOB_SIZE} (8192) bytes; init_block
     * (bit 29) set, final_block (bit 28) clear, a 4-byte fragment. Past the limit SOF's
     * module_set_configuration answers -EINVAL, which ipc4_set_large_config_module_instance maps
     * to INVALID_RESOURCE_ID.
     */
    @ParameterizedTest(name = "data_off_size {0} -> {1}")
    @CsvSource({
        "8192, SUCCESS",
        "8193, INVALID_RESOURCE_ID",
    })
    void shouldRefuseAFirstFragmentDeclaringABlobPastTheLimit(int size, String expected) {
        final int comp = instance("kscript", 0, ProcDomain.LL, 384, 384);
        final Ipc4Frame first = new Ipc4Frame(MODULE_MSG | 4 << 24
                | ModuleIds.instanceId(comp) << 16 | ModuleIds.moduleIdOf(comp),
                1 << 29 | size, new byte[4]);
        assertEquals(expected, Ipc4Status.name(send(first)));
    }
}
