package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The user LL overrun rule on the wall clock is judged by the module's own CPU time, as a DP
 * run's deadline is: time the host takes inside a healthy module's call (here the injected
 * clock jumps 5 ms inside the call, as a GC pause or a descheduled tick thread would make it)
 * is not charged, while a call that really computes longer than the tick still is. Real tick
 * thread, injected clock stepped by the test, every wait bounded.
 */
final class UserLlHostStallTest {
    private static final long MS = SteppedClock.MS;
    private static final long BOUND = SteppedClock.BOUND;
    private static final int AFTER_GRACE = (int) PipelineTask.USER_LL_GRACE_RUNS + 5;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final SteppedClock now = new SteppedClock();
    private SofRuntime rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
        TestModules.SCRIPTS.clear();
    }

    @Test
    void shouldNotChargeAHealthyUserLlModuleForTimeTheHostTookInsideItsCall() {
        final AtomicInteger calls = new AtomicInteger();
        final TestModules.Script healthy = new TestModules.Script();
        healthy.process = (ctx, sources, sinks) -> {
            if (calls.incrementAndGet() > AFTER_GRACE) {
                now.advance(5 * MS); // the host stops the tick thread inside the call
            }
            return 0;
        };
        final int id = start(healthy, 0);
        final long limit = System.nanoTime() + BOUND;
        while (calls.get() < AFTER_GRACE + 20 && rt.events().isEmpty()
                && System.nanoTime() < limit) {
            step(MS);
        }
        assertEquals(List.of(), rt.events(), "stalled calls, each 5 ms of real time");
        assertEquals(0, rt.report(id).deadlineMisses());
        assertTrue(calls.get() >= AFTER_GRACE + 20, "calls: " + calls.get());
    }

    @Test
    void shouldStillFaultAUserLlModuleWhoseCallsComputeLongerThanTheTick() {
        final AtomicInteger calls = new AtomicInteger();
        final TestModules.Script slow = new TestModules.Script();
        slow.process = (ctx, sources, sinks) -> {
            if (calls.incrementAndGet() > AFTER_GRACE) {
                // 1.5 ms of this thread's own CPU time, and the clock moves as far
                final long until = THREADS.getCurrentThreadCpuTime() + 3 * MS / 2;
                while (THREADS.getCurrentThreadCpuTime() < until) {
                    Thread.onSpinWait();
                }
                now.advance(2 * MS);
            }
            return 0;
        };
        final int id = start(slow, 2);
        final long limit = System.nanoTime() + BOUND;
        while (rt.events().isEmpty() && System.nanoTime() < limit) {
            step(MS);
        }
        final List<RuntimeEvent> events = rt.events();
        assertEquals(1, events.size(), events.toString());
        assertEquals(RuntimeEvent.Kind.DEADLINE, events.get(0).kind());
        assertTrue(events.get(0).detail().contains("of CPU time"), events.get(0).detail());
        assertEquals(3, rt.report(id).deadlineMisses(), "the third overrun passed a budget of 2");
        assertTrue(calls.get() >= AFTER_GRACE + 3, "calls: " + calls.get());
    }

    @Test
    void shouldNotLetAUserLlModuleOverrunThroughTheWholeStartUpGrace() {
        // the grace forgives the JIT's first slow calls, 1000 of them; a module that overruns
        // from its first call by 30 ms of CPU each would hold the core for 30 s unpunished
        // (up to 1000 s at just under the hang watchdog's 1 s a call). The grace also ends once
        // its overruns have spent 1 s: about 34 such calls, then the budget of 2
        final AtomicInteger calls = new AtomicInteger();
        final TestModules.Script greedy = new TestModules.Script();
        greedy.process = (ctx, sources, sinks) -> {
            calls.incrementAndGet();
            final long until = THREADS.getCurrentThreadCpuTime() + 30 * MS;
            while (THREADS.getCurrentThreadCpuTime() < until) {
                Thread.onSpinWait();
            }
            now.advance(31 * MS);
            return 0;
        };
        final int id = start(greedy, 2);
        final long limit = System.nanoTime() + 3 * BOUND;
        while (rt.events().isEmpty() && System.nanoTime() < limit) {
            step(MS);
        }
        final List<RuntimeEvent> events = rt.events();
        assertEquals(1, events.size(), events.toString());
        assertEquals(RuntimeEvent.Kind.DEADLINE, events.get(0).kind());
        assertEquals(3, rt.report(id).deadlineMisses(), "the third overrun passed a budget of 2");
        assertTrue(calls.get() < 100, "FAULTED after " + calls.get() + " calls, not at the end "
                + "of a grace of " + PipelineTask.USER_LL_GRACE_RUNS);
    }

    /** src -> {@code script} (user LL) -> cap on the wall clock, started; the scripted id. */
    private int start(TestModules.Script script, int budget) {
        TestModules.SCRIPTS.put("scripted", script);
        rt = SofRuntime.builder().builtIn(new TestModules()).clock(SchedulerConfig.Clock.WALL)
                .nanoTime(now).deadlineMissBudget(budget).build();
        rt.createPipeline(1, 0);
        rt.setPipelineState(1, PipelineState.RESET);
        final int src = create("src");
        final int body = create("scripted");
        final int cap = create("cap");
        rt.bind(src, 0, body, 0);
        rt.bind(body, 0, cap, 0);
        rt.setPipelineState(1, PipelineState.RUNNING);
        rt.start();
        return body;
    }

    private int create(String name) {
        return rt.initInstance(new InstanceSpec(TestModules.moduleId(name), 0, 0, 1, ProcDomain.LL,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    private void step(long nanos) {
        now.step(rt, nanos);
    }
}
