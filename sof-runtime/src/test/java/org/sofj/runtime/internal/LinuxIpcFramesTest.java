package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.BaseConfig;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleIds;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Frames as the Linux SOF driver builds them, written by hand from the macros of
 * {@code include/sound/sof/ipc4/header.h} (thesofproject/linux) and the call sites named per
 * test, and SOF's replies as {@code src/ipc/ipc4/handler-kernel.c} / {@code handler-user.c} build
 * them.
 */
final class LinuxIpcFramesTest {
    /** SOF_IPC4_MSG_TARGET(SOF_IPC4_MODULE_MSG): bit 30. */
    private static final int MODULE_MSG = 1 << 30;
    /** SOF_IPC4_MSG_DIR(SOF_IPC4_MSG_REPLY): bit 29. */
    private static final int REPLY = 1 << 29;
    /** Bit 31, header.h's {@code _reserved_0}. */
    private static final int RESERVED_31 = 1 << 31;

    private final RuntimeFixture fx = new RuntimeFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    /** SOF_IPC4_MSG_TYPE_SET(x): bits 28..24. */
    private static int type(int t) {
        return t << 24;
    }

    private static int status(Ipc4Frame reply) {
        return reply.primary() & 0xFF_FFFF; // SOF_IPC4_REPLY_STATUS_MASK
    }

    @Test
    void shouldAnswerLoadLibraryPrepareWithoutLibIdAndLoadNothing() {
        // hda_dsp_ipc4_load_library, 1st stage: stream_tag - 1 | TYPE_SET(LOAD_LIBRARY_PREPARE 25)
        // | MSG_DIR(REQUEST) | MSG_TARGET(FW_GEN_MSG): no lib_id
        final int dmaId = 3 - 1;
        final Ipc4Frame prepare = new Ipc4Frame(dmaId | type(25), 0);
        final Ipc4Frame reply = fx.kernel.ipc(prepare);
        assertEquals(Ipc4Status.SUCCESS, status(reply), reply.toString());
        assertEquals(type(25) | REPLY, reply.primary() & ~0xFF_FFFF);
        // 2nd stage: TYPE_SET(LOAD_LIBRARY 24) | GLB_LOAD_LIBRARY_LIB_ID(1) (bits 19..16): this is
        // the step that loads; with nothing DMA'd on the channel it fails, so PREPARE loaded nothing
        final Ipc4Frame load = new Ipc4Frame(dmaId | type(24) | 1 << 16, 0);
        assertEquals(Ipc4Status.FAILURE, status(fx.kernel.ipc(load)));
        // LOAD_LIBRARY itself still needs a lib_id (lib_manager_load_library: -EINVAL)
        assertEquals(Ipc4Status.INVALID_PARAM, status(fx.kernel.ipc(
                new Ipc4Frame(dmaId | type(24), 0))));
    }

    @Test
    void shouldSetDataOffSizeToTheBytesReturnedAndFinalBlockInTheLargeConfigGetReply() {
        fx.kernel.createPipeline(1, 0);
        final int comp = fx.create("scripted", 0, 1, ProcDomain.DP);
        final TestModules.Script script = new TestModules.Script();
        TestModules.SCRIPTS.put("scripted", script);
        script.getConfig = (ctx, view) -> {
            for (int i = 0; i < 12; i++) {
                view.putByte(i, (byte) i);
            }
            return 12;
        };
        final int module = ModuleIds.moduleIdOf(comp);
        final int instance = ModuleIds.instanceId(comp);
        // MOD_LARGE_CONFIG_GET (3): MOD_INSTANCE(x) bits 23..16, MOD_ID(x) bits 15..0
        final int primary = MODULE_MSG | type(3) | instance << 16 | module;
        // extension: MSG_SIZE bits 19..0 (asked 4096 - the max), MSG_PARAM_ID bits 27..20 = 7,
        // MSG_LAST_BLOCK bit 28 = 0, MSG_FIRST_BLOCK bit 29 = 1
        final int ext = 1 << 29 | 7 << 20 | 4096 - 1;
        final Ipc4Frame reply = fx.kernel.ipc(new Ipc4Frame(primary, ext));
        assertEquals(Ipc4Status.SUCCESS, status(reply), reply.toString());
        assertEquals(12, reply.payloadLength());
        assertEquals(12, reply.extension() & 0xF_FFFF, "data_off_size = bytes returned");
        assertEquals(1, reply.extension() >>> 28 & 1, "final_block set: the data fit");
        assertEquals(1, reply.extension() >>> 29 & 1, "init_block as requested");
        assertEquals(7, reply.extension() >>> 20 & 0xFF, "large_param_id as requested");
    }

