package org.sofj.runtime.internal;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.LlTask;
import org.sofj.runtime.RuntimeEvent;

/**
 * The LL work of one pipeline per tick, in pipeline order (spec 4.8): an LL instance processes;
 * at a DP instance's place the tick syncs its rings with the LL buffers and checks its deadline
 * budget and the watchdog. A FAULTED LL instance plays silence instead. Runs on the core's LL
 * thread; no allocation, lock or logging (a fault's report is the one exception).
 */
final class PipelineTask implements LlTask {
    private final Kernel kernel;
    private final Pipeline pipeline;
    private final AudioEngine engine;
    private final MemoryAccess access;
    private final String name;
    private final jdk.jfr.EventType tickType = jdk.jfr.EventType.getEventType(Events.Tick.class);

    PipelineTask(Kernel kernel, Pipeline pipeline, AudioEngine engine, MemoryAccess access) {
        this.kernel = kernel;
        this.pipeline = pipeline;
        this.engine = engine;
        this.access = access;
        this.name = "pipeline-" + pipeline.id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void run(long tick) {
        if (pipeline.status != Pipeline.Status.ACTIVE) {
            return;
        }
        final Component[] order = pipeline.order;
        for (int i = 0; i < order.length; i++) {
            final Component c = order[i];
            if (c.dp()) {
                syncDp(c, tick);
            } else if (c.state == Component.State.ACTIVE) {
                processLl(c, tick);
            }
        }
        if (tickType.isEnabled()) {
            final Events.Tick e = new Events.Tick();
            e.pipelineId = pipeline.id;
            e.tick = tick;
            e.commit();
        }
    }

    private void processLl(Component c, long tick) {
        if (c.faulted) {
            c.playSilence(access);
            return;
        }
        final long start = kernel.nanoTime();
        try {
            c.module.process(c.moduleSources(), c.moduleSinks());
        } catch (Throwable t) {
            kernel.fault(c, Faults.kindOf(t), Faults.describe(t), tick);
        }
        c.processTime.record(kernel.nanoTime() - start);
    }

    private void syncDp(Component c, long tick) {
        final Connection[] inputs = c.inputArray;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].ring != null) {
                inputs[i].syncIn(engine);
            }
        }
        final DpTask task = c.dpTask;
        if (task != null && task.startupDelayed()) {
            return; // SOF's dp_startup_delay: feed the module, do not drain it yet
        }
        final Connection[] outputs = c.outputArray;
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i].ring != null) {
                outputs[i].syncOut(engine);
            }
        }
        if (task == null || c.faulted) {
            return;
        }
        if (task.deadlineMisses() > kernel.options().deadlineMissBudget()) {
            kernel.fault(c, RuntimeEvent.Kind.DEADLINE, task.deadlineMisses()
                    + " deadline misses exceed the budget of "
                    + kernel.options().deadlineMissBudget(), tick);
            return;
        }
        if (task.state() == DpTask.State.RUNNING) {
            if (c.runningSinceTick < 0) {
                c.runningSinceTick = tick;
            } else if (tick - c.runningSinceTick > kernel.options().watchdogTicks()) {
                kernel.fault(c, RuntimeEvent.Kind.HANG, "DP run busy for "
                        + (tick - c.runningSinceTick) + " ticks", tick);
            }
        } else {
            c.runningSinceTick = -1;
        }
    }
}
