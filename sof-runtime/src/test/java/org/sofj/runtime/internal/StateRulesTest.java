package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.spi.DpTask;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * SOF's state rules beyond the pipeline table: a failed RUNNING resets the whole pipeline
 * ({@code ipc4_pcm_params}'s error path), only READY instances are freed ({@code ipc_comp_free}),
 * self and cross-core binds are refused, pipeline id 255 is invalid on the typed path too. Every
 * refusal is checked against a snapshot of the kernel's tables.
 */
final class StateRulesTest {
    private final RuntimeFixture fx = new RuntimeFixture();
    private final TestModules.Script script = new TestModules.Script();

    StateRulesTest() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldResetTheWholePipelineWhenOnePrepareFails() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.create("pass", 0, 1, ProcDomain.DP);
        final int bad = fx.create("scripted", 0, 1, ProcDomain.DP);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, dp, 0);
        fx.kernel.bind(dp, 0, cap, 0);
        fx.kernel.bind(cap, 1, bad, 0);
        script.prepare = ctx -> -Errno.EINVAL;
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
        assertEquals(Ipc4Status.INVALID_REQUEST, e.status());
        for (int id : List.of(src, dp, bad, cap)) {
            assertEquals(Component.State.READY, fx.component(id).state, "0x"
                    + Integer.toHexString(id) + " back to READY");
        }
        final DpTask task = fx.component(dp).dpTask;
        assertTrue(task == null || task.state() != DpTask.State.QUEUED, "no DP task left queued");
        assertEquals("READY", fx.kernel.ipc(() -> fx.kernel.state.pipelines.get(1).status.name()));
        script.prepare = null;
        fx.kernel.setPipelineState(1, PipelineState.RUNNING); // and it can start afterwards
        fx.ticks(2);
        assertEquals(Component.State.ACTIVE, fx.component(dp).state);
    }

    @Test
    void shouldRefuseToDeleteAnInstanceThatIsNotReadyAndChangeNothing() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(2);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.deleteInstance(src));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, e.status(), "ipc4_delete_module_instance");
        assertEquals(before, snapshot());
        fx.ticks(2); // the neighbour keeps processing: nothing was torn down under it
        assertFalse(fx.component(cap).faulted);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        fx.kernel.deleteInstance(src);
        assertFalse(fx.kernel.instances().contains(src));
    }

    @Test
    void shouldDeleteAPipelineWithItsReadyInstancesOrRefuseAndChangeNothing() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        final String before = snapshot();
        assertEquals(Ipc4Status.INVALID_RESOURCE_STATE, assertThrows(IpcException.class,
                () -> fx.kernel.deletePipeline(1)).status());
        assertEquals(before, snapshot());
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        fx.kernel.deletePipeline(1); // SOF's ipc_pipeline_module_free: the instances go too
        assertEquals(List.of(), fx.kernel.instances());
    }

    @Test
    void shouldRefuseABindOfAnInstanceToItself() {
        final int pass = fx.create("kpass", 0, 1, ProcDomain.LL);
        final String before = snapshot();
        assertEquals(Ipc4Status.INVALID_REQUEST, assertThrows(IpcException.class,
                () -> fx.kernel.bind(pass, 0, pass, 0)).status());
        assertEquals(before, snapshot());
    }

    @Test
    void shouldRefuseABindToAPinTheModuleTypeDoesNotHaveAndChangeNothing() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL); // pins undeclared: any of 8
        final int one = fx.create("minimal", 0, 1, ProcDomain.DP); // 1 input, 1 output
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, one, 0);
        final String before = snapshot();
        final IpcException in = assertThrows(IpcException.class,
                () -> fx.kernel.bind(src, 1, one, 1));
        assertEquals(Ipc4Status.INVALID_PARAM, in.status());
        assertTrue(in.getMessage().contains("MOD_BIND dst_queue=1: module minimal has 1 input pin"
                + " (0)"), in.getMessage());
        final IpcException out = assertThrows(IpcException.class,
                () -> fx.kernel.bind(one, 1, cap, 0));
        assertEquals(Ipc4Status.INVALID_PARAM, out.status());
        assertTrue(out.getMessage().contains("MOD_BIND src_queue=1: module minimal has 1 output "
                + "pin (0)"), out.getMessage());
        assertEquals(before, snapshot(), "no buffer, connection or state change");
        fx.kernel.bind(one, 0, cap, 0); // the pin it has still binds
        fx.kernel.bind(src, 1, cap, 1); // an undeclared side keeps every pin
    }

    @Test
    void shouldRefuseABindAcrossCores() {
        try (RuntimeFixture two = new RuntimeFixture(SofRuntime.builder().cores(2))) {
            two.kernel.createPipeline(1, 0);
            two.kernel.createPipeline(2, 1);
            final int a = two.kernel.initInstance(new InstanceSpec(TestModules.moduleId("src"), 0,
                    0, 1, ProcDomain.LL, RuntimeFixture.CONFIG, null, 0, 0));
            final int b = two.kernel.initInstance(new InstanceSpec(TestModules.moduleId("cap"), 0,
                    1, 2, ProcDomain.LL, RuntimeFixture.CONFIG, null, 0, 0));
            final IpcException e = assertThrows(IpcException.class, () -> two.kernel.bind(a, 0, b,
                    0));
            assertEquals(Ipc4Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains("two cores"), e.getMessage());
            assertEquals(0, two.kernel.ipc(() -> two.kernel.state.components.get(a).outputs.size()));
        }
    }

    @Test
    void shouldRefusePipelineId255OnTheTypedPath() {
        assertEquals(Ipc4Status.INVALID_PARAM, assertThrows(IpcException.class,
                () -> fx.kernel.createPipeline(255, 0)).status());
        assertFalse(fx.kernel.ipc(() -> fx.kernel.state.pipelines.containsKey(255)));
    }

    private String snapshot() {
        return fx.kernel.ipc(() -> {
            final StringBuilder b = new StringBuilder();
            fx.kernel.state.pipelines.values().forEach(p -> b.append(p.id).append(':').append(p.status)
                    .append(p.components.size()).append(' '));
            fx.kernel.state.components.values().forEach(c -> b.append(Integer.toHexString(c.componentId))
                    .append(':').append(c.state).append(c.faulted ? "F" : "")
                    .append(c.inputs.size()).append(c.outputs.size()).append(' '));
            return b.toString();
        });
    }
}
