package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioRegion;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A DP module whose period differs from its pipeline's 1 ms: IBS = OBS = 10 ms of audio between
 * two LL modules that move 1 ms a tick (spec 4.9: the period is OBS over the sink's byte rate,
 * floored to whole milliseconds; the ring is ALIGN_UP(3 max(IBS, OBS), 64)). The DP module runs
 * once per 10 ticks, every sample arrives once and in order, and once started the LL consumer
 * never misses a tick.
 */
final class DpLongPeriodTest {
    private static final int TEN_MS = 10 * TestModules.TICK;
    private final RuntimeFixture fx =
            new RuntimeFixture(SofRuntime.builder().virtualDpThreads(false));
    private final TestModules.Script script = new TestModules.Script();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldRunATenMillisecondDpModuleOncePerTenTicksWithoutAGapDownstream() {
        final AtomicInteger runs = new AtomicInteger();
        final AudioRegion in = new AudioRegion();
        final AudioRegion out = new AudioRegion();
        script.process = (ctx, sources, sinks) -> {
            if (sources[0].getData(TEN_MS, in) != 0) {
                return 0; // not ready: the scheduler should not have run it
            }
            if (sinks[0].getBuffer(TEN_MS, out) != 0) {
                sources[0].releaseData(0);
                return 0;
            }
            for (int i = 0; i < TEN_MS; i += 4) {
                ctx.access().putInt(out.addressAt(i), ctx.access().getInt(in.addressAt(i)));
            }
            sinks[0].commitBuffer(TEN_MS);
            sources[0].releaseData(TEN_MS);
            runs.incrementAndGet();
            return 0;
        };
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("scripted"), 0,
                0, 1, ProcDomain.DP, new BaseConfig(0, TEN_MS, TEN_MS, 1_000_000, 0,
                        RuntimeFixture.FORMAT), null, 0, 0));
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, dp, 0);
        fx.kernel.bind(dp, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(40); // start-up: the first period fills, the first output reaches the consumer
        final int runsBefore = runs.get();
        final long xrunsBefore = fx.kernel.report(cap).xruns();
        final int capturedBefore = capture(cap).count;
        fx.ticks(200);
        final int ran = runs.get() - runsBefore;
        assertTrue(ran >= 19 && ran <= 21, "a 10 ms DP module ran " + ran + " times in 200 ticks");
        assertEquals(xrunsBefore, fx.kernel.report(cap).xruns(), "no xrun after start-up");
        final TestModules.Capture c = capture(cap);
        assertEquals(200 * TestModules.TICK / 4, c.count - capturedBefore,
                "the consumer took 1 ms every tick after start-up");
        for (int i = 0; i < c.count; i++) {
            assertEquals(c.captured[0] + i, c.captured[i], "sample " + i + " in order, once");
        }
        assertEquals(List.of(), fx.kernel.events());
        assertEquals(0, fx.kernel.report(dp).deadlineMisses(), "10 ms of work done in time");
    }

    private TestModules.Capture capture(int id) {
        return (TestModules.Capture) fx.component(id).module;
    }
}
