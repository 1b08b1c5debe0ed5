package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * SOF's (pipeline status, SET_PIPELINE_STATE command) table, row by row, as
 * {@code ipc4_pipeline_prepare} and {@code ipc4_pipeline_trigger} in SOF's
 * {@code src/ipc/ipc4/handler-user.c} (main, 2026-08) give it; docs/pipeline-states.md has the same
 * table. Each row sets a pipeline with one user DP instance into a status, sends one command and
 * checks the new status (or the refusal), the module operations it caused, and, for a refusal,
 * that a snapshot of the pipeline and its instance is unchanged. A pipeline is PREPARE only after
 * a multi-pipeline request that failed part-way; two of its rows are sofj's departures.
 */
final class PipelineStateTableTest {
    private final RuntimeFixture fx = new RuntimeFixture();
    private final TestModules.Script script = new TestModules.Script();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private int id;

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest(name = "{0} + {1} -> {2} [{4}]")
    @CsvSource(delimiter = '|', value = {
        // from  | command    | to or refusal       | module calls            | SOF source
        "INIT    | RESET      | READY               | ''                      | prepare RESET/INIT: ipc4_pipeline_complete",
        "INIT    | PAUSED     | READY               | ''                      | prepare PAUSED/INIT: complete; trigger READY returns 0",
        "INIT    | RUNNING    | INVALID_REQUEST     | ''                      | prepare RUNNING/default: Invalid state for RUNNING",
        "INIT    | EOS        | INVALID_REQUEST     | ''                      | prepare EOS: status != ACTIVE",
        "INIT    | SAVED      | INVALID_REQUEST     | ''                      | prepare SAVED: unsupported trigger cmd",
        "INIT    | ERROR_STOP | INVALID_REQUEST     | ''                      | prepare ERROR_STOP: unsupported trigger cmd",
        "READY   | RESET      | READY               | ''                      | prepare RESET/READY: no action; trigger default returns 0",
        "READY   | PAUSED     | READY               | ''                      | trigger PAUSED/READY returns 0",
        "READY   | RUNNING    | ACTIVE              | prepare start           | prepare RUNNING/READY: ipc4_pcm_params; trigger PRE_START",
        "READY   | EOS        | INVALID_REQUEST     | ''                      | prepare EOS: status != ACTIVE",
        "ACTIVE  | RUNNING    | ACTIVE              | ''                      | trigger RUNNING/ACTIVE: nothing to do",
        "ACTIVE  | PAUSED     | PAUSED              | pause                   | trigger PAUSED/default: COMP_TRIGGER_PAUSE",
        "ACTIVE  | RESET      | READY               | stop reset              | trigger RESET/ACTIVE: STOP then pipeline_reset",
        "ACTIVE  | EOS        | ACTIVE+EOS          | ''                      | prepare EOS/ACTIVE: expect_eos = true",
        "PAUSED  | RUNNING    | ACTIVE              | release                 | trigger RUNNING/PAUSED: COMP_TRIGGER_PRE_RELEASE",
        "PAUSED  | PAUSED     | PAUSED              | ''                      | trigger PAUSED/PAUSED returns 0",
        "PAUSED  | RESET      | READY               | stop reset              | trigger RESET/PAUSED: STOP then pipeline_reset",
        "PAUSED  | EOS        | INVALID_REQUEST     | ''                      | prepare EOS: status != ACTIVE",
        "EOS     | RUNNING    | INVALID_REQUEST     | ''                      | prepare RUNNING: Can't transition from EOS to RUNNING",
        "EOS     | PAUSED     | PAUSED              | pause                   | any other transition clears expect_eos",
        "EOS     | RESET      | READY               | stop reset              | any other transition clears expect_eos",
        "EOS     | EOS        | ACTIVE+EOS          | ''                      | prepare EOS/ACTIVE: expect_eos = true",
        // PREPARE outlives a request only when a multi-pipeline request failed after preparing
        "PREPARE | RUNNING    | INVALID_REQUEST     | ''                      | prepare RUNNING/default: Invalid state for RUNNING",
        "PREPARE | EOS        | INVALID_REQUEST     | ''                      | prepare EOS: status != ACTIVE",
        "PREPARE | SAVED      | INVALID_REQUEST     | ''                      | prepare SAVED: unsupported trigger cmd",
        "PREPARE | RESET      | READY               | reset                   | departure: SOF's prepare RESET/default refuses it",
        "PREPARE | PAUSED     | INVALID_REQUEST     | ''                      | departure: SOF schedules a PAUSE comp_set_state refuses",
    })
    void shouldFollowSofsTable(String from, PipelineState command, String expected,
            String expectedCalls, String source) {
        setUp(from);
        calls.clear();
        final String before = snapshot();
        if (expected.equals("INVALID_REQUEST")) {
            final IpcException e = assertThrows(IpcException.class,
                    () -> fx.kernel.setPipelineState(1, command), source);
            assertEquals(Ipc4Status.INVALID_REQUEST, e.status(), e.getMessage());
            assertEquals(before, snapshot(), "a refused request changes nothing: " + source);
        } else {
            fx.kernel.setPipelineState(1, command);
            assertEquals(expected, status(), source);
        }
        assertEquals(expectedCalls, String.join(" ", calls), source);
    }

