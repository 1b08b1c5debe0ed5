package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.IpcException;
import org.sofj.api.TriggerCommand;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A control call that times out leaves what a later call can use: for each operation a user
 * module may be called in (prepare, START, PAUSE, reset, set and get configuration, bind, unbind,
 * free), the module computes past the proxy timeout (SOF's 5 ms) once. The call returns within
 * its bound; the instance is FAULTED with one TIMEOUT and nothing else is charged; the pipeline
 * is in a state of the table (never PREPARE); and then a RESET, the unbinds and the delete of
 * the FAULTED instance succeed, and the pipeline runs again without it, its audio flowing. User
 * LL and user DP, both proxy variants. Every wait is bounded.
 */
final class TimedOutControlCallTest {
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);

    @ParameterizedTest(name = "{0} of a user {1}, {2}")
    @CsvSource({
        "prepare, DP, SHARED_WORKER", "prepare, DP, DP_THREAD", "prepare, LL, SHARED_WORKER",
        "start, DP, SHARED_WORKER", "start, DP, DP_THREAD", "start, LL, SHARED_WORKER",
        "pause, DP, SHARED_WORKER", "pause, DP, DP_THREAD", "pause, LL, SHARED_WORKER",
        "reset, DP, SHARED_WORKER", "reset, DP, DP_THREAD", "reset, LL, SHARED_WORKER",
        "set_config, DP, SHARED_WORKER", "set_config, DP, DP_THREAD", "set_config, LL, SHARED_WORKER",
        "get_config, DP, SHARED_WORKER", "get_config, DP, DP_THREAD", "get_config, LL, SHARED_WORKER",
        "bind, DP, SHARED_WORKER", "bind, DP, DP_THREAD", "bind, LL, SHARED_WORKER",
        "unbind, DP, SHARED_WORKER", "unbind, DP, DP_THREAD", "unbind, LL, SHARED_WORKER",
        "free, DP, SHARED_WORKER", "free, DP, DP_THREAD", "free, LL, SHARED_WORKER",
    })
    void shouldLeaveAUsableStateAfterACallThatTimedOut(String op, ProcDomain domain,
            ProxyVariant proxy) {
        final CountDownLatch release = new CountDownLatch(1);
        final TestModules.Script s = new TestModules.Script();
        final TestModules.OpHook stuck = ctx -> spinUntil(release);
        switch (op) {
            case "prepare" -> s.prepare = stuck;
            case "start" -> s.trigger = (ctx, cmd) -> cmd == TriggerCommand.START
                    ? spinUntil(release) : 0;
            case "pause" -> s.trigger = (ctx, cmd) -> cmd == TriggerCommand.PAUSE
                    ? spinUntil(release) : 0;
            case "reset" -> s.reset = stuck;
            case "set_config" -> s.setConfig = (ctx, view) -> spinUntil(release);
            case "get_config" -> s.getConfig = (ctx, view) -> spinUntil(release);
            case "bind" -> s.bind = (ctx, info) -> spinUntil(release);
            case "unbind" -> s.unbind = (ctx, info) -> spinUntil(release);
            case "free" -> s.free = stuck;
            default -> throw new IllegalArgumentException(op);
        }
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().proxyVariant(proxy))) {
            final Kernel k = fx.kernel;
            final TestModules.Script quiet = new TestModules.Script(); // no hook until armed
            TestModules.SCRIPTS.put("scripted", quiet);
            final int[] chain = RuntimeFixture.chain(k, 1, 0, "scripted", domain);
            final int src = chain[0];
            final int mid = chain[1];
            final int cap = chain[2];
            if (!Set.of("prepare", "start", "bind", "unbind").contains(op)) {
                k.setPipelineState(1, PipelineState.RUNNING);
                fx.ticks(5);
            }
            TestModules.SCRIPTS.put("scripted", s); // armed
            final long start = System.nanoTime();
            try {
                switch (op) {
                    case "prepare", "start" -> k.setPipelineState(1, PipelineState.RUNNING);
                    case "pause" -> k.setPipelineState(1, PipelineState.PAUSED);
                    case "reset" -> k.setPipelineState(1, PipelineState.RESET);
                    case "set_config" -> k.setConfiguration(mid, 0, new byte[] {1, 2, 3, 4});
                    case "get_config" -> k.getConfiguration(mid, 0);
                    case "bind" -> {
                        k.unbind(mid, 0, cap, 0);
                        k.bind(mid, 0, cap, 0);
                    }
                    case "unbind" -> k.unbind(mid, 0, cap, 0);
                    default -> {
                        k.setPipelineState(1, PipelineState.RESET);
                        k.unbind(src, 0, mid, 0);
                        k.unbind(mid, 0, cap, 0);
                        k.deleteInstance(mid);
                    }
                }
            } catch (IpcException refused) {
                // the call's answer; what it left is checked below
            } finally {
                release.countDown();
            }
            assertTrue(System.nanoTime() - start < BOUND_NANOS, "the call returned in time");
            final List<RuntimeEvent> events = k.events();
            assertEquals(1, events.size(), events.toString());
            assertEquals(RuntimeEvent.Kind.TIMEOUT, events.get(0).kind(), events.toString());
            assertEquals(mid, events.get(0).componentId(), events.toString());
            final Pipeline.Status status = k.ipc(() -> k.state.pipelines.get(1).status);
            assertTrue(status == Pipeline.Status.READY || status == Pipeline.Status.ACTIVE
                    || status == Pipeline.Status.PAUSED, "a state of the table: " + status);
            // what a later call can do: stop, take the FAULTED instance out, run without it
            k.setPipelineState(1, PipelineState.RESET);
            if (k.instances().contains(mid)) {
                unbindIfBound(k, src, mid);
                unbindIfBound(k, mid, cap);
                k.deleteInstance(mid);
            }
            assertFalse(k.instances().contains(mid), "the FAULTED instance was deleted");
            unbindIfBound(k, src, cap);
            k.bind(src, 0, cap, 0);
            k.setPipelineState(1, PipelineState.RUNNING);
            final int before = fx.captured(cap).length;
            fx.ticks(10);
            assertTrue(fx.captured(cap).length > before, "the pipeline runs again without it");
            assertEquals(1, k.events().size(), "nothing more charged: " + k.events());
        } finally {
            release.countDown();
        }
    }

    /** Unbinds {@code a -> b} if that edge exists (a timed-out bind or unbind may leave either). */
    private static void unbindIfBound(Kernel k, int a, int b) {
        try {
            k.unbind(a, 0, b, 0);
        } catch (IpcException notBound) {
            // not bound: nothing to undo
        }
    }

    /** Computes (spins) until {@code release} or a bound of real time; returns 0. */
    private static int spinUntil(CountDownLatch release) {
        final long bound = System.nanoTime() + BOUND_NANOS;
        while (release.getCount() > 0 && System.nanoTime() - bound < 0) {
            Thread.onSpinWait();
        }
        return 0;
    }
}
