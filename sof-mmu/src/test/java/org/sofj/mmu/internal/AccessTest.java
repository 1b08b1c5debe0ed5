package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/** Checked access: values, faults, views, stacks, kernel text, layout. */
final class AccessTest {
    private final Fixture fx = new Fixture();
    private final MemoryAccess mem = fx.system.access();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void shouldReadBackEveryTypeLittleEndian() {
        final long a = AddressMap.LIBRARY_BASE + 0x100;
        mem.putInt(a, 0x04030201);
        assertEquals(1, mem.getByte(a));
        assertEquals(0x0201, mem.getShort(a));
        mem.putLong(a, -2L);
        assertEquals(-2L, mem.getLong(a));
        mem.putFloat(a, 0.5f);
        assertEquals(0.5f, mem.getFloat(a));
        mem.putShorts(a, new short[] {1, -2, 3}, 0, 3);
        final short[] s = new short[3];
        mem.getShorts(a, s, 0, 3);
        assertArrayEquals(new short[] {1, -2, 3}, s);
        mem.putInts(a, new int[] {7, 8}, 0, 2);
        final byte[] b = new byte[8];
        mem.getBytes(a, b, 0, 8);
        assertArrayEquals(new byte[] {7, 0, 0, 0, 8, 0, 0, 0}, b);
        mem.copy(a, a + 64, 8);
        assertEquals(8, mem.getInt(a + 68));
        mem.setMemory(a, 8, (byte) 0);
        assertEquals(0L, mem.getLong(a));
    }

