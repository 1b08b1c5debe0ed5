package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/** System agents (spec 4.3), sizes from the IPC, and an exception in each operation. */
final class AgentAndFaultsTest {
    private final RuntimeFixture fx = new RuntimeFixture();
    private final TestModules.Script script = new TestModules.Script();

    AgentAndFaultsTest() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        TestModules.CREATED_ON.clear();
    }

    @AfterEach
    void close() {
        fx.close();
        TestModules.CREATED_ON.clear();
    }

    @Test
    void shouldRunTheAgentOfAModuleTypeModuleOnTheUserSide() {
        fx.create("agent", 0, 1, ProcDomain.DP);
        assertEquals(1, TestModules.CREATED_ON.size(), "the factory ran once, never in the kernel");
        assertTrue(TestModules.CREATED_ON.get(0).getName().startsWith("sofj-user-worker"),
                TestModules.CREATED_ON.get(0).getName());
        assertEquals(2, WorkerPeek.requests(fx.kernel.state.worker), "AGENT_START then INIT");
    }

    @Test
    void shouldMakeAUserModeLlextModuleOnTheUserSideNeverInTheKernel() {
        fx.create("scripted", 0, 1, ProcDomain.DP);
        assertTrue(TestModules.CREATED_ON.stream()
                .allMatch(t -> t.getName().startsWith("sofj-user-worker")),
                "a user-mode module's factory runs on its user thread: " + TestModules.CREATED_ON);
        assertEquals(2, WorkerPeek.requests(fx.kernel.state.worker), "CREATE then INIT");
        assertEquals(1, TestModules.CREATED_ON.size(),
                "the factory ran once, for the instance: registration makes no throwaway module");
    }

    @Test
    void shouldUndoTheCreationWhenTheFactoryMeetsAClassTheJvmRefuses() {
        script.create = new VerifyError("Bad type on operand stack");
        // the first attempt registers the driver, which keeps its driver heap (as SOF's does)
        assertThrows(IpcException.class, () -> fx.create("scripted", 0, 1, ProcDomain.DP));
        final long user = userFree();
        final long system = fx.kernel.ipc(() -> fx.kernel.state.systemHeap().stats().freeBytes());
        final int components = fx.kernel.ipc(() -> fx.kernel.state.components.size());
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.create("scripted", 0, 1, ProcDomain.DP));
        assertTrue(e.getMessage().contains("VerifyError: Bad type on operand stack"),
                e.getMessage());
        assertEquals(user, userFree(), "the instance's memory was given back");
        assertEquals(system, fx.kernel.ipc(() -> fx.kernel.state.systemHeap().stats().freeBytes()));
        assertEquals(components, fx.kernel.ipc(() -> fx.kernel.state.components.size()));
        script.create = null;
        fx.create("scripted", 0, 1, ProcDomain.DP);
    }

    private long userFree() {
        return fx.kernel.ipc(() -> fx.kernel.state.memory.heap(org.sofj.api.spi.HeapRegion.USER)
                .stats().freeBytes());
    }

    @Test
    void shouldTakeTheDpStackFromTheIpcAndRefuseOneThatCannotBeHad() {
        final int id = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("pass"), 0, 0,
                1, ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, 8192));
        assertEquals(8192, fx.component(id).stackBytes, "the IPC's request wins");
        // no stacks region could hold it: refused at init, as SOF's comp_new_ipc4 fails when the
        // DP thread cannot be made (pipeline_comp_dp_task_init in module_adapter_new)
        final IpcException never = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                new InstanceSpec(TestModules.moduleId("upass"), 0, 0, 1, ProcDomain.DP,
                        RuntimeFixture.CONFIG, null, 0, 64L << 20)));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, never.status(), never.getMessage());
        assertTrue(never.getMessage().contains("stack_bytes=" + (64L << 20)), never.getMessage());
        // two that each fit the 1 MiB region but not together: sofj makes the thread at prepare
        // (proxy variant A1), so the second one's stack is OUT_OF_MEMORY there (docs/ipc4.md)
        final long part = 600L << 10;
        final int first = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("upass"), 0,
                0, 1, ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, part));
        final int second = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("upass"),
                1, 0, 1, ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, part));
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
        assertEquals(Ipc4Status.OUT_OF_MEMORY, e.status());
        assertTrue(e.getMessage().contains("stack " + part), e.getMessage());
        assertTrue(fx.kernel.instances().contains(first) && fx.kernel.instances().contains(second));
    }

    /** Operations whose exception must FAULT the instance and nothing else. */
    enum Op { PREPARE, TRIGGER, SET_CONFIGURATION, GET_CONFIGURATION, RESET, FREE }

    @ParameterizedTest
    @EnumSource(Op.class)
    void shouldContainAnExceptionInEachOperation(Op op) {
        final TestModules.OpHook boom = ctx -> {
            throw new IllegalStateException("boom in " + op);
        };
        switch (op) {
            case PREPARE: script.prepare = boom; break;
            case TRIGGER: script.trigger = (ctx, cmd) -> boom.run(ctx); break;
            case SET_CONFIGURATION: script.setConfig = (ctx, v) -> boom.run(ctx); break;
            case GET_CONFIGURATION: script.getConfig = (ctx, v) -> boom.run(ctx); break;
            case RESET: script.reset = boom; break;
            default: script.free = boom;
        }
        final int id = fx.create("scripted", 0, 1, ProcDomain.DP);
        final int other = fx.create("upass", 0, 1, ProcDomain.DP);
        try {
            switch (op) {
                case SET_CONFIGURATION: fx.kernel.setConfiguration(id, 1, new byte[4]); break;
                case GET_CONFIGURATION: fx.kernel.getConfiguration(id, 1); break;
                case FREE: fx.kernel.deleteInstance(id); break;
                default:
                    fx.kernel.setPipelineState(1, PipelineState.RUNNING);
                    fx.kernel.setPipelineState(1, PipelineState.RESET);
            }
        } catch (IpcException expected) {
            assertTrue(expected.getMessage().contains("EFAULT"), expected.getMessage());
        }
        final RuntimeEvent event = fx.kernel.events().get(0);
        assertEquals(RuntimeEvent.Kind.EXCEPTION, event.kind());
        assertEquals(id, event.componentId());
        assertTrue(event.detail().contains("boom in " + op), event.detail());
        assertFalse(fx.component(other).faulted, "the instance beside it is untouched");
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        if (fx.kernel.instances().contains(id)) {
            fx.kernel.deleteInstance(id);
        }
        TestModules.SCRIPTS.remove("scripted");
        assertEquals(id, fx.create("scripted", 0, 1, ProcDomain.DP), "created again");
    }

    @Test
    void shouldCreateNothingWhenInitThrows() {
        script.init = ctx -> {
            throw new IllegalStateException("boom in init");
        };
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.create("scripted", 0, 1, ProcDomain.DP));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status());
        assertTrue(fx.kernel.instances().isEmpty());
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        final Driver driver = fx.kernel.ipc(() -> fx.kernel.state.drivers.get(
                TestModules.moduleId("scripted")));
        assertEquals(0, driver.heap.stats().usedBytes(),
                "the driver (and its heap) persists as in SOF, empty: mod_free_all ran");
    }
}
