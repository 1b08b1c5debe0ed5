package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/**
 * The DP tasks of one core run one at a time, earliest deadline first, as SOF's DP threads do
 * under Zephyr's EDF deadlines ({@code zephyr_dp_schedule_thread.c}: the DP tick sets
 * {@code k_thread_absolute_deadline_set(last_ll_tick_timestamp + module_get_deadline)}).
 */
final class DpEdfTest {
    private static final long MS = 1_000_000;
    /** 48 kHz stereo S32: 384 bytes per millisecond. */
    private static final int NEAR_BYTES = 960; // 2.5 ms: deadline tick + 2 ms
    private static final int FAR_BYTES = 7 * 384; // 7 ms: deadline tick + 7 ms
    /** Real-thread tests give up after this long (never reached when the scheduler works). */
    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final AtomicLong clock = new AtomicLong();
    private final TestMemory memory = new TestMemory();
    private TickScheduler scheduler;

    @AfterEach
    void tearDown() {
        if (scheduler != null) {
            scheduler.close();
        }
        memory.close();
    }

    private TickScheduler scheduler(SchedulerConfig.Clock kind) {
        final SchedulerConfig config = kind == SchedulerConfig.Clock.VIRTUAL
                ? new SchedulerConfig(kind, 2, 1000, clock::get)
                : new SchedulerConfig(kind, 2, 1000, System::nanoTime);
        scheduler = (TickScheduler) memory.engine.newScheduler(config);
        return scheduler;
    }

    private DpTask task(String name, int core, IntSupplier body, Sink... sinks) {
        return task(name, core, () -> true, body, sinks);
    }

    private DpTask task(String name, int core, BooleanSupplier ready, IntSupplier body,
            Sink... sinks) {
        final DpTask t = scheduler.newDpTask(new DpTaskSpec(name, core, 1000, TestMemory.DAEMONS,
                ready, body, sinks));
        assertEquals(0, t.schedule());
        return t;
    }

    /**
     * Records which task ran, in order, the tick whose DP step woke each run, and how many
     * bodies ran at once at most.
     */
    private static final class Trace {
        final int[] order = new int[4096];
        final AtomicInteger count = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        /** The LL tick now running: an LL task writes it before the DP step. */
        volatile long tick;
        /** Per task id: the tick whose DP step last found it ready (LL thread). */
        final long[] wokenAt = new long[16];
        final long[] ticks = new long[4096];
        /** Per task id: periods queued at its input, at most 4 (the wall-clock test feeds them). */
        final java.util.concurrent.atomic.AtomicIntegerArray queued =
                new java.util.concurrent.atomic.AtomicIntegerArray(16);

        /** The LL tick's share: one period more for each task, as a producer would write. */
        void feed(long n) {
            tick = n;
            for (int id : new int[] {2, 7}) {
                queued.getAndUpdate(id, q -> Math.min(q + 1, 4));
            }
        }

        /** @return the first {@code n} runs as {@code id@tick}, for failure messages */
        String describe(int n) {
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < Math.min(n, 80); i++) {
                b.append(order[i]).append('@').append(ticks[i]).append(' ');
            }
            return b.toString();
        }

        BooleanSupplier ready(int id) {
            return () -> {
                // ready while a period is queued. Called only while QUEUED: true wakes the task.
                // On the task's own thread it is a catch-up of a tick the task missed (wall
                // clock), not a DP step's wake: -1
                if (queued.get(id) == 0) {
                    return false;
                }
                wokenAt[id] = Thread.currentThread().getName().startsWith("dp-") ? -1 : tick;
                return true;
            };
        }

