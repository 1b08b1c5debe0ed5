package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.SchedulerConfig;

/**
 * {@link TickScheduler#abandonTickThread}: a core whose tick thread is stuck in a task goes on
 * ticking on a new thread, at most {@link TickScheduler#MAX_ABANDONED_THREADS} times; the given-up
 * thread, once it comes back, starts no other tick and counts nothing. Real threads on the wall
 * clock; every wait is bounded (a guard, not a timing).
 */
final class TickThreadAbandonTest {
    private static final long GUARD_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A task that, when told, keeps the thread of its tick until released. */
    private static final class Sticky implements LlTask {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicReference<Thread> stuck = new AtomicReference<>();
        /** Threads given up on: back from the call, each throws, as the runtime's window does. */
        final java.util.Set<Thread> givenUp = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile boolean stick;
        volatile boolean release;

        @Override
        public String name() {
            return "sticky";
        }

        @Override
        public void run(long tick) {
            runs.incrementAndGet();
            if (stick) {
                stick = false;
                stuck.set(Thread.currentThread());
                while (!release) {
                    Thread.onSpinWait(); // a call that does not return
                }
                if (givenUp.contains(Thread.currentThread())) {
                    throw new IllegalStateException("given up"); // only its first frame catches it
                }
            }
        }
    }

    @Test
    void shouldTickOnANewThreadUpToTheBoundAndNeverLetAGivenUpThreadTickAgain() throws Exception {
        final TickScheduler s = new TickScheduler(SchedulerConfig.of(SchedulerConfig.Clock.WALL));
        final Sticky task = new Sticky();
        s.addLlTask(0, task);
        s.start();
        try {
            final Thread[] given = new Thread[TickScheduler.MAX_ABANDONED_THREADS];
            for (int i = 0; i < given.length; i++) {
                given[i] = stickAndGet(task);
                final int[] handedOver = new int[1];
                final Thread g = given[i];
                assertTrue(s.abandonTickThread(0, g, () -> {
                    handedOver[0]++;
                    task.givenUp.add(g);
                }));
                assertEquals(1, handedOver[0], "the hand-over ran once, before the new thread");
                assertEquals(i + 1, s.abandonedTickThreads());
                final long ticks = s.ticks();
                final int runs = task.runs.get();
                await(() -> s.ticks() > ticks + 20 && task.runs.get() > runs + 20,
                        "the core ticks on a new thread");
            }
            final Thread last = stickAndGet(task);
            for (Thread g : given) {
                assertNotSame(g, last);
            }
            final boolean[] ran = new boolean[1];
            assertFalse(s.abandonTickThread(0, last, () -> ran[0] = true), "past the bound");
            assertFalse(ran[0], "a refusal hands nothing over");
            assertEquals(TickScheduler.MAX_ABANDONED_THREADS, s.abandonedTickThreads());
            // the given-up threads come back: each ends without another tick or count
            final long ticks = s.ticks();
            task.release = true;
            for (Thread g : given) {
                g.join(TimeUnit.NANOSECONDS.toMillis(GUARD_NANOS));
                assertFalse(g.isAlive(), g.getName() + " ends once its call returns");
            }
            await(() -> s.ticks() > ticks + 20, "the kept thread ticks again");
            assertEquals(0, s.failures());
        } finally {
            task.release = true;
            s.stop();
        }
    }

    @Test
    void shouldRefuseToAbandonTheCallersThreadOnTheVirtualClock() {
        final TickScheduler s = new TickScheduler(SchedulerConfig.of(SchedulerConfig.Clock.VIRTUAL));
        s.addLlTask(0, new Sticky());
        s.runTicks(1);
        final boolean[] ran = new boolean[1];
        assertFalse(s.abandonTickThread(0, Thread.currentThread(), () -> ran[0] = true));
        assertFalse(ran[0]);
        assertEquals(0, s.abandonedTickThreads());
    }

    private static Thread stickAndGet(Sticky task) {
        task.stuck.set(null);
        task.release = false;
        task.stick = true;
        await(() -> task.stuck.get() != null, "the task holds its tick");
        final Thread t = task.stuck.get();
        assertNotNull(t);
        return t;
    }

    private static void await(BooleanSupplier done, String what) {
        final long end = System.nanoTime() + GUARD_NANOS;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, what + " (a hang guard, not a timing)");
            Thread.onSpinWait();
        }
    }
}
