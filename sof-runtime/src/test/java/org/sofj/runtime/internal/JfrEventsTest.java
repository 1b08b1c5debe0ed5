package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A recorded run shows what a latency engineer looks for: ticks, module process calls and proxied
 * calls with real durations, and the DP deadline misses and xruns of the run as instants.
 */
final class JfrEventsTest {

    private static List<RecordedEvent> named(List<RecordedEvent> all, String name) {
        return all.stream().filter(e -> e.getEventType().getName().equals(name))
                .collect(Collectors.toList());
    }

    @Test
    void shouldRecordDurationsDeadlineMissesAndXruns(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("run.jfr");
        final int slowId;
        final int capId;
        try (Recording recording = new Recording()) {
            for (String e : new String[] {"Tick", "ProxyCall", "DeadlineMiss", "Xrun"}) {
                recording.enable("org.sofj." + e);
            }
            recording.enable("org.sofj.ModuleProcess").withThreshold(Duration.ZERO);
            recording.start();
            try (RuntimeFixture fx = new RuntimeFixture()) {
                final TestModules.Script slow = new TestModules.Script();
                slow.process = (ctx, sources, sinks) -> {
                    fx.now.addAndGet(5_000_000L); // 5 ms of work in a 1 ms period
                    return 0;
                };
                TestModules.SCRIPTS.put("scripted", slow);
                fx.kernel.createPipeline(1, 0);
                fx.kernel.createPipeline(2, 0);
                slowId = fx.create("scripted", 0, 1, ProcDomain.DP);
                final int src = fx.create("src", 0, 2, ProcDomain.LL);
                capId = fx.create("cap", 0, 1, ProcDomain.LL);
                fx.kernel.bind(src, 0, capId, 0);
                fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs
                fx.kernel.setPipelineState(1, PipelineState.RUNNING); // src's pipeline stays off
                fx.ticks(20);
                assertFalse(fx.component(slowId).faulted, "virtual time: misses are counted only");
                assertTrue(fx.kernel.report(slowId).deadlineMisses() > 0);
            }
            recording.stop();
            recording.dump(file);
        }
        final List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        final List<RecordedEvent> ticks = named(all, "org.sofj.Tick");
        assertEquals(20, ticks.size(), "one per tick of the running pipeline");
        assertTrue(ticks.stream().allMatch(e -> e.getDuration().toNanos() > 0), "tick durations");
        final List<RecordedEvent> process = named(all, "org.sofj.ModuleProcess");
        assertTrue(process.stream().anyMatch(e -> e.getInt("componentId") == capId
                && "LL".equals(e.getString("domain"))), "LL process calls");
        assertTrue(process.stream().anyMatch(e -> e.getInt("componentId") == slowId
                && "DP".equals(e.getString("domain")) && e.getBoolean("userMode")),
                "DP process calls of the user module");
        assertTrue(process.stream().allMatch(e -> e.getDuration().toNanos() > 0),
                "process durations");
        final List<RecordedEvent> proxy = named(all, "org.sofj.ProxyCall");
        assertFalse(proxy.isEmpty());
        assertTrue(proxy.stream().allMatch(e -> e.getDuration().toNanos() > 0),
                "proxy call durations");
        final List<RecordedEvent> misses = named(all, "org.sofj.DeadlineMiss");
        assertFalse(misses.isEmpty());
        assertTrue(misses.stream().allMatch(e -> e.getInt("componentId") == slowId
                && e.getLong("misses") > 0 && e.getLong("total") >= e.getLong("misses")));
        final List<RecordedEvent> xruns = named(all, "org.sofj.Xrun");
        assertEquals(20, xruns.stream().filter(e -> e.getInt("componentId") == capId)
                .mapToLong(e -> e.getLong("xruns")).sum(), "one underrun per tick, as reported");
    }

    /**
     * The runtime asks whether a recording wants its events without loading them until the
     * Flight Recorder is initialized ({@link Jfr}); a recording started after the runtime was
     * built and ticked still gets every tick and proxy call from its start on.
     */
    @Test
    void shouldRecordWhenTheRecordingStartsAfterTheRuntimeTicked(@TempDir Path dir)
            throws Exception {
        final Path file = dir.resolve("late.jfr");
        try (RuntimeFixture fx = new RuntimeFixture()) {
            fx.kernel.createPipeline(1, 0);
            final int capId = fx.create("cap", 0, 1, ProcDomain.LL);
            fx.kernel.setPipelineState(1, PipelineState.RESET);
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(5);
            try (Recording recording = new Recording()) {
                recording.enable("org.sofj.Tick");
                recording.enable("org.sofj.ProxyCall");
                recording.start();
                assertTrue(Jfr.up(), "a started recording initialized the recorder");
                fx.ticks(7);
                fx.kernel.createPipeline(2, 0);
                assertTrue(fx.create("upass", 0, 2, ProcDomain.DP) != capId);
                recording.stop();
                recording.dump(file);
            }
        }
        final List<RecordedEvent> all = RecordingFile.readAllEvents(file);
        assertEquals(7, named(all, "org.sofj.Tick").size(), "the ticks after the start");
        assertFalse(named(all, "org.sofj.ProxyCall").isEmpty(), "the user instance's init");
    }
}
