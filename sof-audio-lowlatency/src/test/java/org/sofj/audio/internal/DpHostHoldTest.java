package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.SchedulerConfig;

/**
 * The wall clock's host hold ({@link HostHold}): a DP run whose output is due while the host does
 * not run its thread holds the core's tick, so its LL reader does not underrun; a module that
 * computes past its period, sleeps, or is held longer than the limit is not waited for, and its
 * reader underruns as before.
 *
 * <p>A DP task writes one period per run into a ring primed with three; an LL task reads one per
 * tick and counts an underrun when there is none. Run 50 stalls until the test releases it. The
 * test decides what the host did by the thread CPU time it hands the scheduler: a clock that
 * stands still is a thread the host does not run (as steal time is left out of a thread's CPU
 * time), the real one is a thread that computes. Real threads: every wait is bounded.
 */
final class DpHostHoldTest {
    private static final long MS = 1_000_000;
    /** Bound on the real-thread waits: generous, never reached by a passing run. */
    private static final long BOUND_NANOS = 20_000 * MS;
    private static final int PERIOD = Pipeline.TICK_BYTES;
    private static final int PRIMED = 3;
    private static final int STALLED_RUN = 50;
    /** How often the test thread looks (it parks between looks, to leave the CPUs to the rest). */
    private static final long POLL_NANOS = 100_000;

    private final TestMemory memory = new TestMemory();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong underruns = new AtomicLong();
    private volatile boolean stalled;
    private volatile boolean released;
    private TickScheduler scheduler;
    private HostHold hold;
    private AudioEngine.Buffer ring;

    @AfterEach
    void tearDown() {
        released = true;
        if (scheduler != null) {
            scheduler.close();
        }
        memory.close();
    }

    @Test
    void shouldHoldTheTickWhileTheHostDoesNotRunADueDpThread() {
        start(t -> 0, () -> 0, HostHold.LIMIT_NANOS, this::spin);
        awaitTrue(() -> stalled, "the stalled run");
        awaitTrue(hold::holding, "a hold"); // the only run in flight is the stalled one
        final long readAtHold = read.get();
        final long underrunsAtHold = underruns.get();
        // held only once the reader would underrun: less than a period left, not a tick early
        assertTrue(ring.source().getDataAvailable() < PERIOD, "bytes left at the hold: "
                + ring.source().getDataAvailable());
        waitNanos(20 * MS);
        assertEquals(readAtHold, read.get(), "no tick may read while the run is held");
        released = true;
        awaitTrue(() -> read.get() >= readAtHold + 100, "ticks after the release");
        scheduler.stop();
        assertEquals(0, underruns.get(), "underruns (at the hold: " + underrunsAtHold + ")");
        assertEquals(0, hold.timeouts());
        assertTrue(scheduler.hostStalls().dpHolds() >= 1, scheduler.hostStalls().toString());
        // the held time is the host's: the tick after it is late and counted as a stall
        assertTrue(scheduler.hostStalls().stalls() >= 1, scheduler.hostStalls().toString());
    }

    @Test
    void shouldNotHoldForARunThatComputesPastItsPeriod() {
        start(ThreadCpuClock::of, ThreadCpuClock::now, HostHold.LIMIT_NANOS, this::spin);
        awaitTrue(() -> stalled, "the stalled run");
        final long underrunsAtStall = underruns.get();
        // the run's own CPU time passes its period within a millisecond or so of CPU: the
        // ticks go on without it and its reader underruns
        awaitTrue(() -> underruns.get() >= underrunsAtStall + 10, "underruns while it computes");
        // a tick may still wait where the host kept the spinning thread off its CPU (a loaded
        // host does, a few times: that wait is right), but not at each underrun
        final long holds = hold.holds();
        assertTrue(holds < underruns.get() - underrunsAtStall, "holds: " + holds
                + ", underruns while it computes: " + (underruns.get() - underrunsAtStall));
        assertEquals(0, hold.timeouts());
    }

    @Test
    void shouldNotHoldForARunThatSleeps() {
        start(ThreadCpuClock::of, ThreadCpuClock::now, HostHold.LIMIT_NANOS, () -> {
            while (!released) {
                LockSupport.parkNanos(MS); // asleep in its body: the module's time
            }
        });
        awaitTrue(() -> stalled, "the stalled run");
        final long holdsAtStall = hold.holds();
        final long underrunsAtStall = underruns.get();
        awaitTrue(() -> underruns.get() >= underrunsAtStall + 10, "underruns while it sleeps");
        assertEquals(holdsAtStall, hold.holds(), "holds while the body slept");
    }

    @Test
    void shouldLetTheTickGoOnOnceAHoldReachesItsLimit() {
        start(t -> 0, () -> 0, 30 * MS, this::spin);
        awaitTrue(() -> hold.timeouts() >= 1, "a hold that ran out");
        final long underrunsAtLimit = underruns.get();
        awaitTrue(() -> underruns.get() >= underrunsAtLimit + 10, "ticks after the limit");
        assertTrue(hold.holds() >= 1, "holds: " + hold.holds());
    }

    /** A stall on the CPU: the thread stays runnable until the test releases it. */
    private void spin() {
        final long limit = System.nanoTime() + BOUND_NANOS;
        while (!released && System.nanoTime() - limit < 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Starts a wall-clock scheduler with the ring, the reader and the writer.
     *
     * @param threadCpu another thread's CPU time, as the hold reads it
     * @param ownClock  a DP thread's own CPU time, as its runs are judged
     * @param limit     the hold's limit
     * @param stall     what run {@link #STALLED_RUN} does before it writes
     */
    private void start(ToLongFunction<Thread> threadCpu, LongSupplier ownClock, long limit,
            Runnable stall) {
        scheduler = new TickScheduler(SchedulerConfig.of(SchedulerConfig.Clock.WALL), ownClock,
                0, threadCpu, limit);
        hold = scheduler.hostHold(0);
        ring = memory.engine.newRingBuffer(memory.shared(), PERIOD,
                PERIOD, Pipeline.FORMAT, 4);
        final AudioRegion primed = new AudioRegion();
        assertEquals(0, ring.sink().getBuffer(PRIMED * PERIOD, primed));
        assertEquals(0, ring.sink().commitBuffer(PRIMED * PERIOD));
        final AudioRegion in = new AudioRegion();
        scheduler.addLlTask(0, Pipeline.task("reader", tick -> {
            if (ring.source().getDataAvailable() >= PERIOD) {
                ring.source().getData(PERIOD, in);
                ring.source().releaseData(PERIOD);
                read.incrementAndGet();
            } else {
                underruns.incrementAndGet();
            }
        }));
        final AudioRegion out = new AudioRegion();
        final DpTask task = scheduler.newDpTask(new DpTaskSpec("writer", 0, 1000,
                TestMemory.DAEMONS, () -> ring.sink().getFreeSize() >= PERIOD, () -> {
                    if (runs.incrementAndGet() == STALLED_RUN) {
                        stalled = true;
                        stall.run();
                    }
                    ring.sink().getBuffer(PERIOD, out);
                    ring.sink().commitBuffer(PERIOD);
                    return DpTask.RESCHEDULE;
                }, new Sink[] {ring.sink()}));
        assertEquals(0, task.schedule());
        scheduler.start();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        final long limit = System.nanoTime() + BOUND_NANOS; // a real-thread wait, bounded
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - limit > 0) {
                throw new AssertionError("no " + what + " within " + BOUND_NANOS / MS + " ms");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** Lets real time pass on the test thread (the held tick thread must not move meanwhile). */
    private static void waitNanos(long nanos) {
        final long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0) {
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
