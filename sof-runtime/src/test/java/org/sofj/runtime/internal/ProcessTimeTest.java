package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.params.ParameterizedTest;
import org.sofj.api.audio.AudioRegion;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * How the tick times each LL call (issue 16): consecutive LL calls of a pipeline share a clock
 * read (the read that ends one call starts the next), so a pass of N LL calls reads the clock
 * N + 1 times, and each call is still charged exactly the time that passed during it. On this
 * machine kind a read costs 25-35 ns, a twentieth of an LL-only tick.
 */
final class ProcessTimeTest {
    private static final int TICKS = 10;

    /** The stepped clock of {@link RuntimeFixture}, which also counts its reads. */
    private static final class CountingClock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final AtomicLong reads = new AtomicLong();

        long read() {
            reads.incrementAndGet();
            return now.get();
        }

        /**
         * Runs ticks, stepping the clock 1 ms before each.
         *
         * @return the clock reads they took
         */
        long ticks(Kernel k, int n) {
            final long before = reads.get();
            for (int i = 0; i < n; i++) {
                now.addAndGet(1_000_000L);
                k.runTicks(1);
            }
            return reads.get() - before;
        }
    }

    /**
     * src -> {@code middle} -> cap, all LL; {@code middle} advances the clock by {@code nanos}
     * in each process call.
     *
     * @return the three instances' ids
     */
    private static int[] build(Kernel k, CountingClock clock, String middle, ProcDomain domain,
            long nanos) {
        final TestModules.Script s = new TestModules.Script();
        s.process = (ctx, sources, sinks) -> {
            clock.now.addAndGet(nanos);
            return 0;
        };
        TestModules.SCRIPTS.put(middle, s);
        k.createPipeline(1, 0);
        k.setPipelineState(1, PipelineState.RESET);
        final int src = create(k, "src", ProcDomain.LL);
        final int mid = create(k, middle, domain);
        final int cap = create(k, "cap", ProcDomain.LL);
        k.bind(src, 0, mid, 0);
        k.bind(mid, 0, cap, 0);
        return new int[] {src, mid, cap};
    }

    private static int create(Kernel k, String name, ProcDomain domain) {
        return k.initInstance(new InstanceSpec(TestModules.moduleId(name), 0, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    private static Kernel kernel(CountingClock clock) {
        return (Kernel) SofRuntime.builder().builtIn(new TestModules()).nanoTime(clock::read)
                .proxyTimeout(Duration.ofMillis(5)).build();
    }

    @ParameterizedTest(name = "middle {0}")
    @ValueSource(strings = {"kscript", "scripted"})
    void shouldReadTheClockOnceMoreThanTheLlCallsAndChargeEachCallItsOwnTime(String middle) {
        final CountingClock clock = new CountingClock();
        try (Kernel k = kernel(clock)) {
            final int[] ids = build(k, clock, middle, ProcDomain.LL, 700);
            k.setPipelineState(1, PipelineState.RUNNING);
            assertEquals(TICKS * 4L, clock.ticks(k, TICKS),
                    "three LL calls, no DP task: four reads per tick (the tick's reading, "
                    + "which is also src's start, and each call's end)");
            assertEquals(700, k.report(ids[1]).processTime().max(), "the middle call's own time");
            assertEquals(700, k.report(ids[1]).processTime().p50());
            assertEquals(TICKS, k.report(ids[1]).processTime().count());
            for (int id : new int[] {ids[0], ids[2]}) {
                assertEquals(0, k.report(id).processTime().max(),
                        "the calls before and after are not charged the middle's time");
                assertEquals(TICKS, k.report(id).processTime().count());
            }
            assertTrue(k.events().isEmpty(), k.events().toString());
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    @ParameterizedTest(name = "kernel middle in {0}")
    @ValueSource(strings = {"LL", "DP"})
    void shouldGiveTrustedCodeOnAVirtualTickTheTicksReadingAsItsStart(ProcDomain domain) {
        final CountingClock clock = new CountingClock();
        final long[] seen = new long[TICKS];
        final int[] calls = new int[1];
        try (Kernel k = kernel(clock)) {
            build(k, clock, "kscript", domain, 0);
            TestModules.SCRIPTS.get("kscript").process = (ctx, sources, sinks) -> {
                seen[calls[0]++ % TICKS] = k.tickStart();
                return 0;
            };
            k.setPipelineState(1, PipelineState.RUNNING);
            clock.ticks(k, 3); // past a DP task's start-up
            calls[0] = 0;
            final long before = clock.now.get();
            // DP: cap, a kernel call, starts from src's end across the DP place, and the DP
            // run from cap's end: four reads either way
            assertEquals(TICKS * 4L, clock.ticks(k, TICKS),
                    "the reading costs no read of its own: it is src's start");
            assertEquals(TICKS, calls[0]);
            for (int i = 0; i < TICKS; i++) {
                // the clock steps 1 ms before each tick and the calls do not move it
                assertEquals(before + (i + 1) * 1_000_000L, seen[i], "tick " + i);
            }
            assertEquals(Long.MIN_VALUE, k.tickStart(), "off the tick");
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    @ParameterizedTest(name = "middle {0}")
    @ValueSource(strings = {"kscript", "scripted"})
    void shouldStartAPipelinesFirstCallFromTheReadThatEndedThePipelineBefore(String middle) {
        final CountingClock clock = new CountingClock();
        try (Kernel k = kernel(clock)) {
            final int[] one = build(k, clock, middle, ProcDomain.LL, 700);
            k.createPipeline(2, 0);
            k.setPipelineState(2, PipelineState.RESET);
            final int[] two = new int[3];
            final String[] names = {"src", middle, "cap"};
            for (int i = 0; i < 3; i++) {
                two[i] = k.initInstance(new InstanceSpec(TestModules.moduleId(names[i]), 1, 0, 2,
                        ProcDomain.LL, RuntimeFixture.CONFIG, null, 0, 0));
            }
            k.bind(two[0], 0, two[1], 0);
            k.bind(two[1], 0, two[2], 0);
            k.setPipelineState(1, PipelineState.RUNNING);
            k.setPipelineState(2, PipelineState.RUNNING);
            assertEquals(TICKS * 7L, clock.ticks(k, TICKS), "six LL calls in two pipelines, no "
                    + "DP task: the second pipeline's first call starts from the first's last end");
            for (int[] ids : new int[][] {one, two}) {
                assertEquals(700, k.report(ids[1]).processTime().max(), "the middle call's own");
                for (int id : new int[] {ids[0], ids[2]}) {
                    assertEquals(0, k.report(id).processTime().max(), "neither src (the second "
                            + "from the first pipeline's end) nor cap is charged a middle's time");
                    assertEquals(TICKS, k.report(id).processTime().count());
                }
            }
            assertTrue(k.events().isEmpty(), k.events().toString());
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    @ParameterizedTest(name = "middle {0}")
    @ValueSource(strings = {"kscript", "scripted"})
    void shouldStartAnInlineDpRunFromTheReadThatEndedTheLastLlCall(String middle) {
        final CountingClock clock = new CountingClock();
        try (Kernel k = kernel(clock)) {
            final int[] ids = build(k, clock, middle, ProcDomain.DP, 300_000);
            k.setPipelineState(1, PipelineState.RUNNING);
            clock.ticks(k, 3); // past the DP task's start-up
            final long runs = k.report(ids[1]).processTime().count();
            final long reads = clock.ticks(k, TICKS);
            assertEquals(runs + TICKS, k.report(ids[1]).processTime().count(), "a run per tick");
            // the tick's time (1), which is also src's start, src's end (1), which is also the
            // start of cap (a kernel call: its interval holds the DP module's place), cap's end
            // (1), the DP run from cap's end (1)
            assertEquals(TICKS * 4L, reads);
            for (int id : new int[] {ids[0], ids[2]}) {
                assertEquals(0, k.report(id).processTime().max(), "src from the tick's own "
                        + "read, cap from src's end: neither is charged the clock's step before "
                        + "the tick or the DP run's time");
            }
            final long max = k.report(ids[1]).processTime().max(); // a DP task's histogram:
            assertTrue(max >= 300_000 && max < 300_000 * 1.01, "the run's own time, to the DP "
                    + "histogram's precision: " + max);
            assertEquals(0, k.report(ids[1]).deadlineMisses(), "0.3 ms of a 1 ms period");
            assertTrue(k.events().isEmpty(), k.events().toString());
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    @ParameterizedTest(name = "DP modules {0}")
    @ValueSource(strings = {"kscript", "scripted"})
    void shouldStartAnInlineDpRunFromTheReadThatEndedTheRunBefore(String middle) {
        final CountingClock clock = new CountingClock();
        final TestModules.Script s = new TestModules.Script();
        final AudioRegion r = new AudioRegion();
        s.process = (ctx, sources, sinks) -> {
            clock.now.addAndGet(300_000);
            // passes a period on (unwritten) so the second DP module gets data too
            if (sources[0].getData(TestModules.TICK, r) == 0) {
                sources[0].releaseData(TestModules.TICK);
            }
            if (sinks[0].getBuffer(TestModules.TICK, r) == 0) {
                sinks[0].commitBuffer(TestModules.TICK);
            }
            return 0;
        };
        TestModules.SCRIPTS.put(middle, s);
        try (Kernel k = kernel(clock)) {
            k.createPipeline(1, 0);
            k.setPipelineState(1, PipelineState.RESET);
            final int src = create(k, "src", ProcDomain.LL);
            final int dp1 = k.initInstance(new InstanceSpec(TestModules.moduleId(middle), 0, 0, 1,
                    ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, 0));
            final int dp2 = k.initInstance(new InstanceSpec(TestModules.moduleId(middle), 1, 0, 1,
                    ProcDomain.DP, RuntimeFixture.CONFIG, null, 0, 0));
            final int pass = create(k, "kpass", ProcDomain.LL); // DP to DP is not allowed
            final int cap = create(k, "cap", ProcDomain.LL);
            k.bind(src, 0, dp1, 0);
            k.bind(dp1, 0, pass, 0);
            k.bind(pass, 0, dp2, 0);
            k.bind(dp2, 0, cap, 0);
            k.setPipelineState(1, PipelineState.RUNNING);
            clock.ticks(k, 5); // past both DP tasks' start-up
            final long runs1 = k.report(dp1).processTime().count();
            final long runs2 = k.report(dp2).processTime().count();
            final long reads = clock.ticks(k, TICKS);
            assertEquals(runs1 + TICKS, k.report(dp1).processTime().count(), "a run per tick");
            assertEquals(runs2 + TICKS, k.report(dp2).processTime().count(), "a run per tick");
            // the tick's time and src's start (1), src's end (1), kpass and cap, kernel calls
            // each after a DP module's place, from the read before it (1 + 1), the first DP run
            // from cap's end (1), the second from the first's end (1)
            assertEquals(TICKS * 6L, reads);
            for (int id : new int[] {dp1, dp2}) {
                final long max = k.report(id).processTime().max();
                assertTrue(max >= 300_000 && max < 300_000 * 1.01, "each run its own time, not "
                        + "the run before's too: " + max);
            }
            assertTrue(k.events().isEmpty(), k.events().toString());
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }

    @ParameterizedTest(name = "after the DP place {0}")
    @ValueSource(strings = {"kpass", "upass"})
    void shouldStartOnlyAKernelCallAfterADpPlaceFromTheReadBeforeIt(String after) {
        final CountingClock clock = new CountingClock();
        try (Kernel k = kernel(clock)) {
            final TestModules.Script s = new TestModules.Script();
            s.process = (ctx, sources, sinks) -> {
                clock.now.addAndGet(300_000);
                return 0;
            };
            TestModules.SCRIPTS.put("kscript", s);
            k.createPipeline(1, 0);
            k.setPipelineState(1, PipelineState.RESET);
            final int[] ids = {create(k, "src", ProcDomain.LL), create(k, "kscript", ProcDomain.DP),
                create(k, "cap", ProcDomain.LL)};
            final int mid = create(k, after, ProcDomain.LL);
            k.bind(ids[0], 0, ids[1], 0);
            k.bind(ids[1], 0, mid, 0);
            k.bind(mid, 0, ids[2], 0);
            k.setPipelineState(1, PipelineState.RUNNING);
            clock.ticks(k, 3); // past the DP task's start-up
            final boolean kernelCall = "kpass".equals(after);
            // the tick's time (1), src's end (1); then the call after the place: a kernel call
            // starts from src's end, holding the place's ring syncs, a user call (its overrun
            // rule needs its own time) reads its own start (1); its end (1), cap's end (1), the
            // DP run from cap's end (1)
            assertEquals(TICKS * (kernelCall ? 5L : 6L), clock.ticks(k, TICKS));
            for (int id : new int[] {ids[0], mid, ids[2]}) {
                assertEquals(0, k.report(id).processTime().max(), "no LL call is charged the "
                        + "clock's step before the tick or the DP run's time");
                assertTrue(k.report(id).processTime().count() >= TICKS);
            }
            assertTrue(k.events().isEmpty(), k.events().toString());
        } finally {
            TestModules.SCRIPTS.clear();
        }
    }
}
