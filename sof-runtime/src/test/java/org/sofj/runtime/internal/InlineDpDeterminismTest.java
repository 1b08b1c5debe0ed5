package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Inline DP in virtual time (issue 16 item 1): the same topology run with the DP handoff and
 * inline on the tick thread gives the same bytes and the same event log, and twice inline the
 * same again. A user DP module's run inline is switched into its domain: its memory faults and
 * exceptions are contained as on its own thread.
 */
final class InlineDpDeterminismTest {
    private static final int TICKS = 60;

    /** What a run left: both captures and the event log. */
    private record Outcome(int[] clean, int[] rogue, List<RuntimeEvent> events, Thread ranOn,
            boolean faulted) {
    }

    /**
     * Pipeline 1: src -> pass (user DP) -> kpass (kernel LL) -> kpass (kernel DP) -> cap. Pipeline 2: src -> scripted
     * (user DP, throws on its 45th run, after a control call) -> cap.
     */
    private static Outcome run(boolean threads, ProxyVariant proxy) {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().virtualDpThreads(threads)
                .proxyVariant(proxy))) {
            final AtomicReference<Thread> ranOn = new AtomicReference<>();
            final int[] runs = new int[1];
            final TestModules.Script rogue = new TestModules.Script();
            rogue.process = (ctx, sources, sinks) -> {
                ranOn.set(Thread.currentThread());
                if (++runs[0] == 45) {
                    throw new IllegalStateException("boom on run " + runs[0]);
                }
                return 0;
            };
            rogue.setConfig = (ctx, view) -> view.getInt(0) == 5 ? 0 : -22;
            TestModules.SCRIPTS.put("scripted", rogue);
            final Kernel k = fx.kernel;
            k.createPipeline(1, 0);
            k.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final int src = fx.create("src", 0, 1, ProcDomain.LL);
            final int pass = fx.create("pass", 0, 1, ProcDomain.DP);
            final int between = fx.create("kpass", 0, 1, ProcDomain.LL);
            final int kpass = fx.create("kpass", 1, 1, ProcDomain.DP);
            final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
            k.bind(src, 0, pass, 0);
            k.bind(pass, 0, between, 0); // DP to DP is SOF's error: an LL module between
            k.bind(between, 0, kpass, 0);
            k.bind(kpass, 0, cap, 0);
            final int[] two = RuntimeFixture.chain(k, 2, 1, "scripted", ProcDomain.DP);
            final int bad = two[1];
            final int cap2 = two[2];
            k.setPipelineState(1, PipelineState.RUNNING);
            k.setPipelineState(2, PipelineState.RUNNING);
            fx.ticks(TICKS / 2);
            k.setConfiguration(bad, 1, new byte[] {5, 0, 0, 0}); // a control call mid-run
            fx.ticks(TICKS / 2);
            return new Outcome(fx.captured(cap), fx.captured(cap2), k.events(), ranOn.get(),
                    fx.component(bad).faulted);
        }
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldGiveTheSameBytesAndEventsInlineAsWithTheHandoff(ProxyVariant proxy) {
        final Outcome threaded = run(true, proxy);
        final Outcome inline = run(false, proxy);
        final Outcome again = run(false, proxy);
        assertTrue(threaded.clean().length > (TICKS - 10) * TestModules.TICK / 4, "audio flowed");
        assertArrayEquals(threaded.clean(), inline.clean(), "the clean pipeline's bytes");
        assertArrayEquals(threaded.rogue(), inline.rogue(), "the rogue's, silence after its fault");
        assertEquals(threaded.events(), inline.events(), "the same event log");
        assertArrayEquals(inline.clean(), again.clean(), "inline twice: the same bytes");
        assertEquals(inline.events(), again.events(), "and the same events");
        assertTrue(inline.faulted() && threaded.faulted());
        assertEquals(RuntimeEvent.Kind.EXCEPTION, inline.events().get(0).kind());
        assertTrue(inline.events().get(0).detail().contains("boom on run 45"),
                inline.events().get(0).detail());
        assertSame(Thread.currentThread(), inline.ranOn(), "inline: on the tick thread");
        assertFalse(Thread.currentThread() == threaded.ranOn(), "handoff: on its DP thread");
    }
}
