package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * Rights belong to the capability (issue 11 item 3): an instance's accessor and its views check
 * against the instance's domain with user rights on any thread, and never grant more than the
 * thread using them may.
 */
final class CapabilityTest {
    private static final long OWN = AddressMap.LIBRARY_BASE + 0x10000;
    private static final long CONTROL = AddressMap.LIBRARY_BASE + 0x20000;
    private static final long OTHER = AddressMap.LIBRARY_BASE + 0x30000;
    private static final long KERNEL = AddressMap.SYSTEM_HEAP_BASE + 0x100;

    private final Fixture fx = new Fixture();
    private final MemoryAccess kernel = fx.system.access();
    private final MemoryDomain a = fx.system.newDomain("A");
    private final MemoryDomain b = fx.system.newDomain("B");
    private final MemoryAccess capA = fx.system.accessFor(a);

    CapabilityTest() {
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
    void shouldGiveALeakedCapabilityOnlyUserRightsOnAKernelThread() {
        assertFalse(Thread.currentThread() instanceof SimThread, "runs on a kernel thread");
        assertEquals(11, capA.getInt(OWN), "its own partition, as the instance could");
        capA.putInt(OWN + 4, 5);
        assertEquals(5, kernel.getInt(OWN + 4));
        assertThrows(MemoryFault.class, () -> capA.getInt(KERNEL), "kernel-only memory");
        assertThrows(MemoryFault.class, () -> capA.getInt(CONTROL), "P_RW_U_NA: kernel rights");
        assertThrows(MemoryFault.class, () -> capA.getInt(OTHER), "another domain's partition");
        assertThrows(MemoryFault.class, () -> capA.putBytes(KERNEL, new byte[4], 0, 4));
        assertThrows(MemoryFault.class, () -> capA.copy(KERNEL, OWN, 4));
        assertFalse(capA.canAccess(KERNEL, 4, AccessKind.READ));
        assertTrue(capA.canAccess(OWN, 4, AccessKind.WRITE));
        assertEquals(44, kernel.getInt(KERNEL), "the kernel's own capability still reads it");
    }

    @Test
    void shouldGiveAViewOfALeakedCapabilityOnlyUserRights() {
        final MemoryView window = capA.view(CONTROL, 4096);
        assertThrows(MemoryFault.class, () -> window.getInt(0));
        assertEquals(11, capA.view(OWN, 16).getInt(0));
    }

    @Test
    void shouldNeverGrantMoreThanTheThreadThatUsesIt() {
        final Fixture.Outcome<Integer> ownOnB = fx.asUser(b, () -> capA.getInt(OWN));
        assertTrue(ownOnB.faulted(), "B's thread may not read A's partition, whatever it holds");
        final Fixture.Outcome<Integer> otherOnB = fx.asUser(b, () -> capA.getInt(OTHER));
        assertTrue(otherOnB.faulted(), "A's capability does not reach B's partition");
        assertNull(fx.asUser(b, () -> kernel.getInt(OTHER)).error(),
                "the kernel capability on a user thread has that thread's rights");
        assertTrue(fx.asUser(b, () -> kernel.getInt(KERNEL)).faulted());
    }

    @Test
    void shouldLetItsOwnThreadUseItAtFullSpeedRightsAndItsStack() {
        final Fixture.Outcome<Integer> out = fx.asUser(a, () -> {
            final SimThread self = (SimThread) Thread.currentThread();
            capA.putInt(self.stackStart, 7);
            return capA.getInt(OWN) + capA.getInt(self.stackStart);
        });
        assertEquals(18, out.value());
        assertTrue(fx.asUser(a, () -> capA.getInt(CONTROL)).faulted());
        assertTrue(fx.asUser(a, () -> fx.system.syscall(() -> capA.getInt(CONTROL))).faulted(),
                "an instance's capability keeps user rights even inside a syscall");
        assertNull(fx.asUser(a, () -> fx.system.syscall(() -> kernel.getInt(CONTROL))).error(),
                "while the syscall's own accesses have kernel rights of the domain");
    }

    @Test
    void shouldReturnOneCapabilityPerDomainAndRefuseForeignDomains() {
        assertSame(capA, fx.system.accessFor(a));
        try (Fixture other = new Fixture()) {
            final MemoryDomain foreign = other.system.newDomain("F");
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> fx.system.accessFor(foreign));
            assertTrue(e.getMessage().startsWith("domain=Domain[F"), e.getMessage());
        }
    }

    @Test
    void shouldRecordAFaultAgainstTheDomainEvenWhenTheModuleCatchesIt() {
        final long before = a.faultCount();
        final Fixture.Outcome<Boolean> out = fx.asUser(a, () -> {
            try {
                capA.getInt(KERNEL);
                return false;
            } catch (MemoryFault caught) {
                return true; // a module that hides its fault
            }
        });
        assertTrue(out.value());
        assertEquals(before + 1, a.faultCount(), "recorded at detection");
        assertEquals(0, b.faultCount());
        assertThrows(MemoryFault.class, () -> capA.getInt(KERNEL));
        assertEquals(before + 2, a.faultCount(), "a leaked capability's fault counts too");
        fx.asUser(b, () -> capA.getInt(OWN));
        assertEquals(before + 3, a.faultCount(), "the capability's domain");
        assertEquals(1, b.faultCount(), "and the domain of the thread that used it");
    }

    @Test
    void shouldNameTheCapabilityAndTheThreadInTheFault() {
        final MemoryFault f = assertThrows(MemoryFault.class, () -> capA.getInt(KERNEL));
        assertTrue(f.getMessage().contains("A used by a kernel thread"), f.getMessage());
    }
}
