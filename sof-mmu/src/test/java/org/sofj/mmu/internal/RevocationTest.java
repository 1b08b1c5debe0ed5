package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * Revocation that is seen (issue 11 item 4): real user threads, every wait bounded by
 * {@link Fixture#JOIN_TIMEOUT_SECONDS}, no sleeps.
 */
final class RevocationTest {
    private static final long PAGE = AddressMap.HOSTBOX_BASE;
    /** Reads before the revocation: enough for the JIT to compile the loop (OSR) and hoist. */
    private static final long WARM_READS = 20_000_000L;
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final Fixture fx = new Fixture();
    private final MemoryDomain d = fx.system.newDomain("D");
    private final Partition box = new Partition("hostbox", PAGE, 4096,
            PartitionAttribute.P_RO_U_RO);

    RevocationTest() {
        assertEquals(0, d.addPartition(box));
        fx.system.access().putInt(PAGE, 1);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    /**
     * The loop an attacker writes: nothing in it synchronizes. Progress is published with a plain
     * array store (another memory slice than the MMU's fields, so it does not stop the JIT from
     * hoisting them); the test reads it opaquely.
     */
    private static void spin(MemoryAccess access, long[] progress) {
        long sum = 0;
        for (long n = 1; n != 0; n++) { // ends only by a fault (n wraps after centuries)
            sum += access.getInt(PAGE);
            if ((n & 0xFFFF) == 0) {
                progress[0] = n;
                progress[1] = sum; // keeps the reads alive
            }
        }
    }

    private Thread spinner(MemoryAccess access, long[] progress, AtomicReference<Throwable> end) {
        final Thread t = fx.system.newUserThread("spinner", d, 4096, () -> {
            try {
                spin(access, progress);
            } catch (Throwable e) {
                end.set(e);
            }
        });
        t.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS);
        while ((long) LONGS.getOpaque(progress, 0) < WARM_READS) {
            assertTrue(System.nanoTime() - deadline < 0, "the spinner never got warm");
            assertTrue(t.isAlive(), "the spinner ended early: " + end.get());
            Thread.onSpinWait();
        }
        return t;
    }

    @Test
    void shouldFaultAUserThreadSpinningOverAPageAfterRemovePartition() {
        shouldFaultTheSpinnerAfterRemovePartition(fx.system.access());
    }

    @Test
    void shouldFaultASpinnerUsingItsInstanceCapabilityAfterRemovePartition() {
        shouldFaultTheSpinnerAfterRemovePartition(fx.system.accessFor(d));
    }

    private void shouldFaultTheSpinnerAfterRemovePartition(MemoryAccess access) {
        final long[] progress = new long[2];
        final AtomicReference<Throwable> end = new AtomicReference<>();
        final Thread t = spinner(access, progress, end);
        final long faults = d.faultCount();
        assertEquals(0, d.removePartition(box.start(), box.size()));
        final List<Thread> laggards = fx.system.awaitGrace(d,
                TimeUnit.SECONDS.toNanos(Fixture.JOIN_TIMEOUT_SECONDS));
        assertEquals(List.of(), laggards, "the spinner passed the revocation");
        Fixture.join(t);
        final MemoryFault f = assertInstanceOf(MemoryFault.class, end.get());
        assertEquals(PAGE, f.address());
        assertEquals(faults + 1, d.faultCount());
    }

    @Test
    void shouldNotWaitForAParkedThreadButReportOneThatNeverSynchronizes() {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread parked = fx.system.newUserThread("parked", d, 4096, () -> await(release));
        final long[] progress = new long[2];
        final Thread busy = fx.system.newUserThread("busy", d, 4096, () -> compute(progress));
        parked.start();
        busy.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS);
        while ((long) LONGS.getOpaque(progress, 0) == 0
                || parked.getState() == Thread.State.RUNNABLE) {
            assertTrue(System.nanoTime() - deadline < 0, "the threads never got going");
            Thread.onSpinWait();
        }
        assertEquals(0, d.removePartition(box.start(), box.size()));
        // busy makes no access, so it cannot show that it passed the revocation: reported
        assertEquals(List.of(busy), fx.system.awaitGrace(d, TimeUnit.MILLISECONDS.toNanos(20)));
        fx.system.writeOff(busy);
        assertEquals(List.of(), fx.system.awaitGrace(d, 0), "a written-off thread is not waited for");
        release.countDown();
        Fixture.join(parked);
        LONGS.setOpaque(progress, 1, 1L); // stops busy: a written-off thread still runs
        Fixture.join(busy);
    }

    @Test
    void shouldNotWaitForAThreadBetweenCallsEvenWhileItSpinsAndRecheckItsNextAccess() {
        final long[] progress = new long[2];
        final AtomicReference<Throwable> after = new AtomicReference<>();
        final MemoryAccess cap = fx.system.accessFor(d);
        final Thread worker = fx.system.newUserThread("worker", d, 4096, () -> {
            cap.getInt(PAGE); // a call that read the page, and ended
            fx.system.quiesce();
            compute(progress); // spins for the next request, touching nothing
            after.set(assertThrows(MemoryFault.class, () -> cap.getInt(PAGE)));
        });
        worker.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS);
        while ((long) LONGS.getOpaque(progress, 0) == 0) {
            assertTrue(System.nanoTime() - deadline < 0, "the worker never got going");
            Thread.onSpinWait();
        }
        assertEquals(0, d.removePartition(box.start(), box.size()));
        assertEquals(List.of(), fx.system.awaitGrace(d, TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS)), "a quiesced thread is past every revocation");
        LONGS.setOpaque(progress, 1, 1L);
        Fixture.join(worker);
        assertInstanceOf(MemoryFault.class, after.get(), "its next access saw the removal");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Counts in {@code progress[0]}, touching no simulated memory, until {@code progress[1]}. */
    private static void compute(long[] progress) {
        long n = 1;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS);
        while ((long) LONGS.getOpaque(progress, 1) == 0 && System.nanoTime() - deadline < 0) {
            LONGS.setOpaque(progress, 0, n++);
        }
    }

    @Test
    void shouldDenyEverythingToAWrittenOffThreadItsStackIncluded() {
        final CountDownLatch writtenOff = new CountDownLatch(1);
        final AtomicReference<Throwable> ownPage = new AtomicReference<>();
        final AtomicReference<Throwable> ownStack = new AtomicReference<>();
        final MemoryAccess cap = fx.system.accessFor(d);
        final Thread t = fx.system.newUserThread("hung", d, 4096, () -> {
            final SimThread self = (SimThread) Thread.currentThread();
            cap.getInt(PAGE); // it had the rights
            cap.putInt(self.stackStart, 1);
            await(writtenOff);
            ownPage.set(assertThrows(MemoryFault.class, () -> cap.getInt(PAGE)));
            ownStack.set(assertThrows(MemoryFault.class, () -> cap.getInt(self.stackStart)));
        });
        t.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(
                Fixture.JOIN_TIMEOUT_SECONDS);
        while (t.getState() == Thread.State.RUNNABLE || t.getState() == Thread.State.NEW) {
            assertTrue(System.nanoTime() - deadline < 0, "the thread never waited");
            Thread.onSpinWait();
        }
        fx.system.writeOff(t);
        assertFalse(((Domain) d).threads().contains(t), "it left its domain");
        assertThrows(IllegalStateException.class, () -> fx.system.moveThread(t, d));
        writtenOff.countDown();
        Fixture.join(t);
        assertTrue(ownPage.get().getMessage().contains("written off"), ownPage.get().getMessage());
        assertInstanceOf(MemoryFault.class, ownStack.get());
    }
}
