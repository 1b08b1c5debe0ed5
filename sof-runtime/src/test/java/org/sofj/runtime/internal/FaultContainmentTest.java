package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SharingPolicy;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Fault containment end to end: a user module touching what it must not FAULTs that instance
 * only; the pipeline beside it produces bit-identical output compared with a run without it.
 */
final class FaultContainmentTest {
    private static final int TICKS = 40;

    /** What the misbehaving module reads in process(). */
    enum Target {
        OTHER_TYPES_HEAP(fx -> fx.component(fx.passId).driver.heap.start()),
        OWN_HEAP_STRUCT(fx -> fx.component(fx.evilId).driver.heap.controlPartition().start()),
        HOSTBOX_OUTSIDE_A_CALL(fx -> fx.kernel.state.memory.map().region("hostbox").start()),
        UNCONNECTED_BUFFER(fx -> fx.component(fx.passId).inputArray[0].ring.address()),
        SYSTEM_HEAP(fx -> fx.kernel.state.memory.map().region("system-heap").start() + 64);

        final Function<Setup, Long> address;

        Target(Function<Setup, Long> address) {
            this.address = address;
        }
    }

    /** Pipeline 1: src -> pass (user DP) -> cap; optional pipeline 2: src -> evil -> cap. */
    static final class Setup implements AutoCloseable {
        final RuntimeFixture fx;
        final Kernel kernel;
        int passId;
        int capId;
        int evilId;
        int evilCapId;

        Setup(SharingPolicy sharing, boolean withEvil) {
            this(sharing, withEvil, ProcDomain.DP);
        }

        /** With the misbehaving module in {@code evilDomain}: DP, or LL on the tick thread. */
        Setup(SharingPolicy sharing, boolean withEvil, ProcDomain evilDomain) {
            fx = new RuntimeFixture(sharing);
            kernel = fx.kernel;
            kernel.createPipeline(1, 0);
            kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final int src = fx.create("src", 0, 1, ProcDomain.LL);
            passId = fx.create("pass", 0, 1, ProcDomain.DP);
            capId = fx.create("cap", 0, 1, ProcDomain.LL);
            kernel.bind(src, 0, passId, 0);
            kernel.bind(passId, 0, capId, 0);
            if (withEvil) {
                kernel.createPipeline(2, 0);
                kernel.setPipelineState(2, PipelineState.RESET); // completes it, as SOF needs before RUNNING
                final int src2 = fx.create("src", 1, 2, ProcDomain.LL);
                evilId = fx.create("evil", 0, 2, evilDomain);
                evilCapId = fx.create("cap", 1, 2, ProcDomain.LL);
                kernel.bind(src2, 0, evilId, 0);
                kernel.bind(evilId, 0, evilCapId, 0);
            }
        }

        Component component(int id) {
            return fx.component(id);
        }

        int[] run() {
            kernel.setPipelineState(1, PipelineState.RUNNING);
            if (evilId != 0) {
                kernel.setPipelineState(2, PipelineState.RUNNING);
            }
            fx.ticks(TICKS);
            final TestModules.Capture c = (TestModules.Capture) component(capId).module;
            return Arrays.copyOf(c.captured, c.count);
        }

        @Override
        public void close() {
            fx.close();
        }
    }

    private static int[] baseline() {
        try (Setup alone = new Setup(SharingPolicy.LEAST_PRIVILEGE, false)) {
            return alone.run();
        }
    }

    static Stream<Arguments> targets() {
        return Stream.of(Target.values()).flatMap(t -> Stream.of(Arguments.of(t, ProcDomain.DP),
                Arguments.of(t, ProcDomain.LL)));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("targets")
    void shouldFaultOnlyTheMisbehavingModuleAndLeaveTheOtherOutputIdentical(Target target,
            ProcDomain evilDomain) {
        final int[] expected = baseline();
        try (Setup s = new Setup(SharingPolicy.LEAST_PRIVILEGE, true, evilDomain)) {
            final TestModules.Script evil = new TestModules.Script();
            final long address = target.address.apply(s);
            evil.process = (ctx, sources, sinks) -> ctx.access().getInt(address);
            TestModules.SCRIPTS.put("evil", evil);
            final int[] output = s.run();
            assertArrayEquals(expected, output, "the pipeline beside it is unchanged");
            assertTrue(s.component(s.evilId).faulted);
            assertFalse(s.component(s.passId).faulted);
            final List<RuntimeEvent> events = s.kernel.events();
            assertEquals(1, events.size(), events.toString());
            assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, events.get(0).kind());
            assertEquals(s.evilId, events.get(0).componentId());
            final TestModules.Capture silenced =
                    (TestModules.Capture) s.component(s.evilCapId).module;
            for (int i = 0; i < silenced.count; i++) {
                assertEquals(0, silenced.captured[i], "the faulted module's sink gets silence");
            }
        }
    }

