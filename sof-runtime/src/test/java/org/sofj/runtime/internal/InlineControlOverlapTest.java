package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The virtual clock with inline DP (the default): the ticks run on a thread of the embedder's
 * (here one test thread calling {@code runTicks}) while another thread makes control calls to a
 * kernel LL and a user DP instance whose DP runs happen inline on the tick thread. No control
 * call may overlap the module's own {@code process}, as under the wall clock
 * ({@code ChurnStressTest} covers threaded DP); every wait is bounded.
 */
final class InlineControlOverlapTest {
    private static final int CALLS = 400;

    @Test
    void shouldNeverOverlapAControlCallWithAnInlineProcessRunOnAnotherThread() throws Exception {
        final AtomicInteger overlaps = new AtomicInteger();
        final Queue<String> seen = new ConcurrentLinkedQueue<>();
        final AtomicBoolean userIn = new AtomicBoolean();
        final AtomicBoolean kernelIn = new AtomicBoolean();
        TestModules.SCRIPTS.put("scripted", script("user DP", userIn, overlaps, seen));
        TestModules.SCRIPTS.put("kscript", script("kernel LL", kernelIn, overlaps, seen));
        // the runtime's own clock (the proxy timeout is real time); the ticks are virtual
        try (Holder fx = new Holder((Kernel) SofRuntime.builder().builtIn(new TestModules())
                .build())) {
            fx.kernel.createPipeline(1, 0);
            fx.kernel.setPipelineState(1, PipelineState.RESET);
            final int src = fx.create("src", ProcDomain.LL);
            final int k = fx.create("kscript", ProcDomain.LL);
            final int dp = fx.create("scripted", ProcDomain.DP);
            final int cap = fx.create("cap", ProcDomain.LL);
            fx.kernel.bind(src, 0, k, 0);
            fx.kernel.bind(k, 0, dp, 0);
            fx.kernel.bind(dp, 0, cap, 0);
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            final AtomicBoolean stop = new AtomicBoolean();
            final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            final Thread ticker = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        fx.kernel.runTicks(1);
                    }
                } catch (Throwable t) {
                    errors.add(t);
                }
            }, "embedder-ticks");
            ticker.start();
            final byte[] blob = {1, 2, 3, 4};
            for (int i = 0; i < CALLS; i++) {
                fx.kernel.setConfiguration(k, 0, blob);
                fx.kernel.setConfiguration(dp, 0, blob);
                fx.kernel.getConfiguration(dp, 0);
            }
            stop.set(true);
            ticker.join(20_000);
            assertFalse(ticker.isAlive(), "the tick thread ended");
            assertEquals(List.of(), List.copyOf(errors));
            assertEquals(List.of(), fx.kernel.events(), "nothing FAULTED");
            assertEquals(0, overlaps.get(), "control calls that overlapped process: " + seen);
            assertTrue(fx.kernel.ticks() > 0, "ticks ran meanwhile");
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    /** The runtime under test, closed after it. */
    private record Holder(Kernel kernel) implements AutoCloseable {
        int create(String name, ProcDomain domain) {
            return kernel.initInstance(new InstanceSpec(TestModules.moduleId(name), 0, 0, 1,
                    domain, RuntimeFixture.CONFIG, null, 0, 0));
        }

        @Override
        public void close() {
            kernel.close();
        }
    }

    private static TestModules.Script script(String who, AtomicBoolean in, AtomicInteger overlaps,
            Queue<String> seen) {
        final TestModules.Script s = new TestModules.Script();
        s.process = (ctx, sources, sinks) -> {
            in.set(true);
            for (int i = 0; i < 200; i++) {
                Thread.onSpinWait(); // a while inside process, so an overlap has room to show
            }
            in.set(false);
            return 0;
        };
        s.setConfig = (ctx, view) -> check(who + " set", in, overlaps, seen);
        s.getConfig = (ctx, view) -> check(who + " get", in, overlaps, seen);
        return s;
    }

    private static int check(String what, AtomicBoolean in, AtomicInteger overlaps,
            Queue<String> seen) {
        if (in.get()) {
            overlaps.incrementAndGet();
            seen.add(what + " on " + Thread.currentThread().getName());
        }
        return 0;
    }
}
