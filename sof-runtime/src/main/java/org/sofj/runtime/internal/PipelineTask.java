package org.sofj.runtime.internal;

import jdk.jfr.EventType;

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
    private final KernelState kernel;
    private final Pipeline pipeline;
    private final AudioEngine engine;
    private final MemoryAccess access;
    private final String name;
    private final EventType tickType = EventType.getEventType(Events.Tick.class);
    private final EventType processType = EventType.getEventType(Events.ModuleProcess.class);
    private final EventType missType = EventType.getEventType(Events.DeadlineMiss.class);
    private final EventType xrunType = EventType.getEventType(Events.Xrun.class);

    PipelineTask(KernelState kernel, Pipeline pipeline, AudioEngine engine, MemoryAccess access) {
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
        // allocated only while a recording asks for it (and then usually scalar-replaced)
        final Events.Tick event = tickType.isEnabled() ? new Events.Tick() : null;
        if (event != null) {
            event.begin();
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
        if (xrunType.isEnabled()) {
            recordXruns(order, tick);
        }
        if (event != null) {
            event.pipelineId = pipeline.id;
            event.tick = tick;
            event.commit();
        }
    }

    /** An Xrun event for each instance whose buffers counted xruns since the last look. */
    private void recordXruns(Component[] order, long tick) {
        for (Component c : order) {
            final long total = Reports.xruns(c);
            if (total > c.xrunsSeen) {
                final Events.Xrun e = new Events.Xrun();
                e.componentId = c.componentId;
                e.module = c.name();
                e.pipelineId = pipeline.id;
                e.tick = tick;
                e.xruns = total - c.xrunsSeen;
                e.total = total;
                e.commit();
            }
            c.xrunsSeen = total;
        }
    }

    private void processLl(Component c, long tick) {
        if (c.faulted) {
            c.playSilence(access);
            return;
        }
        final Events.ModuleProcess event = processType.isEnabled() ? begin() : null;
        final long start = kernel.nanoTime();
        try {
            c.module.process(c.moduleSources(), c.moduleSinks());
        } catch (Throwable t) {
            kernel.reports.fault(c, Faults.kindOf(t), Faults.describe(t), tick);
        }
        c.processTime.record(kernel.nanoTime() - start);
        if (event != null) {
            commit(event, c);
        }
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
        if (missType.isEnabled() && task.deadlineMisses() > c.deadlineMissesSeen) {
            final Events.DeadlineMiss e = new Events.DeadlineMiss();
            e.componentId = c.componentId;
            e.module = c.name();
            e.tick = tick;
            e.total = task.deadlineMisses();
            e.misses = e.total - c.deadlineMissesSeen;
            e.commit();
        }
        c.deadlineMissesSeen = task.deadlineMisses();
        if (task.deadlineMisses() > kernel.options().deadlineMissBudget()) {
            kernel.reports.fault(c, RuntimeEvent.Kind.DEADLINE, task.deadlineMisses()
                    + " deadline misses exceed the budget of "
                    + kernel.options().deadlineMissBudget(), tick);
            return;
        }
        if (task.state() == DpTask.State.RUNNING) {
            if (c.runningSinceTick < 0) {
                c.runningSinceTick = tick;
            } else if (tick - c.runningSinceTick > kernel.options().watchdogTicks()) {
                kernel.reports.fault(c, RuntimeEvent.Kind.HANG, "DP run busy for "
                        + (tick - c.runningSinceTick) + " ticks", tick);
            }
        } else {
            c.runningSinceTick = -1;
        }
    }

    /** @return a started ModuleProcess event; call only when the type is enabled */
    static Events.ModuleProcess begin() {
        final Events.ModuleProcess e = new Events.ModuleProcess();
        e.begin();
        return e;
    }

    /** Ends and commits a ModuleProcess event if it lasted longer than its threshold. */
    static void commit(Events.ModuleProcess e, Component c) {
        e.end();
        if (e.shouldCommit()) {
            e.componentId = c.componentId;
            e.module = c.name();
            e.pipelineId = c.pipeline.id;
            e.domain = c.procDomain.name();
            e.userMode = c.userMode();
            e.commit();
        }
    }
}