    @Test
    void shouldCopyArraysInAndOutAtTheirOffsetsAndNoFurther() {
        final long a = AddressMap.LIBRARY_BASE + 0x200;
        mem.putInts(a, new int[] {9, 1, 2, 3, 9}, 1, 3);
        assertEquals(1, mem.getInt(a));
        assertEquals(3, mem.getInt(a + 8));
        assertEquals(0, mem.getInt(a + 12), "nothing past the count");
        final int[] ints = {-1, -1, -1, -1, -1};
        mem.getInts(a, ints, 2, 2);
        assertArrayEquals(new int[] {-1, -1, 1, 2, -1}, ints);
        mem.putShorts(a + 64, new short[] {5, 6, 7, -8}, 2, 2);
        assertEquals(0x0007, mem.getShort(a + 64));
        assertEquals(-8, mem.getShort(a + 66));
        assertEquals(0, mem.getShort(a + 68), "nothing past the count");
        final short[] shorts = new short[4];
        mem.getShorts(a + 64, shorts, 1, 2);
        assertArrayEquals(new short[] {0, 7, -8, 0}, shorts);
        assertThrows(IndexOutOfBoundsException.class, () -> mem.getInts(a, ints, 4, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> mem.putShorts(a, shorts, -1, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> mem.putInts(a, ints, 0, 6));
        assertArrayEquals(new int[] {-1, -1, 1, 2, -1}, ints, "a refused copy changes nothing");
    }

    @Test
    void shouldFaultTheKernelOnUnmappedAddresses() {
        final MemoryFault f = assertThrows(MemoryFault.class, () -> mem.getInt(0x10));
        assertEquals("kernel", f.domainName());
        assertEquals("unmapped", f.partition());
        assertThrows(MemoryFault.class,
                () -> mem.getInt(AddressMap.HOSTBOX_BASE + MemoryRegions.PAGE_SIZE));
        assertThrows(MemoryFault.class, () -> mem.getInt(1L << 32));
        assertFalse(mem.canAccess(0x10, 4, AccessKind.READ));
    }

    @Test
    void shouldNameThreadDomainAddressLengthKindAndPartitionInAFault() {
        final DriverHeap h = fx.system.newDriverHeap("X", 4096);
        final MemoryDomain d = fx.system.newDomain("X0");
        d.addPartition(h.memoryPartition());
        d.addPartition(h.controlPartition());
        final long control = ((SimDriverHeap) h).controlAddress();
        final Fixture.Outcome<Integer> out = fx.asUser(d, () -> mem.getInt(control));
        final MemoryFault f = (MemoryFault) out.error();
        assertEquals("user-X0", f.threadName());
        assertEquals("X0", f.domainName());
        assertEquals(control, f.address());
        assertEquals(AccessKind.READ, f.kind());
        assertTrue(f.partition().contains("driver:X:k_heap"), f.partition());
        assertTrue(f.partition().contains("P_RW_U_NA"), f.partition());
        assertTrue(f.getMessage().contains("address=0x" + Long.toHexString(control)));
    }

    @Test
    void shouldAlwaysAllowAUserThreadItsOwnStackAndNoOtherStack() {
        final MemoryDomain d = fx.system.newDomain("empty");
        final Fixture.Outcome<long[]> own = fx.asUser(d, () -> {
            final SimThread self = (SimThread) Thread.currentThread();
            mem.putInt(self.stackStart, 42);
            return new long[] {mem.getInt(self.stackStart), self.stackStart};
        });
        assertNull(own.error());
        assertEquals(42, own.value()[0]);
        final long firstStack = own.value()[1];
        final Fixture.Outcome<Void> other = fx.asUser(d, () -> {
            final SimThread self = (SimThread) Thread.currentThread();
            mem.getInt(self.stackStart == firstStack ? firstStack + 0x10000 : firstStack);
        });
        assertTrue(other.faulted(), "another thread's stack: " + other.error());
    }

    @Test
    void shouldMapKernelTextIntoEveryDomainAsReadExecute() {
        final long text = AddressMap.KERNEL_TEXT_BASE;
        final MemoryDomain d = fx.system.newDomain("any");
        assertNull(fx.asUser(d, () -> mem.check(text, 256, AccessKind.EXECUTE)).error());
        assertNull(fx.asUser(d, () -> mem.getInt(text)).error());
        assertTrue(fx.asUser(d, () -> mem.putInt(text, 1)).faulted());
    }

    @Test
    void shouldRecheckAMultiPageExecuteRangeOnceItsRightsChange() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long text = AddressMap.LIBRARY_BASE;
        final long size = 8 * 4096;
        d.addPartition(new Partition("text", text, size, PartitionAttribute.P_RX_U_RX));
        final Fixture.Outcome<Throwable[]> out = fx.asUser(d, () -> {
            final Throwable[] seen = new Throwable[4];
            mem.check(text, size, AccessKind.EXECUTE); // walks the pages, remembers the range
            mem.check(text, size, AccessKind.EXECUTE); // within the range remembered
            mem.check(text + 4096, 4096 * 2, AccessKind.EXECUTE);
            seen[0] = faultOf(() -> mem.check(text, size + 4096, AccessKind.EXECUTE));
            seen[1] = faultOf(() -> mem.check(text - 4096, size, AccessKind.EXECUTE));
            seen[2] = faultOf(() -> mem.putInt(text + 4096, 1)); // executable is not writable
            d.removePartition(text, size);
            seen[3] = faultOf(() -> mem.check(text, size, AccessKind.EXECUTE));
            return seen;
        });
        assertNull(out.error());
        assertTrue(out.value()[0] instanceof MemoryFault, "a page past the range");
        assertTrue(out.value()[1] instanceof MemoryFault, "a page before the range");
        assertTrue(out.value()[2] instanceof MemoryFault, "a write inside it");
        assertTrue(out.value()[3] instanceof MemoryFault, "the same range once revoked");
    }

    private static Throwable faultOf(Runnable r) {
        try {
            r.run();
            return null;
        } catch (MemoryFault f) {
            return f;
        }
    }

    @Test
    void shouldFaultAViewKeptPastItsTransientPartition() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long hostbox = AddressMap.HOSTBOX_BASE;
        mem.putInt(hostbox, 1234);
        final Partition ro = new Partition("hostbox", hostbox, 4096, PartitionAttribute.P_RO_U_RO);
        final MemoryView view = mem.view(hostbox, 4096);
        assertEquals(0, d.addPartition(ro));
        final Fixture.Outcome<Integer> during = fx.asUser(d, () -> view.getInt(0));
        assertEquals(1234, during.value());
        assertTrue(fx.asUser(d, () -> view.putInt(0, 1)).faulted(), "read-only during the call");
        assertEquals(0, d.removePartition(hostbox, 4096));
        assertTrue(fx.asUser(d, () -> view.getInt(0)).faulted(), "stale view after the call");
        assertThrows(IndexOutOfBoundsException.class, () -> view.getInt(4093));
    }

