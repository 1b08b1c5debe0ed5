package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Multi-pipeline {@code SET_PIPELINE_STATE} as SOF's {@code ipc4_set_pipeline_state}
 * ({@code src/ipc/ipc4/handler-user.c}) runs it: look every pipeline up, prepare them all, then
 * trigger them all, and stop at the first failure leaving the earlier pipelines changed. Frames are
 * built from the Linux driver's {@code include/sound/sof/ipc4/header.h} as
 * {@code sof_ipc4_set_multi_pipeline_state} ({@code sound/soc/sof/ipc4-pcm.c}) sends them:
 * {@code SOF_IPC4_MSG_TYPE_SET(SOF_IPC4_GLB_SET_PIPELINE_STATE)} (19, bits 28..24) |
 * {@code SOF_IPC4_GLB_PIPE_STATE(state)} (bits 15..0); extension
 * {@code SOF_IPC4_GLB_PIPE_STATE_EXT_MULTI} (bit 0); payload
 * {@code struct ipc4_pipeline_set_state_data} {@code {u32 count; u32 ppl_id[count]}}. Each pipeline
 * holds one kernel LL instance of a scripted module whose operations are recorded in one list, so
 * the list shows the order across pipelines; instance {@code n} lives in pipeline {@code n + 1}.
 */
final class MultiPipelineStateTest {
    private final RuntimeFixture fx = new RuntimeFixture();
    private final TestModules.Script script = new TestModules.Script();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** A recorded call ("p2:prepare") -> the status it answers; absent means 0. */
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    private final int[] comps = new int[3];