        IntSupplier body(int id) {
            return () -> {
                final int now = inside.incrementAndGet();
                maxInside.accumulateAndGet(now, Math::max);
                final int i = count.getAndIncrement();
                if (i < order.length) {
                    order[i] = id;
                    ticks[i] = wokenAt[id];
                }
                for (int k = 0; k < 2_000; k++) {
                    Thread.onSpinWait(); // a little work, so overlapping bodies would show
                }
                queued.getAndUpdate(id, q -> Math.max(0, q - 1)); // the run takes one period
                inside.decrementAndGet();
                return DpTask.RESCHEDULE;
            };
        }
    }

    @Test
    void shouldRunTheEarlierDeadlineFirstOnEveryTickUnderTheVirtualClock() {
        scheduler(SchedulerConfig.Clock.VIRTUAL);
        final Trace trace = new Trace();
        // created first, so a tie (or creation order) would favour the later deadline
        task("far", 0, trace.body(7), memory.filledRing(FAR_BYTES).sink());
        task("near", 0, trace.body(2), memory.filledRing(NEAR_BYTES).sink());
        for (int i = 0; i < 22; i++) {
            clock.set(i * MS);
            scheduler.runTicks(1);
        }
        assertEquals(44, trace.count.get(), "both run on every tick");
        int nearFirst = 0;
        for (int t = 2; t < 22; t++) { // after the one-tick startup delay
            if (trace.order[2 * t] == 2 && trace.order[2 * t + 1] == 7) {
                nearFirst++;
            }
        }
        assertEquals(20, nearFirst, "the 2 ms deadline runs before the 7 ms one on 20 of 20 ticks");
        assertEquals(1, trace.maxInside.get(), "one body at a time on a core");
    }

    @Test
    void shouldRunTheEarlierDeadlineFirstOnRealThreadsUnderTheWallClock() {
        scheduler(SchedulerConfig.Clock.WALL);
        final Trace trace = new Trace();
        scheduler.addLlTask(0, Pipeline.task("tick", trace::feed));
        task("far", 0, trace.ready(7), trace.body(7), memory.filledRing(FAR_BYTES).sink());
        task("near", 0, trace.ready(2), trace.body(2), memory.filledRing(NEAR_BYTES).sink());
        scheduler.start();
        // a real-thread wait, bounded: until 120 runs are recorded (catch-up runs of ticks a
        // task missed are among them, and do not count as pairs)
        final long limit = System.nanoTime() + BOUND_NANOS;
        while (trace.count.get() < 120 && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
        scheduler.stop();
        final int n = Math.min(trace.count.get(), trace.order.length);
        int pairs = 0;
        int nearFirst = 0;
        // ticks where both ran, woken by the same DP tick: the earlier deadline must come first;
        // the first such tick is the start, where both deadlines are the period (a tie)
        for (int i = 0; i + 1 < n && pairs < 20; i++) {
            if (trace.ticks[i] == trace.ticks[i + 1] && trace.order[i] != trace.order[i + 1]
                    && trace.ticks[i] > trace.ticks[0]) {
                pairs++;
                if (trace.order[i] == 2) {
                    nearFirst++;
                }
                i++;
            }
        }
        assertEquals(20, pairs, "20 ticks where both ran within " + BOUND_NANOS + " ns");
        assertEquals(20, nearFirst, "the earlier deadline first on 20 of 20 ticks: "
                + trace.describe(n));
        assertEquals(1, trace.maxInside.get(), "one body at a time on a core");
    }

    @Test
    void shouldRunOneBodyAtATimeAmongManyTasksOfOneCore() {
        scheduler(SchedulerConfig.Clock.VIRTUAL);
        final Trace trace = new Trace();
        for (int i = 0; i < 4; i++) {
            task("t" + i, 0, trace.body(i), memory.filledRing(384 * (i + 2)).sink());
        }
        for (int i = 0; i < 50; i++) {
            clock.set(i * MS);
            scheduler.runTicks(1);
        }
        assertEquals(200, trace.count.get());
        assertEquals(1, trace.maxInside.get());
        for (int t = 2; t < 50; t++) {
            for (int k = 0; k < 4; k++) {
                assertEquals(k, trace.order[4 * t + k], "deadline order on tick " + t);
            }
        }
    }

    @Test
    void shouldKeepTheCoresRunTokensApart() {
        scheduler(SchedulerConfig.Clock.WALL);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger whileBlocked = new AtomicInteger();
        task("blocked", 0, () -> {
            entered.countDown();
            await(release);
            return DpTask.RESCHEDULE;
        });
        task("other", 1, () -> {
            // runs while core 0's body holds core 0's token: tokens are per core
            if (entered.getCount() == 0 && release.getCount() == 1) {
                whileBlocked.incrementAndGet();
            }
            return DpTask.RESCHEDULE;
        });
        scheduler.start();
        // a real-thread wait, bounded: until core 1 ran 3 times while core 0 was blocked
        final long limit = System.nanoTime() + BOUND_NANOS;
        while (whileBlocked.get() < 3 && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
        release.countDown();
        scheduler.stop();
        assertTrue(whileBlocked.get() >= 3, "core 1 ran " + whileBlocked.get() + " times");
        assertEquals(0, scheduler.revocations(), "no token was taken from core 0's body");
    }

    @Test
    void shouldHandTheTokenOnWhenABodyHangs() {
        final CountDownLatch release = new CountDownLatch(1);
        // a blocked body loses the token after ten hold limits (1 s)
        runBesideAHolder("hung", () -> await(release), release::countDown);
        assertEquals(1, scheduler.revocations(), "the token was taken from the hung body once");
    }

    @Test
    void shouldHandTheTokenOnWhenABodySpinsPastItsLimit() {
        final AtomicBoolean stop = new AtomicBoolean();
        runBesideAHolder("spinning", () -> {
            final long end = System.nanoTime() + BOUND_NANOS;
            while (!stop.get() && System.nanoTime() - end < 0) {
                Thread.onSpinWait(); // computes on: its CPU time grows past the limit
            }
        }, () -> stop.set(true));
        assertTrue(scheduler.revocations() >= 1, "the token was taken from the spinning body");
    }

    /**
     * Wall clock, one core: a task whose body {@code holds} the run token until {@code release},
     * created before a neighbour that only counts its runs; waits (a real-thread wait, bounded)
     * until the neighbour has run five times, releases the holder, stops the scheduler and
     * asserts that the neighbour did run.
     */
    private void runBesideAHolder(String name, Runnable holds, Runnable release) {
        scheduler(SchedulerConfig.Clock.WALL);
        final AtomicInteger neighbourRuns = new AtomicInteger();
        task(name, 0, () -> {
            holds.run();
            return DpTask.RESCHEDULE;
        });
        task("neighbour", 0, () -> {
            neighbourRuns.incrementAndGet();
            return DpTask.RESCHEDULE;
        });
        scheduler.start();
        final long limit = System.nanoTime() + BOUND_NANOS;
        while (neighbourRuns.get() < 5 && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
        release.run();
        scheduler.stop();
        assertTrue(neighbourRuns.get() >= 5, "the neighbour ran " + neighbourRuns.get());
    }

    /**
     * A body the host keeps off the CPU past the hold limit (here: it blocks for three limits,
     * using no CPU, then finishes) keeps the run token: no second body of the core runs beside
     * it, and the virtual-time order is kept. A real-time limit alone took it away, so two
     * bodies ran at once on one core (seen under load as {@code maxInside} 2).
     */
    @Test
    void shouldNotTakeTheTokenFromABodyTheHostKeepsOffTheCpu() {
        scheduler(SchedulerConfig.Clock.VIRTUAL);
        final Trace trace = new Trace();
        final CountDownLatch never = new CountDownLatch(1);
        final IntSupplier plain = trace.body(0);
        final AtomicInteger runs = new AtomicInteger();
        task("stalled", 0, () -> {
            if (runs.incrementAndGet() == 3) {
                trace.inside.incrementAndGet();
                try {
                    // 300 ms off the CPU: three hold limits, well short of ten
                    never.await(3 * LlCore.MIN_HOLD_LIMIT_NANOS, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                trace.inside.decrementAndGet();
            }
            return plain.getAsInt();
        }, memory.filledRing(NEAR_BYTES).sink());
        task("other", 0, trace.body(1), memory.filledRing(FAR_BYTES).sink());
        for (int i = 0; i < 8; i++) {
            clock.set(i * MS);
            scheduler.runTicks(1);
        }
        assertEquals(0, scheduler.revocations(), "the stalled body kept its token");
        assertEquals(1, trace.maxInside.get(), "one body at a time on a core");
        assertEquals(16, trace.count.get(), "both ran on every tick");
    }

    /**
     * The whole JVM is suspended for 2 s (twenty hold limits; {@link JvmSuspend}) while a body
     * holds the run token, and the body computes on for 20 ms after the resume. The time in which
     * no thread ran is not the body blocking: it keeps the token, and no second body of its core
     * runs beside it. Before, the first look after the resume found the grant twenty limits old
     * and revoked it, and the other task's body ran beside it.
     */
    @Test
    void shouldNotTakeTheTokenFromABodyWhileTheJvmIsSuspended() throws InterruptedException {
        scheduler(SchedulerConfig.Clock.VIRTUAL);
        final Trace trace = new Trace();
        final IntSupplier plain = trace.body(0);
        final AtomicInteger runs = new AtomicInteger();
        final CountDownLatch inRun = new CountDownLatch(1);
        final long[] gap = new long[1];
        task("suspended", 0, () -> {
            if (runs.incrementAndGet() == 3) {
                trace.inside.incrementAndGet();
                inRun.countDown();
                gap[0] = JvmSuspend.computeThroughIt();
                final long end = System.nanoTime() + 20 * MS; // after the resume
                while (System.nanoTime() - end < 0) {
                    Thread.onSpinWait();
                }
                trace.inside.decrementAndGet();
            }
            return plain.getAsInt();
        }, memory.filledRing(NEAR_BYTES).sink());
        task("other", 0, trace.body(1), memory.filledRing(FAR_BYTES).sink());
        final java.util.Queue<Throwable> errors = new java.util.concurrent.ConcurrentLinkedQueue<>();
        final Thread suspender = JvmSuspend.after(inRun, errors);
        try {
            for (int i = 0; i < 8; i++) {
                clock.set(i * MS);
                scheduler.runTicks(1);
            }
        } finally {
            suspender.join(TimeUnit.NANOSECONDS.toMillis(BOUND_NANOS));
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(errors));
        assertTrue(gap[0] >= JvmSuspend.NANOS / 2, "the JVM was stopped inside the run: "
                + gap[0] + " ns");
        assertEquals(0, scheduler.revocations(), "the suspended body kept its token");
        assertEquals(1, trace.maxInside.get(), "one body at a time on a core");
        assertEquals(16, trace.count.get(), "both ran on every tick");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(BOUND_NANOS, TimeUnit.NANOSECONDS), "bounded wait ran out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
