package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.BaseConfig;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleIds;
import org.sofj.api.spi.HeapRegion;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.CreatePipeline;
import org.sofj.runtime.ipc.DeletePipeline;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.Ipc4Message;
import org.sofj.runtime.ipc.ModBind;
import org.sofj.runtime.ipc.ModDeleteInstance;
import org.sofj.runtime.ipc.ModInitInstance;
import org.sofj.runtime.ipc.ModLargeConfigGet;
import org.sofj.runtime.ipc.ModLargeConfigSet;
import org.sofj.runtime.ipc.ModUnbind;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.ipc.SetPipelineState;

/**
 * Typed calls and raw IPC4 frames take one dispatch path: the same script of requests, accepted
 * and refused ones, sent to one runtime as typed calls and to another as frames, gets the same
 * status for every request and leaves both runtimes in the same state after each; a refused
 * request changes nothing on either path.
 */
final class OneDispatchPathTest {
    private static final Ipc4Codec CODEC = Ipc4Codec.standard();
    private static final int SRC = TestModules.moduleId("src");
    private static final int KSCRIPT = TestModules.moduleId("kscript");
    private static final int SRC_ID = ModuleIds.componentId(0, SRC);
    private static final int KSCRIPT_ID = ModuleIds.componentId(0, KSCRIPT);
    private static final int MISSING_ID = ModuleIds.componentId(7, KSCRIPT);
    /** A base config IPC4 can carry (no cps). */
    private static final BaseConfig CONFIG = new BaseConfig(0, TestModules.TICK, TestModules.TICK,
            0, 0, RuntimeFixture.FORMAT);

    private final RuntimeFixture typed = new RuntimeFixture();
    private final RuntimeFixture framed = new RuntimeFixture();

    @AfterEach
    void close() {
        typed.close();
        framed.close();
    }

    /** One request in both forms, and the status SOF answers it with. */
    private record Step(String name, int status, Consumer<Kernel> call, Ipc4Frame frame) {
    }

    private static Step step(String name, int status, Consumer<Kernel> call, Ipc4Message m) {
        return new Step(name, status, call, CODEC.encode(m));
    }

    private static InstanceSpec spec(int moduleId) {
        return new InstanceSpec(moduleId, 0, 0, 1, ProcDomain.LL, CONFIG, null, 0, 0);
    }

    private static ModInitInstance init(int moduleId) {
        return new ModInitInstance(moduleId, 0, 0, 1, ProcDomain.LL, CONFIG, new byte[0],
                Optional.empty());
    }

