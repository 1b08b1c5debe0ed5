package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A host stall is counted, never charged: on the wall clock, with the clock injected and stepped
 * by the test, the whole host stops for longer than the DP watchdog's limit while a healthy DP
 * run is in flight. The tick after the stall runs as a later tick number (its skipped ticks are
 * counted as a stall), but no tick ran meanwhile, so the run has not been busy for the
 * watchdog's ticks: it must not be FAULTED as hung. Real LL and DP threads; every wait bounded.
 */
final class HostStallRecoveryTest {
    private static final long MS = SteppedClock.MS;
    private static final long BOUND = SteppedClock.BOUND;
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
    void shouldNotFaultADpRunInFlightWhenTheWholeHostStallsPastTheWatchdog() throws Exception {
        final Body body = start(false);
        step(MS); // a tick sees the run in flight
        // the host stops: 100 ms, five times the watchdog's 20 ticks, pass without a tick
        step(100 * MS);
        step(MS);
        step(MS);
        body.release.countDown(); // the run ends as the host resumes
        final long end = System.nanoTime() + BOUND;
        while (body.runs.get() < 8 && System.nanoTime() < end) {
            step(MS);
        }
        assertEquals(List.of(), rt.events(), "a host stall is not a hang");
        assertTrue(body.runs.get() >= 8, "the DP module ran on after the stall: "
                + body.runs.get());
        assertTrue(rt.hostStalls().skippedTicks() >= 99, "the stall was counted: "
                + rt.hostStalls());
    }

    @Test
    void shouldNotFaultADpRunTheHostKeepsOffTheCpuWhileTheTicksGoOn() throws Exception {
        // the DP thread alone is held (parked: no CPU, as a thread the OS does not run) while
        // the tick thread runs 100 ticks, five times the watchdog's 20: the host's, not a hang
        final Body body = start(false);
        for (int i = 0; i < 100; i++) {
            step(MS);
        }
        assertEquals(List.of(), rt.events(), "a DP thread the host held is not hung");
        body.release.countDown();
        final long end = System.nanoTime() + BOUND;
        while (body.runs.get() < 8 && System.nanoTime() < end) {
            step(MS);
        }
        assertEquals(List.of(), rt.events(), "nor after it ran again");
        assertTrue(body.runs.get() >= 8, "the DP module ran on: " + body.runs.get());
    }

    @Test
    void shouldFaultADpRunThatComputesPastTheWatchdog() throws Exception {
        // the same run, but it spins (uses CPU) until released: hung once it has used the
        // watchdog's 20 ms of CPU time after the 20 ticks
        final Body body = start(true);
        final long end = System.nanoTime() + BOUND;
        while (rt.events().isEmpty() && System.nanoTime() < end) {
            step(MS);
        }
        body.release.countDown();
        assertEquals(1, rt.events().size(), rt.events().toString());
        assertEquals(RuntimeEvent.Kind.HANG, rt.events().get(0).kind());
        assertEquals(body.id, rt.events().get(0).componentId());
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldServeAControlCallWhileTheHostKeepsADpRunOffTheCpuPastTheHoldTimeout(
            ProxyVariant proxy) throws Exception {
        // the run is parked (no CPU, as a thread the host does not run) for 1.5 s of real time,
        // past the kernel's 1 s wait for a run; a configuration call made meanwhile must wait
        // for it and be served, not write the healthy module off
        final Body body = start(false, TimeUnit.MILLISECONDS.toNanos(1500), proxy);
        rt.setConfiguration(body.id, 0, new byte[] {1, 2, 3, 4});
        assertEquals(List.of(), rt.events(), "a run the host held is not hung");
        assertEquals(1, body.release.getCount(), "the run ended by itself, not released");
        final long end = System.nanoTime() + BOUND;
        while (body.runs.get() < 8 && System.nanoTime() < end) {
            step(MS);
        }
        assertEquals(List.of(), rt.events(), "nor after it ran again");
        assertTrue(body.runs.get() >= 8, "the DP module ran on: " + body.runs.get());
    }

    /** A DP module whose fifth run waits for {@code release}, spinning or parked. */
    private record Body(int id, AtomicInteger runs, CountDownLatch release) {
    }

    private Body start(boolean spin) throws InterruptedException {
        return start(spin, BOUND, ProxyVariant.SHARED_WORKER);
    }

    /** @param waitNanos how long the fifth run waits for its release (real time) */
    private Body start(boolean spin, long waitNanos, ProxyVariant proxy)
            throws InterruptedException {
        final CountDownLatch inBody = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger runs = new AtomicInteger();
        final TestModules.Script dp = new TestModules.Script();
        dp.process = (ctx, sources, sinks) -> {
            if (runs.incrementAndGet() == 5) {
                inBody.countDown();
                final long limit = System.nanoTime() + waitNanos;
                try {
                    while (!release.await(spin ? 0 : limit - System.nanoTime(),
                            TimeUnit.NANOSECONDS) && System.nanoTime() - limit < 0) {
                        Thread.onSpinWait(); // bounded: released by the test
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 0;
        };
        TestModules.SCRIPTS.put("scripted", dp);
        rt = SofRuntime.builder().builtIn(new TestModules()).clock(SchedulerConfig.Clock.WALL)
                .nanoTime(now).watchdogTicks(20).deadlineMissBudget(Integer.MAX_VALUE)
                .proxyTimeout(java.time.Duration.ofSeconds(1)).proxyVariant(proxy).build();
        rt.createPipeline(1, 0);
        rt.setPipelineState(1, PipelineState.RESET);
        final int src = create("src", ProcDomain.LL);
        final int id = create("scripted", ProcDomain.DP);
        final int cap = create("cap", ProcDomain.LL);
        rt.bind(src, 0, id, 0);
        rt.bind(id, 0, cap, 0);
        rt.setPipelineState(1, PipelineState.RUNNING);
        rt.start();
        final long limit = System.nanoTime() + BOUND;
        while (inBody.getCount() > 0 && System.nanoTime() < limit) {
            step(MS);
        }
        assertEquals(0, inBody.getCount(), "the DP body started its fifth run");
        return new Body(id, runs, release);
    }

    private int create(String name, ProcDomain domain) {
        return rt.initInstance(new InstanceSpec(TestModules.moduleId(name), 0, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    private void step(long nanos) {
        now.step(rt, nanos);
    }
}