    @Test
    void shouldFaultAViewKeptPastItsTransientGrant() {
        try (Setup s = new Setup(SharingPolicy.LEAST_PRIVILEGE, true)) {
            final TestModules.Script evil = new TestModules.Script();
            final AtomicReference<MemoryView> kept = new AtomicReference<>();
            evil.setConfig = (ctx, view) -> {
                kept.set(view);
                return view.getInt(0) == 42 ? 0 : -22;
            };
            evil.process = (ctx, sources, sinks) -> kept.get().getInt(0);
            TestModules.SCRIPTS.put("evil", evil);
            s.kernel.setConfiguration(s.evilId, 1, new byte[] {42, 0, 0, 0});
            s.run();
            assertTrue(s.component(s.evilId).faulted);
            assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, s.kernel.events().get(0).kind());
        }
    }

    @Test
    void shouldShareEveryRingWithEveryUserDomainWhenSofCompatible() {
        try (Setup s = new Setup(SharingPolicy.SOF_COMPATIBLE, true)) {
            final TestModules.Script evil = new TestModules.Script();
            final long ring = s.component(s.passId).inputArray[0].ring.address();
            evil.process = (ctx, sources, sinks) -> ctx.access().getInt(ring) & 0;
            TestModules.SCRIPTS.put("evil", evil);
            s.run();
            assertFalse(s.component(s.evilId).faulted, "SOF maps the shared heap everywhere");
        }
    }

    @Test
    void shouldContainAnExceptionAndLetTheInstanceBeDeletedAndCreatedAgain() {
        try (Setup s = new Setup(SharingPolicy.LEAST_PRIVILEGE, true)) {
            final TestModules.Script evil = new TestModules.Script();
            evil.process = (ctx, sources, sinks) -> {
                throw new IllegalStateException("boom");
            };
            TestModules.SCRIPTS.put("evil", evil);
            s.run();
            assertEquals(RuntimeEvent.Kind.EXCEPTION, s.kernel.events().get(0).kind());
            assertTrue(s.kernel.events().get(0).detail().contains("boom"));
            s.kernel.setPipelineState(2, PipelineState.RESET);
            s.kernel.deleteInstance(s.evilId);
            TestModules.SCRIPTS.remove("evil");
            final int again = s.fx.create("evil", 0, 2, ProcDomain.DP);
            assertEquals(s.evilId, again);
            assertFalse(s.component(again).faulted);
        }
    }

    @Test
    void shouldFaultAModuleThatKeepsMissingItsDeadline() {
        try (RuntimeFixture f = new RuntimeFixture(SofRuntime.builder().deadlineMissBudget(3))) {
            final TestModules.Script slow = new TestModules.Script();
            slow.process = (ctx, sources, sinks) -> {
                f.now.addAndGet(5_000_000L); // 5 ms of work in a 1 ms period
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", slow);
            f.kernel.createPipeline(1, 0);
            f.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final int id = f.create("scripted", 0, 1, ProcDomain.DP);
            f.kernel.setPipelineState(1, PipelineState.RUNNING);
            f.ticks(30);
            assertTrue(f.component(id).faulted);
            assertEquals(RuntimeEvent.Kind.DEADLINE, f.kernel.events().get(0).kind());
        }
    }

    /**
     * The watchdog FAULTs a hung DP run on the wall clock. The kernel then no longer waits for it:
     * it holds LL on every core while it changes states, so a wait for the stuck body there (the
     * hold timeout, then the cancel's bound) would stop every pipeline's audio. RESET and the
     * delete each return while the body is still stuck.
     */
    @Test
    void shouldFaultAHungDpRunThroughTheWatchdogInWallTime() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final Kernel k = hungDpRun(release, new CountDownLatch(1));
        try {
            final int id = k.events().get(0).componentId();
            // each within a bound well below the cancel's 5 s wait for a running body
            final long bound = TimeUnit.SECONDS.toNanos(3);
            long t0 = System.nanoTime();
            k.setPipelineState(1, PipelineState.RESET);
            assertTrue(System.nanoTime() - t0 < bound, "RESET took "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            t0 = System.nanoTime();
            k.deleteInstance(id);
            assertTrue(System.nanoTime() - t0 < bound, "delete took "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(1, release.getCount(), "the body is still stuck");
        } finally {
            release.countDown();
            k.close();
            TestModules.SCRIPTS.clear();
        }
    }

    /**
     * A call whose preemption a watchdog requested may return normally, without reaching a
     * check (the loader's strip-mined loops check only between their chunks; a built-in module
     * has no checks at all, which stands for that). Here the DP watchdog FAULTs a hung run and
     * requests its thread's preemption, the pipeline is reset (no later run of its task would
     * withdraw the request), then the run returns normally. Before, the request stayed pending
     * for as long as the DP thread lived, and every user module's check stayed on the slow path.
     */
    @Test
    void shouldWithdrawTheDpWatchdogsRequestWhenTheRunReturnsWithoutACheck() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch returned = new CountDownLatch(1);
        final Kernel k = hungDpRun(release, returned);
        try {
            // the watchdog requests right after its event
            assertTrue(pendingWithin(20, n -> n > 0) > 0, "the watchdog requested it");
            k.setPipelineState(1, PipelineState.RESET);
            release.countDown();
            assertTrue(returned.await(20, TimeUnit.SECONDS), "the run returned");
            // the DP thread leaves its run's wrapper
            assertEquals(0, pendingWithin(20, n -> n == 0),
                    () -> "still pending: " + Preemption.pendingReasons());
        } finally {
            release.countDown();
            k.close();
            TestModules.SCRIPTS.clear();
        }
    }

    /**
     * @return the preemption requests pending once {@code done} accepts their count, or after
     *     {@code seconds} of real time (real threads: polled, bounded)
     */
    private static int pendingWithin(int seconds, java.util.function.IntPredicate done) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int n;
        while (!done.test(n = Preemption.pendingCount()) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        return n;
    }

    /**
     * @return a running wall-clock runtime whose one DP instance's run waits for {@code
     *     release} (then counts {@code returned} down and returns), once the watchdog has
     *     FAULTed it (its event is the first); the caller closes it
     */
    private static Kernel hungDpRun(CountDownLatch release, CountDownLatch returned) {
        final TestModules.Script hang = new TestModules.Script();
        hang.process = (ctx, sources, sinks) -> {
            try {
                release.await(30, TimeUnit.SECONDS); // bounded: released by the caller
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            returned.countDown();
            return 0;
        };
        TestModules.SCRIPTS.put("scripted", hang);
        final Kernel k = (Kernel) SofRuntime.builder().builtIn(new TestModules())
                .clock(SchedulerConfig.Clock.WALL).watchdogTicks(20)
                .proxyTimeout(java.time.Duration.ofSeconds(1)).build(); // a cold first call is slow
        try {
            k.createPipeline(1, 0);
            k.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs first
            final int id = k.initInstance(new org.sofj.runtime.InstanceSpec(
                    TestModules.moduleId("scripted"), 0, 0, 1, ProcDomain.DP,
                    RuntimeFixture.CONFIG, null, 0, 0));
            k.setPipelineState(1, PipelineState.RUNNING);
            k.start();
            final long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (k.events().isEmpty() && System.nanoTime() < limit) {
                Thread.onSpinWait(); // real LL threads: bounded by the limit above
            }
            assertEquals(RuntimeEvent.Kind.HANG, k.events().get(0).kind(), k.events().toString());
            assertEquals(id, k.events().get(0).componentId());
            return k;
        } catch (RuntimeException | AssertionError e) {
            release.countDown();
            k.close();
            throw e;
        }
    }

    @Test
    void shouldLeaveNoThreadRunningAfterClose() throws Exception {
        try (Setup s = new Setup(SharingPolicy.LEAST_PRIVILEGE, true)) {
            s.run();
            assertNotNull(WorkerPeek.thread(s.kernel.state.worker));
        }
        final long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Set<String> left = sofjThreads();
        while (!left.isEmpty() && System.nanoTime() < limit) {
            Thread.onSpinWait(); // bounded: threads end asynchronously after join timeouts
            left = sofjThreads();
        }
        assertEquals(Set.of(), left);
    }

    private static Set<String> sofjThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("sofj-") || n.startsWith("dp-"))
                .collect(Collectors.toSet());
    }
}
