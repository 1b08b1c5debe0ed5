package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleContext;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Control calls from several threads at once while the instance processes: small, large
 * (fragmented) and read-back configuration, pipeline states in any order (PAUSED, RUNNING and
 * RESET from whatever state the others left), unbind and bind, delete and re-create, and at the
 * end the runtime's close while the calls and the ticks go on. The module under test records in
 * one counter whether any of its methods (init, prepare, trigger, reset, bind, unbind, set and
 * get configuration, process, free) is entered while another of them runs, and whether any is
 * entered on an instance after its free. Every call must return: served, or refused with an
 * {@link IpcException} or "the runtime is closed"; every thread ends within its bound; nothing
 * is FAULTED. User and kernel mode, LL and DP (inline on the tick thread and on its own thread),
 * both proxy variants, the virtual clock on an embedder's thread and the wall clock.
 */
final class ControlStormTest {
    /** How long the control threads call before the close: real time, a bound. */
    private static final long STORM_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    private static final long BOUND_MILLIS = TimeUnit.SECONDS.toMillis(60);
    /** Process calls the pipeline-stopping threads wait for after each round (bounded). */
    private static final int SETTLE_CALLS = 5;
    private static final byte[] SMALL = {1, 2, 3, 4};
    /** Past the hostbox: the typed call sends it in fragments, one boundary for all. */
    private static final byte[] LARGE = new byte[Configs.MAX_BLOB];

    @ParameterizedTest(name = "{0} {1}, dp threads {2}, {3}, {4}")
    @CsvSource({
        "scripted, LL, false, SHARED_WORKER, VIRTUAL",
        "scripted, DP, false, SHARED_WORKER, VIRTUAL",
        "scripted, DP, false, DP_THREAD, VIRTUAL",
        "scripted, DP, true, SHARED_WORKER, VIRTUAL",
        "scripted, DP, true, DP_THREAD, VIRTUAL",
        "kscript, LL, false, SHARED_WORKER, VIRTUAL",
        "kscript, DP, false, SHARED_WORKER, VIRTUAL",
        "kscript, DP, true, SHARED_WORKER, VIRTUAL",
        "scripted, LL, false, SHARED_WORKER, WALL",
        "scripted, DP, false, SHARED_WORKER, WALL",
        "scripted, DP, false, DP_THREAD, WALL",
        "kscript, LL, false, SHARED_WORKER, WALL",
    })
    void shouldNeverEnterAnInstanceTwiceAtOnceUnderControlCallsFromManyThreads(String type,
            ProcDomain domain, boolean dpThreads, ProxyVariant proxy,
            SchedulerConfig.Clock clock) throws Exception {
        final Probe probe = new Probe();
        TestModules.SCRIPTS.put(type, probe.script);
        final boolean virtual = clock == SchedulerConfig.Clock.VIRTUAL;
        final Kernel kernel = (Kernel) SofRuntime.builder().builtIn(new TestModules())
                .clock(clock).virtualDpThreads(dpThreads).proxyVariant(proxy)
                // about overlap, not about a loaded host: no budget or watchdog fault may end it
                .deadlineMissBudget(Integer.MAX_VALUE).watchdogTicks(60_000).build();
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        final AtomicInteger served = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        try {
            final int[] chain = RuntimeFixture.chain(kernel, 1, 0, type, domain);
            final int src = chain[0];
            final int mid = chain[1];
            final int cap = chain[2];
            kernel.setPipelineState(1, PipelineState.RUNNING);
            if (!virtual) {
                kernel.start();
            }
            threads.add(new Thread(() -> {
                try {
                    while (virtual && !stop.get()) { // the wall clock ticks by itself
                        kernel.runTicks(1);
                    }
                } catch (RuntimeException e) {
                    if (!stop.get()) {
                        unexpected.add("embedder-ticks: " + e);
                    }
                }
            }, "embedder-ticks"));
            final Call[] configs = {
                () -> kernel.setConfiguration(mid, 0, SMALL),
                () -> kernel.getConfiguration(mid, 0),
                () -> kernel.setConfiguration(mid, 1, LARGE),
            };
            final Call[] states = {
                () -> kernel.setPipelineState(1, PipelineState.PAUSED),
                () -> kernel.setPipelineState(1, PipelineState.RUNNING),
                () -> kernel.setPipelineState(1, PipelineState.RESET),
                () -> kernel.setPipelineState(1, PipelineState.RUNNING),
            };
            final Call[] graph = {
                () -> kernel.unbind(mid, 0, cap, 0),
                () -> kernel.bind(mid, 0, cap, 0),
                () -> kernel.getConfiguration(mid, 2),
            };
            final Call[] lifecycle = {
                () -> kernel.setPipelineState(1, PipelineState.RESET),
                () -> kernel.unbind(src, 0, mid, 0),
                () -> kernel.unbind(mid, 0, cap, 0),
                () -> kernel.deleteInstance(mid),
                () -> RuntimeFixture.create(kernel, type, 0, 1, domain),
                () -> kernel.bind(src, 0, mid, 0),
                () -> kernel.bind(mid, 0, cap, 0),
                () -> kernel.setPipelineState(1, PipelineState.RUNNING),
            };
            final List<Call[]> work = List.of(configs, configs, states, graph, lifecycle);
            final CountDownLatch rounds = new CountDownLatch(work.size());
            for (Call[] calls : work) {
                // the threads that stop the pipeline let it process a little after each round
                final boolean stops = calls == states || calls == lifecycle;
                threads.add(new Thread(() -> {
                    final long end = System.nanoTime() + STORM_NANOS;
                    while (!stop.get() && System.nanoTime() - end < 0) {
                        for (Call c : calls) {
                            call(c, served, refused, unexpected);
                        }
                        if (stops) {
                            probe.awaitProcessing(SETTLE_CALLS);
                        }
                    }
                    rounds.countDown();
                    while (!stop.get()) { // until the close, which each call must survive
                        call(calls[0], served, refused, unexpected);
                    }
                }, "control-" + threads.size()));
            }
            threads.forEach(Thread::start);
            assertTrue(rounds.await(BOUND_MILLIS, TimeUnit.MILLISECONDS), "every control "
                    + "thread's storm ended: " + served + " calls served, " + refused
                    + " refused");
        } finally {
            kernel.close(); // while the other threads still call and tick
            stop.set(true);
            for (Thread t : threads) {
                t.join(BOUND_MILLIS);
            }
            TestModules.SCRIPTS.clear();
        }
        for (Thread t : threads) {
            assertTrue(!t.isAlive(), t.getName() + " ended: every call returned");
        }
        assertEquals(List.of(), List.copyOf(unexpected), "every call served or refused cleanly");
        assertEquals(0, probe.overlaps.get(), "methods entered while another ran, or after "
                + "free: " + probe.seen);
        assertTrue(probe.processed.get() > 0, "the instance processed meanwhile");
        assertTrue(served.get() > 0, "control calls were served: " + served + " refused "
                + refused);
        assertEquals(List.of(), kernel.events(), "nothing FAULTED");
    }