    @Test
    void shouldRevokeAccessFromARunningThreadWhenItsPartitionIsRemoved() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long a = AddressMap.LIBRARY_BASE;
        d.addPartition(new Partition("data", a, 4096, PartitionAttribute.P_RW_U_RW));
        final Fixture.Outcome<Throwable> out = fx.asUser(d, () -> {
            mem.getInt(a); // cached in the thread's TLB
            d.removePartition(a, 4096);
            try {
                mem.getInt(a);
                return null;
            } catch (MemoryFault f) {
                return f;
            }
        });
        assertTrue(out.value() instanceof MemoryFault);
    }

    @Test
    void shouldKeepTheLastPageReadFromGrantingAWrite() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long ro = AddressMap.LIBRARY_BASE;
        final long rw = ro + 4096;
        d.addPartition(new Partition("ro", ro, 4096, PartitionAttribute.P_RW_U_RO));
        d.addPartition(new Partition("rw", rw, 4096, PartitionAttribute.P_RW_U_RW));
        final Fixture.Outcome<Throwable> out = fx.asUser(d, () -> {
            mem.getInt(ro); // the read-only page is now the last page read
            mem.putInt(rw, 1); // and the read-write one the last page written
            mem.getInt(rw + 4092);
            try {
                mem.putInt(ro + 8, 2);
                return null;
            } catch (MemoryFault f) {
                return f;
            }
        });
        assertTrue(out.value() instanceof MemoryFault, String.valueOf(out));
        assertEquals(AccessKind.WRITE, ((MemoryFault) out.value()).kind());
        assertEquals(0, mem.getInt(ro + 8), "nothing was written");
        assertTrue(fx.asUser(d, () -> {
            mem.getInt(rw + 4092);
            mem.getInt(rw + 4094); // straddles the page end: not inside the last page read
        }).faulted());
    }

    @Test
    void shouldRevokeEitherOfTheLastTwoPagesReadWhenItsPartitionIsRemoved() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long a = AddressMap.LIBRARY_BASE;
        final long b = a + 0x3000;
        final long c = a + 0x6000;
        d.addPartition(new Partition("a", a, 4096, PartitionAttribute.P_RW_U_RW));
        d.addPartition(new Partition("b", b, 4096, PartitionAttribute.P_RW_U_RO));
        d.addPartition(new Partition("c", c, 4096, PartitionAttribute.P_RW_U_RW));
        final Fixture.Outcome<String> out = fx.asUser(d, () -> {
            for (int i = 0; i < 8; i++) { // a and b alternate: both are last pages read
                mem.getInt(a + 4L * i);
                mem.getInt(b + 4L * i);
            }
            mem.putInt(c, 3); // c is a last page written, never one read from b's slot
            d.removePartition(a, 4096);
            final StringBuilder outcome = new StringBuilder();
            outcome.append(mem.getInt(b)).append(',').append(mem.getInt(c));
            try {
                mem.getInt(a);
                outcome.append(",a read");
            } catch (MemoryFault f) {
                outcome.append(",a faulted");
            }
            try {
                mem.putInt(b, 1);
                outcome.append(",b written");
            } catch (MemoryFault f) {
                outcome.append(",b faulted");
            }
            return outcome.toString();
        });
        assertEquals("0,3,a faulted,b faulted", out.value(), String.valueOf(out.error()));
    }

    @Test
    void shouldCheckEveryPageOfABlockAccess() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long a = AddressMap.LIBRARY_BASE;
        d.addPartition(new Partition("one-page", a, 4096, PartitionAttribute.P_RW_U_RW));
        assertNull(fx.asUser(d, () -> mem.check(a, 4096, AccessKind.WRITE)).error());
        final Fixture.Outcome<Void> across = fx.asUser(d, () -> mem.getBytes(a + 4000,
                new byte[200], 0, 200));
        assertTrue(across.faulted());
        assertFalse(fx.asUser(d, () -> mem.canAccess(a + 4000, 200, AccessKind.READ)).value());
    }

    @Test
    void shouldGrantSubPagePartitionsExactlyAndNoMore() {
        final MemoryDomain d = fx.system.newDomain("X0");
        final long a = AddressMap.LIBRARY_BASE;
        d.addPartition(new Partition("small", a + 64, 64, PartitionAttribute.P_RW_U_RW));
        assertNull(fx.asUser(d, () -> mem.getInt(a + 64)).error());
        assertTrue(fx.asUser(d, () -> {
            mem.getInt(a + 64);
            mem.getInt(a + 128);
        }).faulted(), "the TLB must not widen a sub-page grant");
    }

    @Test
    void shouldRejectRegionsThatDoNotFitTheirSlot() {
        final MemoryLayout tooBig = MemoryLayout.builder().userHeapBytes(1L << 28).build();
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MmuMemorySystem(tooBig));
        assertTrue(e.getMessage().startsWith("user-heap size=268435456"), e.getMessage());
    }

    @Test
    void shouldPlaceRegionsAtTheirDocumentedBases() {
        assertEquals(AddressMap.HOSTBOX_BASE, fx.system.map().region("hostbox").start());
        assertEquals(0x1000, fx.system.map().region("hostbox").size());
        assertEquals(0x8000_0000L, fx.system.map().region("reply-buffer").start());
        assertEquals(0x4000_0000L, fx.system.map().region("user-heap").start());
    }

    @Test
    void shouldCreateAMemorySystemThroughTheProvider() {
        final MemorySystemProvider provider = new MmuProvider();
        try (MemorySystem s = provider.create(MemoryLayout.defaults())) {
            assertEquals(0x10000, s.map().region("shared-buffer-heap").size());
        }
    }
}
