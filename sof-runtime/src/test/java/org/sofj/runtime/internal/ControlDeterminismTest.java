package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Determinism with control calls at fixed ticks (virtual clock): the same topology and the same
 * script of calls (configuration small and fragmented, PAUSED and RUNNING, RESET with an unbind
 * and a bind, RESET from PAUSED, RUNNING again; the xruns they cause) give the same captured
 * bytes, the same event log and the same xrun and miss counts per instance, run twice with the DP
 * handoff, twice inline, and inline against the handoff, under both proxy variants.
 */
final class ControlDeterminismTest {
    private static final int TICKS = 120;
    /** The run of pipeline 2's DP module that throws: after every control call to it. */
    private static final int THROWS_ON_RUN = 90;

    /** What a run left: both captures, the event log, each instance's xruns and misses. */
    private record Outcome(int[] first, int[] second, List<RuntimeEvent> events,
            List<Long> counts) {
    }

    /**
     * Pipeline 1: src -> pass (user DP) -> kpass (kernel LL) -> upass (user LL) -> kpass
     * (kernel DP) -> cap. Pipeline 2: src -> scripted (user DP, a pass that refuses a fragment
     * whose first word is not 5 and throws on its 90th run) -> cap.
     */
    private static Outcome run(boolean threads, ProxyVariant proxy) {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().virtualDpThreads(threads)
                .proxyVariant(proxy))) {
            final TestModules.Script s = new TestModules.Script();
            s.setConfig = (ctx, view) -> view.getInt(0) == 5 ? 0 : -22;
            final int[] runs = new int[1];
            final TestModules.Pass through = new TestModules.Pass(); // its data path, and a throw
            s.init = ctx -> through.init(ctx);
            s.process = (ctx, sources, sinks) -> {
                if (++runs[0] == THROWS_ON_RUN) {
                    throw new IllegalStateException("boom on run " + runs[0]);
                }
                return through.process(sources, sinks);
            };
            TestModules.SCRIPTS.put("scripted", s);
            final Kernel k = fx.kernel;
            k.createPipeline(1, 0);
            k.setPipelineState(1, PipelineState.RESET);
            final int src = fx.create("src", 0, 1, ProcDomain.LL);
            final int pass = fx.create("pass", 0, 1, ProcDomain.DP);
            final int kll = fx.create("kpass", 0, 1, ProcDomain.LL);
            final int ull = fx.create("upass", 0, 1, ProcDomain.LL);
            final int kdp = fx.create("kpass", 1, 1, ProcDomain.DP);
            final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
            k.bind(src, 0, pass, 0);
            k.bind(pass, 0, kll, 0);
            k.bind(kll, 0, ull, 0);
            k.bind(ull, 0, kdp, 0);
            k.bind(kdp, 0, cap, 0);
            final int[] two = RuntimeFixture.chain(k, 2, 1, "scripted", ProcDomain.DP);
            final int dp2 = two[1];
            final int src2 = two[0];
            final int cap2 = two[2];
            k.setPipelineState(1, PipelineState.RUNNING);
            k.setPipelineState(2, PipelineState.RUNNING);
            final byte[] large = new byte[Configs.MAX_BLOB]; // fragments, each starting with 5
            for (int i = 0; i < large.length; i += 4) {
                large[i] = 5;
            }
            for (int t = 1; t <= TICKS; t++) {
                fx.ticks(1);
                switch (t) {
                    case 10 -> k.setConfiguration(dp2, 1, new byte[] {5, 0, 0, 0});
                    case 12 -> refused(() -> k.setConfiguration(dp2, 1, new byte[] {6, 0, 0, 0}));
                    case 20 -> k.setPipelineState(1, PipelineState.PAUSED);
                    case 27 -> k.setPipelineState(1, PipelineState.RUNNING);
                    case 40 -> k.setPipelineState(2, PipelineState.RESET);
                    case 41 -> {
                        k.unbind(dp2, 0, cap2, 0);
                        k.bind(dp2, 0, cap2, 0);
                    }
                    case 43 -> k.setPipelineState(2, PipelineState.RUNNING);
                    case 60 -> k.setPipelineState(1, PipelineState.RESET);
                    case 61 -> k.setPipelineState(1, PipelineState.RUNNING);
                    case 80 -> k.setConfiguration(dp2, 2, large);
                    case 90 -> k.setPipelineState(2, PipelineState.PAUSED);
                    case 91 -> k.setPipelineState(2, PipelineState.RESET);
                    case 95 -> k.setPipelineState(2, PipelineState.RUNNING);
                    default -> { }
                }
            }
            final List<Long> counts = new ArrayList<>();
            for (int id : new int[] {src, pass, kll, ull, kdp, cap, src2, dp2, cap2}) {
                counts.add(k.report(id).xruns());
                counts.add(k.report(id).deadlineMisses());
            }
            return new Outcome(fx.captured(cap), fx.captured(cap2), k.events(), counts);
        }
    }

    private static void refused(Runnable call) {
        try {
            call.run();
        } catch (org.sofj.api.IpcException expected) {
            return;
        }
        throw new AssertionError("the call was not refused");
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldGiveTheSameBytesAndEventsWithControlCallsAtFixedTicks(ProxyVariant proxy) {
        final Outcome threaded = run(true, proxy);
        final Outcome threadedAgain = run(true, proxy);
        final Outcome inline = run(false, proxy);
        final Outcome inlineAgain = run(false, proxy);
        assertTrue(inline.first().length > TICKS * TestModules.TICK / 8, "audio flowed: "
                + inline.first().length);
        assertTrue(inline.second().length > TICKS * TestModules.TICK / 8, "audio flowed: "
                + inline.second().length);
        assertEquals(RuntimeEvent.Kind.EXCEPTION, inline.events().get(0).kind(),
                inline.events().toString());
        for (Outcome o : List.of(threadedAgain, inline, inlineAgain)) {
            assertArrayEquals(threaded.first(), o.first(), "pipeline 1's bytes");
            assertArrayEquals(threaded.second(), o.second(), "pipeline 2's bytes");
            assertEquals(threaded.events(), o.events(), "the event log");
            assertEquals(threaded.counts(), o.counts(), "xruns and misses per instance");
        }
    }
}
