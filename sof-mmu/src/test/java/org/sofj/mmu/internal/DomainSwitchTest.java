package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * A kernel thread switched into a domain ({@code enterDomain}, issue 16 items 1 and 2) has
 * exactly a user thread's rights in it until it leaves: the kernel capability, syscalls and fault
 * accounting all see a user thread of that domain, and no other thread is affected.
 */
final class DomainSwitchTest {
    private static final long OWN = AddressMap.LIBRARY_BASE + 0x10000;
    private static final long CONTROL = AddressMap.LIBRARY_BASE + 0x20000;
    private static final long OTHER = AddressMap.LIBRARY_BASE + 0x30000;
    private static final long KERNEL = AddressMap.SYSTEM_HEAP_BASE + 0x100;

    private final Fixture fx = new Fixture();
    private final MemoryAccess kernel = fx.system.access();
    private final MemoryDomain a = fx.system.newDomain("A");
    private final MemoryDomain b = fx.system.newDomain("B");

    DomainSwitchTest() {
        assertEquals(0, a.addPartition(new Partition("own", OWN, 4096,
                PartitionAttribute.P_RW_U_RW)));
        assertEquals(0, a.addPartition(new Partition("control", CONTROL, 4096,
                PartitionAttribute.P_RW_U_NA)));
        assertEquals(0, b.addPartition(new Partition("other", OTHER, 4096,
                PartitionAttribute.P_RW_U_RW)));
        kernel.putInt(OWN, 11);
        kernel.putInt(CONTROL, 22);
        kernel.putInt(OTHER, 33);
        kernel.putInt(KERNEL, 44);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldGiveTheKernelCapabilityOnlyTheDomainsUserRightsWhileSwitched() {
        assertFalse(Thread.currentThread() instanceof SimThread, "runs on a kernel thread");
        fx.system.enterDomain(a);
        try {
            assertEquals(11, kernel.getInt(OWN), "its own partition");
            kernel.putInt(OWN + 4, 7);
            final MemoryFault k = assertThrows(MemoryFault.class, () -> kernel.getInt(KERNEL));
            assertTrue(k.getMessage().contains("A"), k.getMessage());
            assertThrows(MemoryFault.class, () -> kernel.getInt(CONTROL), "P_RW_U_NA in user mode");
            assertThrows(MemoryFault.class, () -> kernel.getInt(OTHER), "another domain's");
            assertThrows(MemoryFault.class, () -> fx.system.accessFor(b).getInt(OTHER),
                    "another domain's capability: the thread must allow it too");
            assertEquals(22, fx.system.syscall(() -> kernel.getInt(CONTROL)),
                    "a syscall gets the kernel attributes of its own partitions");
            assertThrows(MemoryFault.class, () -> fx.system.syscall(() -> kernel.getInt(KERNEL)),
                    "but nothing outside its domain");
        } finally {
            fx.system.leaveDomain();
        }
        assertEquals(44, kernel.getInt(KERNEL), "kernel rights again after leaving");
        assertEquals(7, kernel.getInt(OWN + 4));
        assertEquals(5, a.faultCount(), "every denied access is recorded against the domain");
        assertEquals(1, b.faultCount(), "and against the capability's, when it is another's");
    }

    @Test
    void shouldSeeARevocationAtTheNextAccessWhileSwitched() {
        fx.system.enterDomain(a);
        try {
            assertEquals(11, kernel.getInt(OWN)); // cached in the switched thread's TLB
            assertEquals(0, a.removePartition(OWN, 4096));
            assertThrows(MemoryFault.class, () -> kernel.getInt(OWN));
        } finally {
            fx.system.leaveDomain();
        }
    }

    @Test
    void shouldSwitchBetweenDomainsWithoutCarryingRightsOver() {
        fx.system.enterDomain(a);
        assertEquals(11, kernel.getInt(OWN));
        fx.system.leaveDomain();
        fx.system.enterDomain(b);
        try {
            assertEquals(33, kernel.getInt(OTHER));
            assertThrows(MemoryFault.class, () -> kernel.getInt(OWN), "A's page, cached before");
        } finally {
            fx.system.leaveDomain();
        }
    }

    @Test
    void shouldSeeARevocationMadeWhileSwitchedIntoAnotherDomain() {
        fx.system.enterDomain(a);
        assertEquals(11, kernel.getInt(OWN)); // A's shadow caches the page
        fx.system.leaveDomain();
        fx.system.enterDomain(b);
        assertEquals(33, kernel.getInt(OTHER));
        fx.system.leaveDomain();
        assertEquals(0, a.removePartition(OWN, 4096)); // while the thread is in kernel mode
        fx.system.enterDomain(a); // back to A's shadow and its old TLB
        try {
            assertThrows(MemoryFault.class, () -> kernel.getInt(OWN));
            assertThrows(MemoryFault.class, () -> kernel.getInt(OTHER), "B's page, cached by B's");
        } finally {
            fx.system.leaveDomain();
        }
    }

    @Test
    void shouldKeepEachDomainsOwnRightsWithMoreDomainsThanShadows() {
        final int n = Mmu.Switch.SHADOWS + 3;
        final MemoryDomain[] d = new MemoryDomain[n];
        for (int i = 0; i < n; i++) {
            d[i] = fx.system.newDomain("D" + i);
            assertEquals(0, d[i].addPartition(new Partition("p" + i,
                    AddressMap.LIBRARY_BASE + 0x40000 + i * 4096L, 4096,
                    PartitionAttribute.P_RW_U_RW)));
            kernel.putInt(AddressMap.LIBRARY_BASE + 0x40000 + i * 4096L, 100 + i);
        }
        for (int round = 0; round < 3; round++) { // each shadow is reused for another domain
            for (int i = 0; i < n; i++) {
                final long own = AddressMap.LIBRARY_BASE + 0x40000 + i * 4096L;
                final long next = AddressMap.LIBRARY_BASE + 0x40000 + ((i + 1) % n) * 4096L;
                fx.system.enterDomain(d[i]);
                try {
                    assertEquals(100 + i, kernel.getInt(own));
                    assertThrows(MemoryFault.class, () -> kernel.getInt(next),
                            "round=" + round + " domain=D" + i + ": the next domain's page");
                    assertThrows(MemoryFault.class, () -> kernel.getInt(OWN), "A's page");
                } finally {
                    fx.system.leaveDomain();
                }
            }
        }
    }

    @Test
    void shouldLeaveOtherKernelThreadsTheirRightsWhileOneIsSwitched() {
        fx.system.enterDomain(a);
        try {
            final AtomicReference<Object> seen = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                try {
                    seen.set(kernel.getInt(KERNEL));
                } catch (Throwable t) {
                    seen.set(t);
                }
            }, "other-kernel-thread");
            other.start();
            Fixture.join(other);
            assertEquals(44, seen.get());
        } finally {
            fx.system.leaveDomain();
        }
    }

    @Test
    void shouldKeepEachThreadsOwnSwitchWhenAnotherThreadEnteredTheSameDomainSince() {
        // the domain remembers the switch of the thread that entered it last (a look-up cache):
        // a thread that entered before, and is still switched, must still find its own
        fx.system.enterDomain(a);
        try {
            final AtomicReference<Object> seen = new AtomicReference<>();
            final Thread other = new Thread(() -> {
                fx.system.enterDomain(a);
                try {
                    seen.set(kernel.getInt(KERNEL));
                } catch (Throwable t) {
                    seen.set(t);
                } finally {
                    fx.system.leaveDomain();
                }
            }, "other-kernel-thread");
            other.start();
            Fixture.join(other);
            assertTrue(seen.get() instanceof MemoryFault, "the other thread was switched: "
                    + seen.get());
            assertThrows(MemoryFault.class, () -> kernel.getInt(KERNEL), "still switched");
            assertThrows(MemoryFault.class, () -> ((Domain) a).access().getInt(CONTROL),
                    "through the domain's own capability too");
            assertEquals(11, ((Domain) a).access().getInt(OWN));
        } finally {
            fx.system.leaveDomain();
        }
        assertEquals(44, kernel.getInt(KERNEL), "kernel rights again");
        fx.system.enterDomain(a); // the domain's cache names the other (ended) thread's switch
        try {
            assertThrows(MemoryFault.class, () -> kernel.getInt(KERNEL));
        } finally {
            fx.system.leaveDomain();
        }
        assertEquals(44, kernel.getInt(KERNEL));
    }

    @Test
    void shouldRefuseAUserThreadANestedSwitchAndAnUnmatchedLeave() {
        final Fixture.Outcome<Void> user = fx.asUser(a, () -> fx.system.enterDomain(b));
        assertTrue(user.error() instanceof IllegalStateException, String.valueOf(user.error()));
        fx.system.enterDomain(a);
        try {
            final IllegalStateException nested = assertThrows(IllegalStateException.class,
                    () -> fx.system.enterDomain(b));
            assertTrue(nested.getMessage().contains("already switched"), nested.getMessage());
        } finally {
            fx.system.leaveDomain();
        }
        assertThrows(IllegalStateException.class, fx.system::leaveDomain);
        try (Fixture foreign = new Fixture()) {
            final MemoryDomain f = foreign.system.newDomain("foreign");
            assertThrows(IllegalArgumentException.class, () -> fx.system.enterDomain(f));
        }
        assertNull(fx.system.mmu().current(), "a kernel thread again");
    }
}