    MultiPipelineStateTest() {
        script.prepare = ctx -> record(ctx.instanceId(), "prepare");
        script.reset = ctx -> record(ctx.instanceId(), "reset");
        script.trigger = (ctx, cmd) -> record(ctx.instanceId(),
                cmd.name().toLowerCase(Locale.ROOT));
        TestModules.SCRIPTS.put("kscript", script);
        for (int i = 0; i < comps.length; i++) {
            fx.kernel.createPipeline(i + 1, 0);
            comps[i] = fx.create("kscript", i, i + 1, ProcDomain.LL);
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private int record(int instance, String op) {
        final String call = "p" + (instance + 1) + ":" + op;
        calls.add(call);
        return failing.getOrDefault(call, 0);
    }

    /** The frame {@code sof_ipc4_set_multi_pipeline_state} sends for {@code ids}. */
    private static Ipc4Frame multi(PipelineState state, int... ids) {
        final ByteBuffer data = ByteBuffer.allocate(4 + 4 * ids.length)
                .order(ByteOrder.LITTLE_ENDIAN).putInt(ids.length);
        for (int id : ids) {
            data.putInt(id);
        }
        return new Ipc4Frame(19 << 24 | state.code(), 1, data.array());
    }

    /** SOF_IPC4_REPLY_STATUS_MASK: bits 23..0 of the reply's primary. */
    private int send(PipelineState state, int... ids) {
        return fx.kernel.ipc(multi(state, ids)).primary() & 0xFF_FFFF;
    }

    /** Every pipeline's status and every instance's state, in id order. */
    private String snapshot() {
        return fx.kernel.ipc(() -> {
            final StringBuilder b = new StringBuilder();
            for (Pipeline p : new TreeMap<>(fx.kernel.state.pipelines).values()) {
                b.append('p').append(p.id).append('=').append(p.status)
                        .append(p.expectEos ? "+EOS" : "");
                for (Component c : p.components) {
                    b.append('/').append(c.state).append(c.faulted ? "+FAULTED" : "");
                }
                b.append(' ');
            }
            return b.toString().trim();
        });
    }

    @Test
    void shouldPrepareEveryPipelineBeforeTriggeringAnyInTheRequestsOrder() {
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.PAUSED, 3, 1, 2));
        assertEquals("p1=READY/READY p2=READY/READY p3=READY/READY", snapshot(),
                "PAUSED completes a new pipeline (ipc4_pipeline_complete), no module call");
        assertEquals(List.of(), calls);
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.RUNNING, 3, 1, 2));
        // one pipeline at a time would be p3:prepare p3:start p1:prepare p1:start ...
        assertEquals(List.of("p3:prepare", "p1:prepare", "p2:prepare",
                "p3:start", "p1:start", "p2:start"), calls);
        assertEquals("p1=ACTIVE/ACTIVE p2=ACTIVE/ACTIVE p3=ACTIVE/ACTIVE", snapshot());
        calls.clear();
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.PAUSED, 2, 3));
        assertEquals(List.of("p2:pause", "p3:pause"), calls);
        assertEquals("p1=ACTIVE/ACTIVE p2=PAUSED/PAUSED p3=PAUSED/PAUSED", snapshot());
        calls.clear();
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.RESET, 1, 2, 3));
        assertEquals(List.of("p1:stop", "p1:reset", "p2:stop", "p2:reset", "p3:stop",
                "p3:reset"), calls, "RESET has nothing to prepare; the trigger phase stops each");
        assertEquals("p1=READY/READY p2=READY/READY p3=READY/READY", snapshot());
    }

    @Test
    void shouldChangeNothingWhenAnyPipelineOfTheRequestDoesNotExist() {
        send(PipelineState.RESET, 1, 2, 3);
        final String before = snapshot();
        // the lookup loop runs before either phase: INVALID_RESOURCE_ID
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, send(PipelineState.RUNNING, 1, 2, 9));
        assertEquals(before, snapshot());
        assertEquals(List.of(), calls);
    }

    @Test
    void shouldLeaveEarlierPipelinesPreparedWhenALaterPrepareFails() {
        send(PipelineState.RESET, 1, 2, 3);
        failing.put("p2:prepare", -Errno.EINVAL);
        assertEquals(Ipc4Status.INVALID_REQUEST, send(PipelineState.RUNNING, 1, 2, 3),
                "ipc4_pipeline_prepare maps a failed ipc4_pcm_params to IPC4_INVALID_REQUEST");
        // p1 stays prepared (pipeline_prepare set COMP_STATE_PREPARE); p2 was reset by
        // ipc4_pcm_params' error path (its one instance never left READY, so there was nothing
        // to reset: StateRulesTest shows the reset of a longer pipeline); p3 was never reached
        assertEquals(List.of("p1:prepare", "p2:prepare"), calls);
        assertEquals("p1=PREPARE/PREPARE p2=READY/READY p3=READY/READY", snapshot());
        fx.ticks(2); // nothing runs: only an ACTIVE pipeline is processed
        assertEquals("p1=PREPARE/PREPARE p2=READY/READY p3=READY/READY", snapshot());
    }

    @Test
    void shouldLeaveEarlierPipelinesRunningAndLaterOnesPreparedWhenATriggerFails() {
        send(PipelineState.RESET, 1, 2, 3);
        failing.put("p2:start", -Errno.EIO);
        assertEquals(Ipc4Status.PIPELINE_STATE_NOT_SET, send(PipelineState.RUNNING, 1, 2, 3),
                "ipc4_pipeline_trigger maps a failed pipeline_trigger to PIPELINE_STATE_NOT_SET");
        // sofj resets the pipeline whose start failed (its documented departure); p1 started
        // and stays ACTIVE, p3 stays as the prepare phase left it
        assertEquals(List.of("p1:prepare", "p2:prepare", "p3:prepare", "p1:start", "p2:start",
                "p2:reset"), calls);
        assertEquals("p1=ACTIVE/ACTIVE p2=READY/READY p3=PREPARE/PREPARE", snapshot());
    }

    @Test
    void shouldRecoverAPipelineLeftPreparedWithReset() {
        send(PipelineState.RESET, 1, 2, 3);
        failing.put("p2:prepare", -Errno.EINVAL);
        send(PipelineState.RUNNING, 1, 2);
        failing.clear();
        calls.clear();
        // SOF's prepare phase has no case for a PREPARE pipeline: RUNNING is refused
        assertEquals(Ipc4Status.INVALID_REQUEST, send(PipelineState.RUNNING, 1, 2));
        assertEquals("p1=PREPARE/PREPARE p2=READY/READY p3=READY/READY", snapshot());
        assertEquals(List.of(), calls, "p2 was not prepared: p1 was refused in the prepare phase");
        // sofj's departure: RESET resets it (SOF refuses it too, leaving it undeletable)
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.RESET, 1, 2));
        assertEquals(List.of("p1:reset"), calls);
        assertEquals(Ipc4Status.SUCCESS, send(PipelineState.RUNNING, 1, 2));
        assertEquals("p1=ACTIVE/ACTIVE p2=ACTIVE/ACTIVE p3=READY/READY", snapshot());
    }

    @Test
    void shouldRefuseAPipelineNamedTwiceInRunningAsSofsSecondPrepareDoes() {
        send(PipelineState.RESET, 1, 2, 3);
        // the second prepare finds the pipeline PREPARE: Invalid state for RUNNING
        assertEquals(Ipc4Status.INVALID_REQUEST, send(PipelineState.RUNNING, 1, 1));
        assertEquals(List.of("p1:prepare"), calls);
        assertEquals("p1=PREPARE/PREPARE p2=READY/READY p3=READY/READY", snapshot());
    }

    @Test
    void shouldMarkEosOnEveryPipelineOrNoneBeforeTheFirstThatIsNotRunning() {
        send(PipelineState.RESET, 1, 2, 3);
        send(PipelineState.RUNNING, 1, 2);
        // EOS is all prepare phase: p1 is marked, p3 (READY) is refused, p2 is never reached
        assertEquals(Ipc4Status.INVALID_REQUEST, send(PipelineState.EOS, 1, 3, 2));
        assertEquals("p1=ACTIVE+EOS/ACTIVE p2=ACTIVE/ACTIVE p3=READY/READY", snapshot());
    }
}