    @Test
    void shouldCountTheBaseModuleConfigAsFortyBytesInATypedInit() {
        fx.kernel.createPipeline(1, 0);
        final int hostbox = (int) fx.kernel.state.memory.map().region("hostbox").size();
        // sizeof(struct sof_ipc4_basic_module_cfg) = 4 * u32 + sof_ipc4_audio_format (6 * u32)
        final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                spec(0, new byte[hostbox - 36])));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status());
        assertTrue(e.getMessage().contains("param block of " + (hostbox + 4) + " bytes"),
                e.getMessage());
        fx.kernel.initInstance(spec(1, new byte[hostbox - 40]));
    }

    private static InstanceSpec spec(int instance, byte[] initData) {
        return new InstanceSpec(TestModules.moduleId("kpass"), instance, 0, 1, ProcDomain.LL,
                RuntimeFixture.CONFIG, initData, 0, 0);
    }

    @Test
    void shouldChangeEveryPipelineOfAMultiPipelineSetState() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.createPipeline(2, 0);
        // sof_ipc4_set_multi_pipeline_state: GL_PIPE_STATE(PAUSED 3) | TYPE_SET(19), ppl_id 0;
        // extension bit 0 = multi_ppl (SOF pipeline.h); payload ipc4_pipeline_set_state_data
        final ByteBuffer data = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(2).putInt(1).putInt(2);
        final Ipc4Frame reply = fx.kernel.ipc(new Ipc4Frame(type(19) | 3, 1, data.array()));
        assertEquals(Ipc4Status.SUCCESS, status(reply), reply.toString());
        assertEquals(Pipeline.Status.READY, status(1), "PAUSED completes a new pipeline");
        assertEquals(Pipeline.Status.READY, status(2));
        // GL_PIPE_STATE(RUNNING 4), same two pipelines
        assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(new Ipc4Frame(type(19) | 4, 1,
                data.array()))));
        assertEquals(Pipeline.Status.ACTIVE, status(1));
        assertEquals(Pipeline.Status.ACTIVE, status(2));
        final ByteBuffer short1 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(2).putInt(1);
        assertEquals(Ipc4Status.INVALID_PARAM, status(fx.kernel.ipc(new Ipc4Frame(type(19) | 2,
                1, short1.array()))), "pipelines_count says 2, the payload holds 1");
        assertEquals(Pipeline.Status.ACTIVE, status(1), "a refused frame changes nothing");
    }

    @Test
    void shouldDeleteAnInstanceAndAPipelineFromLinuxFrames() {
        fx.kernel.createPipeline(1, 0);
        final int comp = fx.create("kpass", 0, 1, ProcDomain.LL);
        // MOD_DELETE_INSTANCE: SOF_IPC4_MOD_ID(x) bits 15..0 | SOF_IPC4_MOD_INSTANCE(x) bits
        // 23..16 | MSG_TYPE_SET(SOF_IPC4_MOD_DELETE_INSTANCE 11) | MSG_TARGET(MODULE_MSG); ext 0
        final Ipc4Frame deleteInstance = new Ipc4Frame(MODULE_MSG | type(11)
                | ModuleIds.instanceId(comp) << 16 | ModuleIds.moduleIdOf(comp), 0);
        final Ipc4Frame reply = fx.kernel.ipc(deleteInstance);
        assertEquals(Ipc4Status.SUCCESS, status(reply), reply.toString());
        assertEquals(type(11) | MODULE_MSG | REPLY, reply.primary() & ~0xFF_FFFF);
        assertTrue(fx.kernel.ipc(() -> !fx.kernel.state.components.containsKey(comp)));
        // DELETE_PIPELINE: SOF_IPC4_GLB_PIPE_INSTANCE_ID(x) bits 23..16 |
        // MSG_TYPE_SET(SOF_IPC4_GLB_DELETE_PIPELINE 18) | MSG_TARGET(FW_GEN_MSG); ext 0
        assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(new Ipc4Frame(type(18) | 1 << 16,
                0))));
        assertTrue(fx.kernel.ipc(() -> !fx.kernel.state.pipelines.containsKey(1)));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(
                new Ipc4Frame(type(18) | 1 << 16, 0))), "the pipeline is gone");
    }

    private Pipeline.Status status(int pipeline) {
        return fx.kernel.ipc(() -> fx.kernel.state.pipelines.get(pipeline).status);
    }

    @Test
    void shouldNeverEchoReservedBit31AndAlwaysAnswerWithAStatus() {
        final Random random = new Random(13);
        for (int i = 0; i < 20_000; i++) {
            final int primary = random.nextInt();
            final int extension = random.nextInt();
            final byte[] payload = new byte[random.nextInt(3) * 4 * random.nextInt(16)];
            random.nextBytes(payload);
            final Ipc4Frame reply = fx.kernel.ipc(new Ipc4Frame(primary, extension, payload));
            assertEquals(0, reply.primary() & RESERVED_31, "request " + Integer.toHexString(
                    primary));
            assertEquals(REPLY, reply.primary() & REPLY);
        }
        final Ipc4Frame bad = new Ipc4Frame(RESERVED_31 | REPLY | type(17), 0);
        assertEquals(0, fx.kernel.ipc(bad).primary() & RESERVED_31);
    }

    @Test
    void shouldAnswerABindWhoseBufferSizeOverflowsWithAStatus() {
        fx.kernel.createPipeline(1, 0);
        final BaseConfig huge = new BaseConfig(0, 384, 0x4000_0000, 0, 0, RuntimeFixture.FORMAT);
        final int src = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("src"), 0, 0,
                1, ProcDomain.LL, huge, null, 0, 0));
        final int dst = fx.create("cap", 0, 1, ProcDomain.LL);
        // MOD_BIND (5): src MOD_INSTANCE/MOD_ID in the primary; EXT_DST_MOD_INSTANCE bits 23..16,
        // EXT_DST_MOD_ID bits 15..0, queues 0
        final Ipc4Frame bind = new Ipc4Frame(MODULE_MSG | type(5)
                | ModuleIds.instanceId(src) << 16 | ModuleIds.moduleIdOf(src),
                ModuleIds.instanceId(dst) << 16 | ModuleIds.moduleIdOf(dst));
        final Ipc4Frame reply = fx.kernel.ipc(bind);
        assertEquals(Ipc4Status.OUT_OF_MEMORY, status(reply), reply.toString());
    }
}