    /** One control call. */
    private interface Call {
        void run();
    }

    private static void call(Call c, AtomicInteger served, AtomicInteger refused,
            Queue<String> unexpected) {
        try {
            c.run();
            served.incrementAndGet();
        } catch (IpcException e) {
            refused.incrementAndGet(); // refused cleanly (a state, a missing instance, ...)
        } catch (IllegalStateException e) {
            if (!"the runtime is closed".equals(e.getMessage())) {
                unexpected.add(Thread.currentThread().getName() + ": " + e);
            }
        } catch (RuntimeException e) {
            unexpected.add(Thread.currentThread().getName() + ": " + e);
        }
    }

    /**
     * Counts every method of the instances of one type in and out of one counter; an entry that
     * finds another method inside, or that comes to an instance after its free, is an overlap.
     * Spins a little inside each method, so an overlap has room to show. Allocates only to
     * describe an overlap (a user module is charged its allocations).
     */
    private static final class Probe {
        private static final int DESCRIBED = 10;
        final TestModules.Script script = new TestModules.Script();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger processed = new AtomicInteger();
        final Queue<String> seen = new ConcurrentLinkedQueue<>();
        private final AtomicInteger inside = new AtomicInteger();
        /** The context of the instance freed last: no method may be entered with it again. */
        private volatile ModuleContext freed;

        Probe() {
            script.init = ctx -> enter("init", ctx);
            script.prepare = ctx -> enter("prepare", ctx);
            script.reset = ctx -> enter("reset", ctx);
            script.trigger = (ctx, cmd) -> enter("trigger", ctx);
            script.setConfig = (ctx, view) -> enter("set_config", ctx);
            script.getConfig = (ctx, view) -> enter("get_config", ctx);
            script.bind = (ctx, info) -> enter("bind", ctx);
            script.unbind = (ctx, info) -> enter("unbind", ctx);
            script.process = (ctx, sources, sinks) -> {
                processed.incrementAndGet();
                return enter("process", ctx);
            };
            script.free = ctx -> {
                final int rc = enter("free", ctx);
                freed = ctx;
                return rc;
            };
        }

        /**
         * Waits until {@code calls} more process calls have begun, or 50 ms of real time (the
         * pipeline may be stopped by another thread): a bounded wait.
         */
        void awaitProcessing(int calls) {
            final int target = processed.get() + calls;
            final long bound = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            while (processed.get() < target && System.nanoTime() - bound < 0) {
                LockSupport.parkNanos(50_000L);
            }
        }

        private int enter(String what, ModuleContext ctx) {
            final boolean other = inside.getAndIncrement() != 0;
            if ((other || ctx == freed) && overlaps.incrementAndGet() <= DESCRIBED) {
                seen.add(what + (other ? " while another method ran" : " after free") + " on "
                        + Thread.currentThread().getName());
            }
            for (int i = 0; i < 200; i++) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
            return 0;
        }
    }
}
