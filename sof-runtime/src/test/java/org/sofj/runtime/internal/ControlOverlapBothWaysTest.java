package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * No method of a module instance is ever entered while another of its methods runs: a control
 * call never starts inside {@code process}, and {@code process} never starts inside a control
 * call ({@code InlineControlOverlapTest} looks in the first direction only). The ticks run on an
 * embedder's thread (or, on the wall clock, the runtime's own) while the test thread makes
 * control calls, for a user module in LL, in DP run inline on the tick thread and in DP on its
 * own thread, and a kernel LL module, under both proxy variants. Every method counts itself in and out of one counter per instance and spins a
 * little inside, so an overlap in either direction has room to show. Every wait is bounded.
 */
final class ControlOverlapBothWaysTest {
    private static final int CALLS = 300;

    @ParameterizedTest(name = "{0} {1}, dp threads {2}, {3}, {4}")
    @CsvSource({
        "scripted, LL, false, SHARED_WORKER, VIRTUAL",
        "scripted, LL, false, DP_THREAD, VIRTUAL",
        "scripted, DP, false, SHARED_WORKER, VIRTUAL",
        "scripted, DP, false, DP_THREAD, VIRTUAL",
        "scripted, DP, true, SHARED_WORKER, VIRTUAL",
        "scripted, DP, true, DP_THREAD, VIRTUAL",
        "kscript, LL, false, SHARED_WORKER, VIRTUAL",
        "scripted, LL, false, SHARED_WORKER, WALL",
        "scripted, DP, false, DP_THREAD, WALL",
        "kscript, LL, false, SHARED_WORKER, WALL",
    })
    void shouldNeverEnterAnInstanceTwiceAtOnce(String type, ProcDomain domain,
            boolean dpThreads, ProxyVariant proxy, SchedulerConfig.Clock clock) throws Exception {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final Queue<String> seen = new ConcurrentLinkedQueue<>();
        final TestModules.Script s = new TestModules.Script();
        s.process = (ctx, sources, sinks) -> enter("process", inside, overlaps, seen);
        s.setConfig = (ctx, view) -> enter("set_config", inside, overlaps, seen);
        s.getConfig = (ctx, view) -> enter("get_config", inside, overlaps, seen);
        TestModules.SCRIPTS.put(type, s);
        final boolean virtual = clock == SchedulerConfig.Clock.VIRTUAL;
        final Kernel kernel = (Kernel) SofRuntime.builder().builtIn(new TestModules())
                .clock(clock).virtualDpThreads(dpThreads).proxyVariant(proxy)
                // about overlap, not about a loaded host: no budget or watchdog fault may end it
                .deadlineMissBudget(Integer.MAX_VALUE).watchdogTicks(60_000).build();
        try {
            final int mid = RuntimeFixture.chain(kernel, 1, 0, type, domain)[1];
            kernel.setPipelineState(1, PipelineState.RUNNING);
            if (!virtual) {
                kernel.start();
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            final Thread ticker = new Thread(() -> {
                try {
                    while (virtual && !stop.get()) { // the wall clock ticks by itself
                        kernel.runTicks(1);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "embedder-ticks");
            ticker.start();
            final byte[] blob = {1, 2, 3, 4};
            try {
                for (int i = 0; i < CALLS; i++) {
                    kernel.setConfiguration(mid, 0, blob);
                    kernel.getConfiguration(mid, 0);
                }
            } finally {
                stop.set(true);
                ticker.join(20_000);
            }
            assertFalse(ticker.isAlive(), "the tick thread ended");
            assertEquals(List.of(), List.copyOf(errors));
            assertEquals(List.of(), kernel.events(), "nothing FAULTED");
            assertTrue(kernel.ticks() > 0, "ticks ran meanwhile");
            assertEquals(0, overlaps.get(), "methods entered while another ran: " + seen);
        } finally {
            kernel.close();
            TestModules.SCRIPTS.clear();
        }
    }

    /** Counts the method in, spins a little, counts it out; an entry that finds one inside is an overlap. */
    private static int enter(String what, AtomicInteger inside, AtomicInteger overlaps,
            Queue<String> seen) {
        if (inside.getAndIncrement() != 0) {
            overlaps.incrementAndGet();
            if (seen.size() < 10) {
                seen.add(what + " on " + Thread.currentThread().getName());
            }
        }
        for (int i = 0; i < 200; i++) {
            Thread.onSpinWait();
        }
        inside.decrementAndGet();
        return 0;
    }
}
