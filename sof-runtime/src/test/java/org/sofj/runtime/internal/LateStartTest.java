package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A wall clock that does not fault healthy modules when the host is late: the runtime started
 * ten seconds after its pipeline was set RUNNING, and a pipeline PAUSED through a ten-second host
 * stall and resumed. Nothing is FAULTED, the user DP module is not charged a deadline miss for
 * time it was never given, and audio flows afterwards. Real tick and DP threads on a stepped
 * clock; every wait bounded.
 */
final class LateStartTest {
    private static final long MS = SteppedClock.MS;
    private final SteppedClock now = new SteppedClock();
    private SofRuntime rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
    }

    private int create(String name, ProcDomain domain) {
        return rt.initInstance(new InstanceSpec(TestModules.moduleId(name), 0, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    private TestModules.Capture graph() {
        rt = SofRuntime.builder().builtIn(new TestModules()).clock(SchedulerConfig.Clock.WALL)
                .nanoTime(now).deadlineMissBudget(0).build();
        rt.createPipeline(1, 0);
        rt.setPipelineState(1, PipelineState.RESET);
        final int src = create("src", ProcDomain.LL);
        final int dp = create("upass", ProcDomain.DP);
        final int cap = create("cap", ProcDomain.LL);
        rt.bind(src, 0, dp, 0);
        rt.bind(dp, 0, cap, 0);
        return (TestModules.Capture) ((Kernel) rt).ipc(() -> ((Kernel) rt).state.components
                .get(cap)).module;
    }

    private void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            now.step(rt, MS);
        }
    }

    @Test
    void shouldNotChargeAnyoneWhenTheRuntimeStartsTenSecondsAfterRunning() {
        final TestModules.Capture cap = graph();
        rt.setPipelineState(1, PipelineState.RUNNING);
        now.advance(10_000 * MS); // the embedder starts the clock late
        rt.start();
        run(60);
        assertEquals(List.of(), rt.events(), "a late start charges nobody");
        assertTrue(cap.count > 0, "audio flows: " + cap.count);
    }

    @Test
    void shouldResumeAfterATenSecondStallWhilePausedWithoutFaultingAnyone() {
        final TestModules.Capture cap = graph();
        rt.setPipelineState(1, PipelineState.RUNNING);
        rt.start();
        run(30);
        rt.setPipelineState(1, PipelineState.PAUSED);
        now.step(rt, 10_000 * MS); // the host stops for ten seconds while paused
        rt.setPipelineState(1, PipelineState.RUNNING);
        final int before = cap.count;
        run(60);
        assertEquals(List.of(), rt.events(), "a stall while paused charges nobody");
        assertTrue(cap.count > before, "audio flows again: " + cap.count);
    }
}
