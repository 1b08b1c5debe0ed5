package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * Closing an address space: every later access faults at once, and the memory is freed only when
 * no user thread of it can still be running, because the accessor reads the checked index
 * without a second bounds check.
 */
final class CloseTest {
    private static final long A = AddressMap.LIBRARY_BASE + 0x100;

    private final MmuMemorySystem system = new MmuMemorySystem(MemoryLayout.defaults());
    private final MemoryAccess mem = system.access();

    private MemoryDomain domainWithData() {
        final MemoryDomain d = system.newDomain("X0");
        d.addPartition(new Partition("data", AddressMap.LIBRARY_BASE, 4096,
                PartitionAttribute.P_RW_U_RW));
        return d;
    }

    @Test
    void shouldFreeAtOnceAndFaultEveryLaterAccessWhenNoUserThreadRuns() {
        mem.putInt(A, 42);
        system.close();
        assertTrue(system.backing().freed());
        final MemoryFault f = assertThrows(MemoryFault.class, () -> mem.getInt(A));
        assertEquals(A, f.address());
        assertEquals("unmapped", f.partition());
        assertThrows(MemoryFault.class, () -> mem.putLong(A, 1));
        assertThrows(MemoryFault.class, () -> mem.getBytes(A, new byte[16], 0, 16));
        system.close(); // idempotent
        assertTrue(system.backing().freed());
    }

    @Test
    void shouldKeepTheMemoryUntilTheLastRunningUserThreadEnds() throws InterruptedException {
        final MemoryDomain d = domainWithData();
        final CountDownLatch cached = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Throwable> afterClose = new AtomicReference<>();
        final Thread t = system.newUserThread("late", d, 4096, () -> {
            mem.getInt(A); // the page is now in this thread's TLB
            cached.countDown();
            try {
                assertTrue(closed.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
                mem.getInt(A);
            } catch (Throwable e) {
                afterClose.set(e);
            }
        });
        t.start();
        assertTrue(cached.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        system.close();
        assertFalse(system.backing().freed(), "a user thread of it is still running");
        closed.countDown();
        Fixture.join(t);
        assertTrue(afterClose.get() instanceof MemoryFault, String.valueOf(afterClose.get()));
        assertTrue(system.backing().freed(), "freed when the last user thread ended");
    }

    @Test
    void shouldKeepTheMemoryForAUserThreadMadeBeforeTheCloseAndStartedAfter() {
        final MemoryDomain d = domainWithData();
        final AtomicReference<Throwable> error = new AtomicReference<>();
        final Thread t = system.newUserThread("unstarted", d, 4096, () -> {
            try {
                mem.getInt(A);
            } catch (Throwable e) {
                error.set(e);
            }
        });
        system.close();
        assertFalse(system.backing().freed(), "a made thread may still start");
        t.start();
        Fixture.join(t);
        assertTrue(error.get() instanceof MemoryFault, String.valueOf(error.get()));
        assertTrue(system.backing().freed());
    }

    @Test
    void shouldRefuseNewUserThreadsOnceClosed() {
        final MemoryDomain d = domainWithData();
        system.close();
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> system.newUserThread("too-late", d, 4096, () -> { }));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertTrue(system.backing().freed(), "the refused thread holds nothing");
    }
}
