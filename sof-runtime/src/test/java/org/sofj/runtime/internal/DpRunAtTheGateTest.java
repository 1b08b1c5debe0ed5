package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A DP run that was posted (its task RUNNING, its thread woken) but reached the instance's gate
 * while the kernel held it: the interleaving behind {@link ChurnStressTest}'s rare overlaps. The
 * kernel cancels and frees DP tasks while it holds the gate (RESET, PAUSE, delete), and the
 * cancel waits for the body to return; a body that kept waiting for the gate made that wait run
 * to its 5 s bound, silently, and then called {@code process} after the request had returned:
 * on a PAUSED or READY instance, or on one already deleted while a new instance of the same type
 * was being prepared. Real DP threads on the wall clock; the test pins the run at the gate by
 * holding the gate itself, as the kernel's own boundary would if it opened a moment after the
 * run was posted. Every wait is bounded; nothing asserts a time.
 */
final class DpRunAtTheGateTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final AtomicInteger processCalls = new AtomicInteger();
    private Kernel rt;

    @AfterEach
    void close() {
        if (rt != null) {
            rt.close();
        }
        TestModules.SCRIPTS.clear();
    }

    /** A running DP instance with no pins (ready every tick), its thread waiting at the gate. */
    private Component runningDpInstanceWaitingAtTheGate(ProxyVariant proxy) {
        final TestModules.Script script = new TestModules.Script();
        script.process = (ctx, sources, sinks) -> {
            processCalls.incrementAndGet();
            return 0;
        };
        TestModules.SCRIPTS.put("scripted", script);
        rt = (Kernel) SofRuntime.builder().builtIn(new TestModules())
                .clock(SchedulerConfig.Clock.WALL).proxyVariant(proxy)
                .deadlineMissBudget(Integer.MAX_VALUE).watchdogTicks(600_000).build();
        rt.createPipeline(1, 0);
        rt.setPipelineState(1, PipelineState.RESET);
        final int id = rt.initInstance(new InstanceSpec(TestModules.moduleId("scripted"), 0, 0,
                1, ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, 0));
        rt.setPipelineState(1, PipelineState.RUNNING);
        rt.start();
        await(() -> processCalls.get() > 0, "a first DP run");
        final Component c = rt.ipc(() -> rt.state.components.get(id));
        assertTrue(c.holdForKernel(BOUND_NANOS, c.dpThread), "the test holds the gate");
        await(() -> atTheGate(c.dpThread), "the next DP run waiting at the gate");
        return c;
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldEndTheDpThreadBeforeADeleteReturnsThoughItsRunWaitedAtTheGate(
            ProxyVariant proxy) {
        final Component c = runningDpInstanceWaitingAtTheGate(proxy);
        final Thread dp = c.dpThread;
        final int before = processCalls.get();
        rt.setPipelineState(1, PipelineState.RESET);
        rt.deleteInstance(c.componentId);
        final boolean alive = dp.isAlive();
        c.releaseForKernel(); // the test's own hold; a live thread would now run process
        assertFalse(alive, "deleteInstance returned while the deleted instance's DP thread was "
                + "still alive, waiting to run process: SOF frees a component only after its "
                + "task is stopped");
        assertEquals(before, processCalls.get(), "process ran after its instance was reset");
        assertEquals(java.util.List.of(), rt.events(), "nothing FAULTED");
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldNotProcessAfterAPauseReturnedThoughTheRunWasPostedBefore(ProxyVariant proxy) {
        shouldNotProcessAfter(proxy, PipelineState.PAUSED);
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldNotProcessAfterAResetReturnedThoughTheRunWasPostedBefore(ProxyVariant proxy) {
        shouldNotProcessAfter(proxy, PipelineState.RESET);
    }

    private void shouldNotProcessAfter(ProxyVariant proxy, PipelineState state) {
        final Component c = runningDpInstanceWaitingAtTheGate(proxy);
        final long ended = c.dpRunsEnded;
        rt.setPipelineState(1, state);
        final int after = processCalls.get();
        c.releaseForKernel();
        // the run that waited has ended; under A2 the task stays scheduled (its thread carries
        // the IPC), so later ticks post more runs: a few of them end too
        final long runs = proxy == ProxyVariant.DP_THREAD ? 3 : 1;
        await(() -> c.dpRunsEnded >= ended + runs, runs + " DP runs ended after " + state);
        assertEquals(after, processCalls.get(), "process calls after " + state + " returned");
        assertEquals(java.util.List.of(), rt.events(), "nothing FAULTED");
        rt.setPipelineState(1, PipelineState.RUNNING);
        final int resumed = processCalls.get();
        await(() -> processCalls.get() > resumed, "process again once RUNNING");
    }

    private static boolean atTheGate(Thread t) {
        for (StackTraceElement e : t.getStackTrace()) {
            if (e.getClassName().equals(Component.class.getName())
                    && e.getMethodName().equals("enterDpRun")) {
                return true;
            }
        }
        return false;
    }

    /** A bounded wait on real threads; fails the test with what it waited for. */
    private static void await(BooleanSupplier condition, String what) {
        final long limit = System.nanoTime() + BOUND_NANOS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() - limit < 0, "gave up waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
