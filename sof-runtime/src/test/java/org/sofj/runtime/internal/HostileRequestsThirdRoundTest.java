package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.Ipc4Header;
import org.sofj.runtime.ipc.ModLargeConfigSet;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The third round of hostile requests (docs/ipc4.md, docs/pipeline-states.md): SOF's order of
 * checks in a multi-pipeline SET_PIPELINE_STATE, the blob limit's status, a DP stack that can
 * never be had, and LARGE_CONFIG fragments of two modules interleaved. Each refused request is
 * checked for a runtime left exactly as it was ({@link HostileRequestsTest#snapshot}).
 */
final class HostileRequestsThirdRoundTest {
    private final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().cores(2));
    private final TestModules.Script script = new TestModules.Script();

    HostileRequestsThirdRoundTest() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        fx.kernel.createPipeline(2, 0);
        fx.kernel.setPipelineState(2, PipelineState.RESET);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static int status(Ipc4Frame reply) {
        return reply.primary() & 0xFF_FFFF;
    }

    private String snapshot() {
        return HostileRequestsTest.snapshot(fx);
    }

    /** A multi_ppl SET_PIPELINE_STATE frame written from Linux's header: any ppl_state. */
    private static Ipc4Frame multi(int pplState, int count, int... ids) {
        final ByteBuffer b = ByteBuffer.allocate(4 * (ids.length + 1))
                .order(ByteOrder.LITTLE_ENDIAN).putInt(count);
        for (int id : ids) {
            b.putInt(id);
        }
        // SOF_IPC4_MSG_TYPE_SET(SOF_IPC4_GLB_SET_PIPELINE_STATE) | ppl_state; ext: multi_ppl
        return new Ipc4Frame(Ipc4Header.GLB_SET_PIPELINE_STATE << 24 | pplState, 1, b.array());
    }

    /**
     * SOF's ipc4_set_pipeline_state looks every pipeline up (INVALID_RESOURCE_ID) before
     * ipc4_pipeline_prepare reads the command (unknown: INVALID_REQUEST), in the multi form as in
     * the single one. ppl_state 0 (INVALID), 1 (UNINITIALIZED), 6 (ERROR_STOP) and 7 (SAVED) fall
     * into prepare's default branch as 8 and 0xFFFF do.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 6, 7, 8, 0xFFFF})
    void shouldLookEveryPipelineUpBeforeReadingAnUnknownStateInAMultiRequest(int pplState) {
        fx.create("pass", 0, 1, ProcDomain.DP);
        final String before = snapshot();
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(multi(pplState, 3,
                1, 2, 9))), "pipeline 9 does not exist");
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(multi(pplState, 2,
                9, 1))), "the missing one first");
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(multi(pplState, 2,
                1, 255))), "255 is IPC4_INVALID_PIPELINE_ID");
        assertEquals(Ipc4Status.INVALID_REQUEST, status(fx.kernel.ipc(multi(pplState, 2, 1, 2))),
                "every pipeline exists: the command is refused");
        assertEquals(before, snapshot());
    }

    /** ipc4_pipeline_id_get comes first of all: a payload that does not fit is INVALID_PARAM. */
    @ParameterizedTest
    @ValueSource(ints = {0, 8, 4})
    void shouldRefuseAPayloadThatDoesNotFitBeforeLookingAtTheState(int pplState) {
        final String before = snapshot();
        assertEquals(Ipc4Status.INVALID_PARAM, status(fx.kernel.ipc(multi(pplState, 3, 1, 2))),
                "pipelines_count 3 with two ids");
        assertEquals(Ipc4Status.INVALID_PARAM, status(fx.kernel.ipc(multi(pplState, 1, 9, 2))),
                "pipelines_count 1 with two ids");
        assertEquals(before, snapshot());
    }

    /**
     * A legal state on a list that mixes a pipeline whose prepare succeeds with one whose prepare
     * SOF refuses (RUNNING on a pipeline that is RUNNING is no action; PAUSED -> RUNNING needs no
     * prepare): only the lookup refuses whole; what each pipeline does follows its own row.
     */
    @Test
    void shouldApplyAMixedListInOrderAndRefuseAMissingIdBeforeChangingAny() {
        fx.create("pass", 0, 1, ProcDomain.DP);
        fx.create("pass", 1, 2, ProcDomain.DP);
        final String before = snapshot();
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(multi(
                PipelineState.RUNNING.code(), 3, 1, 2, 3))));
        assertEquals(before, snapshot(), "a missing id changes nothing, the others included");
        assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(multi(PipelineState.RUNNING.code(),
                2, 1, 2))));
        fx.ticks(3);
        assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(multi(PipelineState.PAUSED.code(),
                1, 2))));
        assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(multi(PipelineState.RUNNING.code(),
                2, 1, 2))), "one RUNNING (no action) and one PAUSED (released)");
        fx.ticks(3);
        assertEquals(List.of(), fx.kernel.events());
        final String running = snapshot();
        assertTrue(running.startsWith("1:ACTIVE1 2:ACTIVE1"), running);
    }

    /**
     * CONFIG_MODULE_MAX_BLOB_SIZE: module_set_configuration answers -EINVAL for a larger blob,
     * which ipc4_set_large_config_module_instance maps to INVALID_RESOURCE_ID as every error of
     * set_large_config. Refused before the module is called, on both paths.
     */
    @Test
    void shouldAnswerInvalidResourceIdForABlobPastTheLimitAndCallNothing() {
        final int id = fx.create("scripted", 0, 1, ProcDomain.DP);
        final int[] calls = new int[1];
        script.setConfig = (ctx, view) -> {
            calls[0]++;
            return 0;
        };
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setConfiguration(id, 1, new byte[Configs.MAX_BLOB + 1]));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("size=8193"), e.getMessage());
        final Ipc4Frame reply = fx.kernel.ipc(Ipc4Codec.standard().encode(new ModLargeConfigSet(
                TestModules.moduleId("scripted"), 0, 1, true, false, Configs.MAX_BLOB + 1,
                new byte[64])));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(reply), reply.toString());
        assertEquals(0, calls[0], "the module saw nothing");
        assertEquals(before, snapshot());
        fx.kernel.setConfiguration(id, 1, new byte[Configs.MAX_BLOB]); // the limit itself is fine
        final long box = fx.kernel.ipc(() -> fx.kernel.state.memory.map().region("hostbox")
                .size());
        assertEquals((Configs.MAX_BLOB + box - 1) / box, calls[0], "8192 bytes, hostbox-sized");
    }

    /**
     * Two modules' LARGE_CONFIG_SET fragments interleaved (FIRST of A, FIRST of B, LAST of A,
     * LAST of B): each LAST is sized from its own module's FIRST (module_set_large_config keeps
     * new_cfg_size per module), never from the other's.
     */
    @Test
    void shouldSizeInterleavedFragmentsOfTwoModulesFromEachOnesOwnFirst() {
        fx.create("scripted", 0, 1, ProcDomain.DP);
        fx.create("scripted", 1, 2, ProcDomain.DP);
        final List<String> seen = new ArrayList<>();
        script.setConfig = (ctx, view) -> {
            seen.add(ctx.instanceId() + ":" + view.length());
            return 0;
        };
        final int box = (int) (long) fx.kernel.ipc(() -> fx.kernel.state.memory.map()
                .region("hostbox").size());
        final int module = TestModules.moduleId("scripted");
        assertEquals(Ipc4Status.SUCCESS, status(fragment(module, 0, true, false, box + 100, box)));
        assertEquals(Ipc4Status.SUCCESS, status(fragment(module, 1, true, false, box + 7, box)));
        assertEquals(Ipc4Status.SUCCESS, status(fragment(module, 0, false, true, box, box)));
        assertEquals(Ipc4Status.SUCCESS, status(fragment(module, 1, false, true, box, box)));
        assertEquals(List.of("0:" + box, "1:" + box, "0:100", "1:7"), seen);
        assertEquals(List.of(), fx.kernel.events());
    }

    private Ipc4Frame fragment(int module, int instance, boolean first, boolean last,
            int dataOffsetSize, int bytes) {
        return fx.kernel.ipc(Ipc4Codec.standard().encode(new ModLargeConfigSet(module, instance,
                1, first, last, dataOffsetSize, new byte[bytes])));
    }

    /**
     * A user DP instance whose stack no stacks region could hold: SOF makes the DP thread at init
     * (pipeline_comp_dp_task_init in module_adapter_new), so comp_new_ipc4 fails and the answer
     * is MOD_NOT_INITIALIZED, with nothing made; under either proxy variant.
     */
    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldRefuseAtInitADpStackNoRegionCouldHold(ProxyVariant variant) {
        try (RuntimeFixture f = new RuntimeFixture(SofRuntime.builder().proxyVariant(variant))) {
            TestModules.SCRIPTS.put("scripted", script);
            f.kernel.createPipeline(1, 0);
            f.kernel.setPipelineState(1, PipelineState.RESET);
            f.create("pass", 0, 1, ProcDomain.DP); // the driver and its heap exist
            final long region = f.kernel.ipc(() -> f.kernel.state.memory.map()
                    .region("stacks").size());
            final String before = HostileRequestsTest.snapshot(f);
            final int threads = Thread.activeCount();
            final IpcException e = assertThrows(IpcException.class, () -> f.kernel.initInstance(
                    new InstanceSpec(TestModules.moduleId("pass"), 1, 0, 1, ProcDomain.DP,
                            RuntimeFixture.CONFIG, null, 0, region + 1)));
            assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("stack"), e.getMessage());
            assertEquals(before, HostileRequestsTest.snapshot(f));
            assertTrue(Thread.activeCount() <= threads, "no thread left behind");
            f.kernel.setPipelineState(1, PipelineState.RUNNING); // the pipeline is unharmed
            f.ticks(2);
            assertEquals(List.of(), f.kernel.events());
        }
    }

    /**
     * One multi-pipeline request over pipelines on two cores (SOF sends each core its part by
     * IDC): every pipeline takes each state, and nothing is charged to anyone.
     */
    @Test
    void shouldChangePipelinesOnTwoCoresInOneRequest() {
        fx.kernel.createPipeline(3, 1);
        fx.kernel.setPipelineState(3, PipelineState.RESET);
        fx.create("pass", 0, 1, ProcDomain.DP);
        fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("pass"), 1, 1, 3,
                ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, 0));
        for (PipelineState st : new PipelineState[] {PipelineState.RUNNING, PipelineState.PAUSED,
            PipelineState.RUNNING, PipelineState.RESET}) {
            assertEquals(Ipc4Status.SUCCESS, status(fx.kernel.ipc(multi(st.code(), 2, 3, 1))),
                    st.toString());
            fx.ticks(2);
        }
        final String after = snapshot();
        assertTrue(after.startsWith("1:READY1 2:READY0 3:READY1"), after);
        assertEquals(List.of(), fx.kernel.events());
    }

    /**
     * Unbind and bind again while the pipeline is PAUSED (SOF's MOD_BIND/UNBIND do not look at the
     * pipeline's state): nothing processes meanwhile, and after RUNNING the samples flow again,
     * in order, with nothing FAULTED.
     */
    @Test
    void shouldUnbindAndBindAgainWhilePausedAndResumeInOrder() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.create("pass", 0, 1, ProcDomain.DP);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, dp, 0);
        fx.kernel.bind(dp, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(10);
        fx.kernel.setPipelineState(1, PipelineState.PAUSED);
        final TestModules.Capture c = (TestModules.Capture) fx.component(cap).module;
        final int paused = c.count;
        fx.kernel.unbind(dp, 0, cap, 0);
        fx.ticks(3);
        fx.kernel.bind(dp, 0, cap, 0);
        fx.ticks(3);
        assertEquals(paused, c.count, "nothing processed while PAUSED");
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(20);
        assertTrue(c.count > paused, "flowing again: " + c.count);
        for (int i = 1; i < c.count; i++) {
            assertTrue(c.captured[i] > c.captured[i - 1], "in order at " + i);
        }
        assertEquals(List.of(), fx.kernel.events());
    }

    /**
     * Typed sizes no frame could carry (InstanceSpec takes longs): a stack near Long.MAX_VALUE
     * (aligning it up to a page would wrap negative) and a 1 TiB heap are each refused at init in
     * one line naming the size, with nothing made.
     */
    @Test
    void shouldRefuseHugeTypedStackAndHeapSizesAtInitAndMakeNothing() {
        fx.create("upass", 0, 1, ProcDomain.DP); // the driver and its heap exist
        final String before = snapshot();
        final IpcException stack = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                new InstanceSpec(TestModules.moduleId("upass"), 1, 0, 1, ProcDomain.DP,
                        RuntimeFixture.CONFIG, null, 0, Long.MAX_VALUE - 1)));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, stack.status(), stack.getMessage());
        assertTrue(stack.getMessage().contains("stack_bytes=" + (Long.MAX_VALUE - 1)),
                stack.getMessage());
        assertEquals(before, snapshot());
        final IpcException heap = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                new InstanceSpec(TestModules.moduleId("pass"), 0, 0, 1, ProcDomain.DP,
                        RuntimeFixture.CONFIG, null, 1L << 40, 0)));
        assertTrue(heap.getMessage().contains(Long.toString(1L << 40)), heap.getMessage());
        assertEquals(1, heap.getMessage().lines().count(), heap.getMessage());
        assertEquals(before, snapshot());
    }
}
