package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.MemoryFault;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/** Zephyr's k_mem_domain rules (spec 3.8). */
final class DomainRulesTest {
    private static final long BASE = AddressMap.USER_HEAP_BASE;
    private final Fixture fx = new Fixture();
    private final MemoryDomain domain = fx.system.newDomain("d");

    @AfterEach
    void close() {
        fx.close();
    }

    private static Partition rw(long start, long size) {
        return new Partition("p", start, size, PartitionAttribute.P_RW_U_RW);
    }

    @Test
    void shouldRejectSizeZero() {
        assertEquals(-Errno.EINVAL, domain.addPartition(rw(BASE, 0)));
        assertTrue(domain.partitions().isEmpty());
    }

    @Test
    void shouldRejectWrapAround() {
        assertEquals(-Errno.EINVAL, domain.addPartition(rw(0xFFFF_F000L, 0x2000)));
    }

    @Test
    void shouldRejectWriteAndExecute() {
        assertEquals(-Errno.EINVAL, domain.addPartition(
                new Partition("wx", BASE, 4096, PartitionAttribute.P_RWX_U_RWX)));
        assertEquals(-Errno.EINVAL, domain.addPartition(
                new Partition("wx", BASE, 4096, PartitionAttribute.P_RWX_U_NA)));
    }

    @ParameterizedTest(name = "existing [0x1000,0x3000) vs new start=+{0} size={1}")
    @CsvSource({"0x1000, 0x2000", "0x0000, 0x1001", "0x2FFF, 0x1000", "0x1800, 0x100",
        "0x0000, 0x4000"})
    void shouldRejectEveryOverlap(String start, String size) {
        assertEquals(0, domain.addPartition(rw(BASE + 0x1000, 0x2000)));
        assertEquals(-Errno.EINVAL,
                domain.addPartition(rw(BASE + Long.decode(start), Long.decode(size))));
        assertEquals(1, domain.partitions().size());
    }

    @Test
    void shouldAcceptAdjacentPartitions() {
        assertEquals(0, domain.addPartition(rw(BASE + 0x1000, 0x1000)));
        assertEquals(0, domain.addPartition(rw(BASE, 0x1000)));
        assertEquals(0, domain.addPartition(rw(BASE + 0x2000, 0x1000)));
        assertEquals(3, domain.partitions().size());
    }

    @Test
    void shouldAllowTheSameRangeInTwoDomains() {
        final MemoryDomain other = fx.system.newDomain("other");
        assertEquals(0, domain.addPartition(rw(BASE, 0x1000)));
        assertEquals(0, other.addPartition(rw(BASE, 0x1000)));
    }

    @Test
    void shouldReturnEnospcWhenThe33rdPartitionIsAdded() {
        for (int i = 0; i < MemoryDomain.MAX_PARTITIONS; i++) {
            assertEquals(0, domain.addPartition(rw(BASE + i * 0x1000L, 0x1000)), "partition " + i);
        }
        assertEquals(-Errno.ENOSPC, domain.addPartition(rw(BASE + 0x100000, 0x1000)));
        assertEquals(32, domain.partitions().size());
        assertEquals(0, domain.removePartition(BASE, 0x1000));
        assertEquals(0, domain.addPartition(rw(BASE + 0x100000, 0x1000)));
    }

    @Test
    void shouldPreferEinvalOverEnospcForAnInvalidPartitionInAFullDomain() {
        for (int i = 0; i < MemoryDomain.MAX_PARTITIONS; i++) {
            domain.addPartition(rw(BASE + i * 0x1000L, 0x1000));
        }
        assertEquals(-Errno.EINVAL, domain.addPartition(rw(BASE + 0x200000, 0)));
    }

    @Test
    void shouldRemoveOnlyAnExactMatch() {
        assertEquals(0, domain.addPartition(rw(BASE, 0x2000)));
        assertEquals(-Errno.ENOENT, domain.removePartition(BASE, 0x1000));
        assertEquals(-Errno.ENOENT, domain.removePartition(BASE + 0x1000, 0x1000));
        assertEquals(-Errno.ENOENT, domain.removePartition(BASE, 0x3000));
        assertEquals(0, domain.removePartition(BASE, 0x2000));
        assertEquals(-Errno.ENOENT, domain.removePartition(BASE, 0x2000));
    }

    @Test
    void shouldKeepPartitionsInInsertionOrder() {
        domain.addPartition(rw(BASE + 0x3000, 0x1000));
        domain.addPartition(rw(BASE, 0x1000));
        final List<Partition> parts = domain.partitions();
        assertEquals(BASE + 0x3000, parts.get(0).start());
        assertEquals(BASE, parts.get(1).start());
    }

    @Test
    void shouldMoveAThreadBetweenDomainsSoItLosesTheOldRights() throws Exception {
        final MemoryDomain a = fx.system.newDomain("A");
        final MemoryDomain b = fx.system.newDomain("B");
        a.addPartition(rw(BASE, 0x1000));
        b.addPartition(rw(BASE + 0x1000, 0x1000));
        final CountDownLatch moved = new CountDownLatch(1);
        final CountDownLatch readInA = new CountDownLatch(1);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<MemoryFault> fault = new AtomicReference<>();
        final Thread t = fx.system.newUserThread("mover", a, 4096, () -> {
            try {
                fx.system.access().getInt(BASE);
                readInA.countDown();
                if (!moved.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new AssertionError("not moved in time");
                }
                fx.system.access().getInt(BASE + 0x1000);
                try {
                    fx.system.access().getInt(BASE);
                } catch (MemoryFault f) {
                    fault.set(f);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        assertTrue(readInA.await(Fixture.JOIN_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of("mover"), ((Domain) a).threadNames());
        fx.system.moveThread(t, b);
        fx.system.moveThread(t, b); // already there: a no-op
        assertEquals(List.of(), ((Domain) a).threadNames());
        assertEquals(List.of("mover"), ((Domain) b).threadNames());
        moved.countDown();
        Fixture.join(t);
        assertNull(failure.get());
        assertEquals("B", fault.get().domainName());
        assertEquals("unmapped", fault.get().partition());
    }
}