    /** Brings the pipeline to {@code from} through the commands a host would send. */
    private void setUp(String from) {
        script.prepare = ctx -> record("prepare");
        script.reset = ctx -> record("reset");
        script.trigger = (ctx, cmd) -> record(cmd.name().toLowerCase(java.util.Locale.ROOT));
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        id = fx.create("scripted", 0, 1, ProcDomain.DP);
        if (from.equals("INIT")) {
            return;
        }
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        if (from.equals("READY")) {
            return;
        }
        if (from.equals("PREPARE")) {
            leavePrepared();
            return;
        }
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        if (from.equals("PAUSED")) {
            fx.kernel.setPipelineState(1, PipelineState.PAUSED);
        } else if (from.equals("EOS")) {
            fx.kernel.setPipelineState(1, PipelineState.EOS);
        }
        assertEquals(from.equals("EOS") ? "ACTIVE+EOS" : from, status());
    }

    /**
     * A multi-pipeline RUNNING of pipelines 1 and 2 whose second prepare fails: SOF's
     * {@code ipc4_set_pipeline_state} returns from its prepare loop with pipeline 1 prepared.
     * Frame: {@code SOF_IPC4_MSG_TYPE_SET(19) | SOF_IPC4_GLB_PIPE_STATE(RUNNING)}, extension
     * {@code SOF_IPC4_GLB_PIPE_STATE_EXT_MULTI}, payload {@code {count 2, ids 1, 2}}.
     */
    private void leavePrepared() {
        final TestModules.Script refuses = new TestModules.Script();
        refuses.prepare = ctx -> -Errno.EINVAL;
        TestModules.SCRIPTS.put("kscript", refuses);
        fx.kernel.createPipeline(2, 0);
        fx.create("kscript", 0, 2, ProcDomain.LL);
        fx.kernel.setPipelineState(2, PipelineState.RESET);
        final ByteBuffer ids = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(2).putInt(1).putInt(2);
        final Ipc4Frame reply = fx.kernel.ipc(new Ipc4Frame(
                19 << 24 | PipelineState.RUNNING.code(), 1, ids.array()));
        assertEquals(Ipc4Status.INVALID_REQUEST, reply.primary() & 0xFF_FFFF);
        assertEquals("PREPARE", status());
    }

    private int record(String call) {
        calls.add(call);
        return 0;
    }

    private String status() {
        return fx.kernel.ipc(() -> {
            final Pipeline p = fx.kernel.state.pipelines.get(1);
            return p.status + (p.expectEos ? "+EOS" : "");
        });
    }

    private String snapshot() {
        return fx.kernel.ipc(() -> {
            final Pipeline p = fx.kernel.state.pipelines.get(1);
            final Component c = fx.kernel.state.components.get(id);
            return p.status + " eos=" + p.expectEos + " " + c.state + " dp="
                    + (c.dpTask == null ? "none" : c.dpTask.state()) + " faulted=" + c.faulted;
        });
    }
}