    private static List<Step> script() {
        final Ipc4Frame create254 = CODEC.encode(new CreatePipeline(254, 0, 2, false, 0, 0));
        final List<Step> s = new ArrayList<>();
        s.add(step("create pipeline 1", Ipc4Status.SUCCESS, k -> k.createPipeline(1, 0),
                new CreatePipeline(1, 0, 2, false, 0, 0)));
        s.add(step("create pipeline 1 twice", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.createPipeline(1, 0), new CreatePipeline(1, 0, 2, false, 0, 0)));
        s.add(new Step("create pipeline 255", Ipc4Status.INVALID_PARAM,
                k -> k.createPipeline(255, 0),
                new Ipc4Frame(create254.primary() | 1 << 16, create254.extension())));
        s.add(step("RUNNING before RESET", Ipc4Status.INVALID_REQUEST,
                k -> k.setPipelineState(1, PipelineState.RUNNING),
                new SetPipelineState(1, PipelineState.RUNNING)));
        s.add(step("RESET", Ipc4Status.SUCCESS, k -> k.setPipelineState(1, PipelineState.RESET),
                new SetPipelineState(1, PipelineState.RESET)));
        s.add(step("init src", Ipc4Status.SUCCESS, k -> k.initInstance(spec(SRC)), init(SRC)));
        s.add(step("init kscript", Ipc4Status.SUCCESS, k -> k.initInstance(spec(KSCRIPT)),
                init(KSCRIPT)));
        s.add(step("init src twice", Ipc4Status.MOD_NOT_INITIALIZED,
                k -> k.initInstance(spec(SRC)), init(SRC)));
        s.add(step("self bind", Ipc4Status.INVALID_REQUEST, k -> k.bind(SRC_ID, 0, SRC_ID, 0),
                new ModBind(SRC, 0, SRC, 0, 0, 0)));
        s.add(step("bind", Ipc4Status.SUCCESS, k -> k.bind(SRC_ID, 0, KSCRIPT_ID, 0),
                new ModBind(SRC, 0, KSCRIPT, 0, 0, 0)));
        s.add(step("bind a bound pin", Ipc4Status.INVALID_RESOURCE_STATE,
                k -> k.bind(SRC_ID, 0, KSCRIPT_ID, 0), new ModBind(SRC, 0, KSCRIPT, 0, 0, 0)));
        s.add(step("set a configuration", Ipc4Status.SUCCESS,
                k -> k.setConfiguration(KSCRIPT_ID, 1, new byte[16]),
                ModLargeConfigSet.of(KSCRIPT, 0, 1, ConfigFragment.SINGLE, 16, new byte[16])));
        s.add(step("a blob over the limit", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.setConfiguration(KSCRIPT_ID, 1, new byte[Configs.MAX_BLOB + 1]),
                ModLargeConfigSet.of(KSCRIPT, 0, 1, ConfigFragment.FIRST, Configs.MAX_BLOB + 1,
                        new byte[16])));
        s.add(step("configure a missing instance", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.setConfiguration(MISSING_ID, 1, new byte[16]),
                ModLargeConfigSet.of(KSCRIPT, 7, 1, ConfigFragment.SINGLE, 16, new byte[16])));
        // ipc4_get_large_config_module_instance: any error of the module is INVALID_RESOURCE_ID
        s.add(step("a get the module fails", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.getConfiguration(KSCRIPT_ID, 1),
                new ModLargeConfigGet(KSCRIPT, 0, 1, true, true, 0)));
        s.add(step("RUNNING", Ipc4Status.SUCCESS,
                k -> k.setPipelineState(1, PipelineState.RUNNING),
                new SetPipelineState(1, PipelineState.RUNNING)));
        s.add(step("delete a running instance", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.deleteInstance(KSCRIPT_ID), new ModDeleteInstance(KSCRIPT, 0)));
        s.add(step("delete a running pipeline", Ipc4Status.INVALID_RESOURCE_STATE,
                k -> k.deletePipeline(1), new DeletePipeline(1)));
        s.add(step("RESET again", Ipc4Status.SUCCESS,
                k -> k.setPipelineState(1, PipelineState.RESET),
                new SetPipelineState(1, PipelineState.RESET)));
        s.add(step("unbind", Ipc4Status.SUCCESS, k -> k.unbind(SRC_ID, 0, KSCRIPT_ID, 0),
                new ModUnbind(SRC, 0, KSCRIPT, 0, 0, 0)));
        s.add(step("unbind twice", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.unbind(SRC_ID, 0, KSCRIPT_ID, 0), new ModUnbind(SRC, 0, KSCRIPT, 0, 0, 0)));
        s.add(step("delete kscript", Ipc4Status.SUCCESS, k -> k.deleteInstance(KSCRIPT_ID),
                new ModDeleteInstance(KSCRIPT, 0)));
        s.add(step("delete pipeline 1 with src", Ipc4Status.SUCCESS, k -> k.deletePipeline(1),
                new DeletePipeline(1)));
        s.add(step("delete pipeline 1 twice", Ipc4Status.INVALID_RESOURCE_ID,
                k -> k.deletePipeline(1), new DeletePipeline(1)));
        return s;
    }

    @Test
    void shouldAnswerTypedCallsAndFramesAlikeAndLeaveTheSameState() {
        for (Step step : script()) {
            final String before = snapshot(typed.kernel);
            assertEquals(before, snapshot(framed.kernel), "before " + step.name());
            final int typedStatus = typedStatus(step);
            final int frameStatus = framed.kernel.ipc(step.frame()).primary() & 0xFFFFFF;
            assertEquals(step.status(), typedStatus, step.name() + ", typed");
            assertEquals(step.status(), frameStatus, step.name() + ", as a frame");
            final String after = snapshot(typed.kernel);
            assertEquals(after, snapshot(framed.kernel), "after " + step.name());
            if (step.status() != Ipc4Status.SUCCESS) {
                assertEquals(before, after, step.name() + " was refused and changed nothing");
            }
        }
    }

    private int typedStatus(Step step) {
        try {
            step.call().accept(typed.kernel);
            return Ipc4Status.SUCCESS;
        } catch (IpcException e) {
            return e.status();
        }
    }

    /** Everything a request can change: tables, states, connections, drivers and heaps. */
    private static String snapshot(Kernel kernel) {
        return kernel.ipc(() -> {
            final KernelState s = kernel.state;
            final StringBuilder b = new StringBuilder();
            s.pipelines.values().forEach(p -> b.append("pipeline ").append(p.id).append(' ')
                    .append(p.status).append(p.expectEos ? " eos" : "").append(' ')
                    .append(p.components.size()).append('\n'));
            s.components.values().forEach(c -> b.append("comp 0x")
                    .append(Integer.toHexString(c.componentId)).append(' ').append(c.state)
                    .append(c.faulted ? " FAULTED" : "").append(" in ").append(c.inputs.size())
                    .append(" out ").append(c.outputs.size()).append('\n'));
            s.drivers.values().forEach(d -> b.append("driver ").append(d.description.name())
                    .append(' ').append(d.liveInstances).append('\n'));
            for (HeapRegion r : HeapRegion.values()) {
                b.append(r).append(' ').append(s.memory.heap(r).stats().usedBytes()).append('\n');
            }
            return b.toString();
        });
    }
}
