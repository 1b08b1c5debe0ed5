package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/** fast_get/fast_put: SOF's unit tests T1-T4 (spec 5.1) and scenarios 26-28. */
final class FastGetTest {
    private static final int ROWS = 33;
    private static final int ROW_BYTES = 400;

    private final Fixture fx = new Fixture();
    private final MemoryAccess mem = fx.system.access();
    private final Heap system = fx.system.heap(HeapRegion.SYSTEM);
    /** The unit-test build: no user space, FAST_GET_MAX_COPY_SIZE = 0, alloc = NULL. */
    private final FastGet unitBuild =
            new FastGet(fx.system.mmu(), fx.system.backing(), false, false, 0, system);
    private final long testdata = AddressMap.LIBRARY_BASE;

    FastGetTest() {
        // testdata[33][100] ints: row 0 a repeated pattern, rows 1..32 start with a distinct int
        for (int row = 0; row < ROWS; row++) {
            for (int i = 0; i < 100; i++) {
                final int value = row == 0 ? 0x5A5A0000 | i % 7 : i == 0 ? row : row * 1000 + i;
                mem.putInt(row(row) + 4L * i, value);
            }
        }
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private long row(int row) {
        return testdata + (long) row * ROW_BYTES;
    }

    private byte[] bytes(long address, int size) {
        final byte[] b = new byte[size];
        mem.getBytes(address, b, 0, size);
        return b;
    }

    @Test
    void t1ShouldCopyAndPut() {
        final long ret = unitBuild.get(system, null, row(0), ROW_BYTES);
        assertNotEquals(0, ret);
        assertArrayEquals(bytes(row(0), ROW_BYTES), bytes(ret, ROW_BYTES));
        assertTrue(unitBuild.put(null, ret));
        assertEquals(0, unitBuild.liveEntries());
        assertEquals(0, system.stats().usedBytes());
    }

    @Test
    void t2ShouldReturnNullOnSizeMismatch() {
        final long first = unitBuild.get(system, null, row(0), ROW_BYTES);
        assertArrayEquals(bytes(row(0), ROW_BYTES), bytes(first, ROW_BYTES));
        assertEquals(MemoryRegions.NULL, unitBuild.get(system, null, row(0), ROW_BYTES + 1));
        assertEquals(1, unitBuild.refcount(first), "the refcount is unchanged");
        assertTrue(unitBuild.put(null, first));
    }

    @Test
    void t3ShouldHandleMoreThan32GetsAndPuts() {
        final long[] copies = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            copies[i] = unitBuild.get(system, null, row(i), ROW_BYTES);
            assertNotEquals(0, copies[i]);
            assertArrayEquals(bytes(row(i), ROW_BYTES), bytes(copies[i], ROW_BYTES), "row " + i);
        }
        for (long c : copies) {
            assertTrue(unitBuild.put(null, c));
        }
        assertEquals(0, unitBuild.liveEntries());
        assertEquals(0, system.stats().usedBytes());
    }

    @Test
    void t4ShouldRefcountSharedCopies() {
        final long[] first = new long[ROWS];
        final long[] second = new long[ROWS];
        for (int i = 0; i < ROWS; i++) {
            first[i] = unitBuild.get(system, null, row(i), ROW_BYTES);
            second[i] = unitBuild.get(system, null, row(i), ROW_BYTES);
            assertEquals(first[i], second[i], "row " + i + " is shared");
            assertArrayEquals(bytes(row(i), ROW_BYTES), bytes(second[i], ROW_BYTES));
        }
        for (long c : first) {
            unitBuild.put(null, c);
        }
        for (int i = 0; i < ROWS; i++) {
            assertArrayEquals(bytes(row(i), ROW_BYTES), bytes(second[i], ROW_BYTES),
                    "still valid through the second set");
        }
        for (long c : second) {
            unitBuild.put(null, c);
        }
        assertEquals(0, system.stats().usedBytes());
    }

    @Test
    void shouldIgnoreAPutOfAnUnknownAddressAndReuseReleasedSlots() {
        assertFalse(unitBuild.put(null, 0x1234));
        final long a = unitBuild.get(system, null, row(1), ROW_BYTES);
        unitBuild.put(null, a);
        unitBuild.get(system, null, row(2), ROW_BYTES);
        assertEquals(1, unitBuild.slots(), "the released slot was reused (SOF leaks it)");
    }

    private MemoryDomain userDomain(String name, DriverHeap heap) {
        final MemoryDomain d = fx.system.newDomain(name);
        assertEquals(0, d.addPartition(heap.memoryPartition()));
        assertEquals(0, d.addPartition(heap.controlPartition()));
        assertEquals(0, d.addPartition(new Partition("rodata", testdata, 4 * 4096L,
                PartitionAttribute.P_RO_U_RO)));
        return d;
    }

    @Test
    void scenario26ShouldGivePrivateSmallCopiesWithoutDriverHeapSharing() {
        final FastGet noDriverHeap = new FastGet(fx.system.mmu(), fx.system.backing(), true, false,
                MmuMemorySystem.FAST_GET_MAX_COPY, system);
        final DriverHeap heap = fx.system.newDriverHeap("X", 8192);
        final MemoryDomain d = userDomain("X0", heap);
        final long[] got = fx.asUser(d, () -> fx.system.syscall(() -> new long[] {
            noDriverHeap.get(heap, (Domain) d, testdata, 512),
            noDriverHeap.get(heap, (Domain) d, testdata, 512)})).value();
        assertNotEquals(got[0], got[1], "private copies");
        assertArrayEquals(bytes(got[0], 512), bytes(got[1], 512));
        noDriverHeap.put((Domain) d, got[0]);
        assertEquals(512, heap.stats().usedBytes(), "each put frees its own copy");
        noDriverHeap.put((Domain) d, got[1]);
        assertEquals(0, heap.stats().usedBytes());
    }

    @Test
    void scenario27ShouldShareSmallCopiesWithinADriverHeap() {
        final DriverHeap heap = fx.system.newDriverHeap("X", 8192);
        final MemoryDomain d = userDomain("X0", heap);
        final ModuleMemory m0 = fx.system.newModuleMemory("X#0", heap, d);
        final ModuleMemory m1 = fx.system.newModuleMemory("X#1", heap, d);
        final long a = fx.asUser(d, () -> m0.fastGet(testdata, 512)).value();
        final long b = fx.asUser(d, () -> m1.fastGet(testdata, 512)).value();
        assertEquals(a, b, "the same pointer");
        assertEquals(0, m0.fastPut(a));
        assertEquals(512, heap.stats().usedBytes(), "freed only after the second put");
        assertEquals(0, m1.fastPut(b));
        assertEquals(0, heap.stats().usedBytes());
    }

    @Test
    void shouldNeverHandOneTypesSmallCopyToAnotherTypeOrTheKernel() {
        // kernel text is mapped into every domain, so two module types (and the kernel) can
        // fast_get the same source; SOF keys small copies by source address alone, so the second
        // caller got a pointer into the first caller's driver heap: writable by its owner,
        // unreadable by the other type (its next read FAULTED it), trusted by a kernel caller
        final long text = AddressMap.KERNEL_TEXT_BASE;
        mem.putInt(text, 0x1234_5678);
        final DriverHeap hx = fx.system.newDriverHeap("X", 8192);
        final DriverHeap hy = fx.system.newDriverHeap("Y", 8192);
        final MemoryDomain dx = userDomain("X0", hx);
        final MemoryDomain dy = userDomain("Y0", hy);
        final ModuleMemory mx = fx.system.newModuleMemory("X#0", hx, dx);
        final ModuleMemory my = fx.system.newModuleMemory("Y#0", hy, dy);
        final ModuleMemory kernel = fx.system.newModuleMemory("K#0", system, null);
        final long x = fx.asUser(dx, () -> mx.fastGet(text, 64)).value();
        assertEquals(64, hx.stats().usedBytes());
        assertNull(fx.asUser(dx, () -> mem.putInt(x, 0x0BAD_0BAD)).error(), "X owns its copy");
        final long y = fx.asUser(dy, () -> my.fastGet(text, 64)).value();
        assertNotEquals(x, y, "Y gets a copy of its own");
        assertEquals(64, hy.stats().usedBytes());
        assertEquals(0x1234_5678, fx.asUser(dy, () -> mem.getInt(y)).value(),
                "Y reads its copy, and X's writes are not in it");
        final long k = kernel.fastGet(text, 64);
        assertNotEquals(x, k, "the kernel never gets a pointer into a user heap");
        assertEquals(0x1234_5678, mem.getInt(k));
        assertTrue(system.blockSize(k) >= 64, "in the kernel's own heap");
        assertEquals(0, mx.fastPut(x));
        assertEquals(0, my.fastPut(y));
        assertEquals(0, kernel.fastPut(k));
        assertEquals(0, hx.stats().usedBytes());
        assertEquals(0, hy.stats().usedBytes());
        assertEquals(0, fx.system.fastGet().liveEntries());
    }

    @Test
    void shouldGrantALargeCopyWithNothingOfTheKernelHeapPastItsEnd() {
        // a large copy takes whole pages of the kernel heap and its grant covers them all; a
        // source that ends mid-page left the rest of the last page as the kernel heap had it
        // (another type's copy of a source this one may not read, a kernel module's data)
        final long page = MemoryRegions.PAGE_SIZE;
        final java.util.List<Long> dirty = new java.util.ArrayList<>();
        for (long a = system.alloc(page, page); a != MemoryRegions.NULL;
                a = system.alloc(page, page)) {
            mem.setMemory(a, page, (byte) 0x5A);
            dirty.add(a);
        }
        dirty.forEach(system::free);
        final DriverHeap heap = fx.system.newDriverHeap("X", 8192);
        final MemoryDomain d = userDomain("X0", heap);
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        final int size = (int) page / 2 + 1; // past the small copies' 2048 bytes
        final long copy = fx.asUser(d, () -> m.fastGet(testdata, size)).value();
        assertNotEquals(MemoryRegions.NULL, copy);
        assertArrayEquals(bytes(testdata, size), bytes(copy, size), "the copy");
        final Fixture.Outcome<byte[]> tail = fx.asUser(d, () -> {
            final byte[] b = new byte[(int) page - size];
            mem.getBytes(copy + size, b, 0, b.length);
            return b;
        });
        assertNull(tail.error(), "the last page is granted whole: " + tail);
        assertArrayEquals(new byte[(int) page - size], tail.value(),
                "what the kernel heap held past the copy's end");
        assertEquals(0, m.fastPut(copy));
    }

    @Test
    void shouldBoundTheKernelMemoryAUserTypesLargeCopiesHold() {
        // large copies come from the kernel heap, not from the caller's driver heap as in SOF:
        // a module that fast_gets distinct sources (every byte of its rodata is a new key) took
        // 4 KiB of kernel heap per call until the kernel heap was exhausted
        final long kernel = system.stats().size();
        final DriverHeap[] heaps = new DriverHeap[5];
        final MemoryDomain[] domains = new MemoryDomain[5];
        final ModuleMemory[] memories = new ModuleMemory[5];
        for (int t = 0; t < 5; t++) {
            heaps[t] = fx.system.newDriverHeap("T" + t, t == 0 ? 8192 : 4096);
            domains[t] = userDomain("T" + t, heaps[t]);
            memories[t] = fx.system.newModuleMemory("T" + t + "#0", heaps[t], domains[t]);
        }
        final long freeBefore = system.stats().freeBytes();
        final int[] made = new int[5];
        for (int t = 0; t < 5; t++) {
            final ModuleMemory m = memories[t];
            final long from = testdata + 64L * t; // sources of its own: no type hits another's
            made[t] = fx.asUser(domains[t], () -> {
                int n = 0;
                for (int i = 0; i < 64; i++) {
                    n += m.fastGet(from + i, 4000) != MemoryRegions.NULL ? 1 : 0;
                }
                return n;
            }).value();
        }
        final long perType = kernel / 8;
        assertEquals(perType / 4096, made[0], "one type: an eighth of the kernel heap, then NULL");
        assertEquals(kernel / 2 / 4096, made[0] + made[1] + made[2] + made[3] + made[4],
                "all user types together: half of it");
        assertTrue(system.stats().freeBytes() >= freeBefore - kernel / 2,
                "the kernel keeps the other half: " + system.stats());
        assertTrue(memories[0].freeAll() > 0);
        assertNotEquals(MemoryRegions.NULL, fx.asUser(domains[0],
                () -> memories[0].fastGet(testdata, 4000)).value(),
                "references given back free their charge");
    }

    @Test
    void scenario28ShouldGrantLargeCopiesPerDomainAndRevokeWithTheDomainsLastReference() {
        final DriverHeap heapA = fx.system.newDriverHeap("A", 16384);
        final MemoryDomain da = userDomain("DA", heapA);
        final MemoryDomain db = userDomain("DB", heapA);
        final ModuleMemory ma = fx.system.newModuleMemory("A#0", heapA, da);
        final ModuleMemory mb = fx.system.newModuleMemory("B#0", heapA, db);
        final long p = fx.asUser(da, () -> ma.fastGet(testdata, 6000)).value();
        assertTrue(MemoryRegions.isAligned(p, 4096));
        assertEquals(8192, system.blockSize(p), "page-sized, in kernel-only memory");
        assertTrue(((Domain) da).hasPartition(p, 8192));
        assertEquals(p, fx.asUser(db, () -> mb.fastGet(testdata, 6000)).value());
        assertTrue(((Domain) db).hasPartition(p, 8192));
        assertEquals(2, fx.system.fastGet().refcount(p));
        final int before = da.partitions().size();
        assertEquals(p, fx.asUser(da, () -> ma.fastGet(testdata, 6000)).value());
        assertEquals(before, da.partitions().size(), "a repeated get adds no partition");
        assertTrue(fx.asUser(da, () -> mem.putInt(p, 1)).faulted(), "copies are read-only");
        assertTrue(fx.asUser(db, () -> mem.putInt(p, 1)).faulted());
        // SOF removes DA's partition on every put; sofj keeps it until DA's last reference.
        assertEquals(0, ma.fastPut(p));
        assertTrue(((Domain) da).hasPartition(p, 8192));
        assertEquals(0, ma.fastPut(p));
        assertFalse(((Domain) da).hasPartition(p, 8192));
        assertTrue(fx.asUser(da, () -> mem.getInt(p)).faulted());
        assertNull(fx.asUser(db, () -> mem.getInt(p)).error(), "B can still read p");
        assertEquals(0, mb.fastPut(p));
        assertFalse(((Domain) db).hasPartition(p, 8192));
        assertEquals(-1, system.blockSize(p), "freed with the last reference");
    }

    @Test
    void shouldReleaseFastGetReferencesOnFreeAll() {
        final DriverHeap heap = fx.system.newDriverHeap("X", 16384);
        final MemoryDomain d = userDomain("X0", heap);
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        final long p = fx.asUser(d, () -> m.fastGet(testdata, 6000)).value();
        fx.asUser(d, () -> m.fastGet(testdata, 6000));
        assertEquals(2, m.liveAllocations().size());
        assertEquals(2, m.freeAll());
        assertFalse(((Domain) d).hasPartition(p, 8192), "teardown on the kernel thread revokes");
        assertEquals(-1, system.blockSize(p));
        assertEquals(0, fx.system.fastGet().liveEntries());
    }

    @Test
    void shouldServeALargeCopyEvenToTheDefaultFourKibDriverHeap() {
        final DriverHeap small = fx.system.newDriverHeap("X", 4096);
        final MemoryDomain d = userDomain("X0", small);
        final ModuleMemory m = fx.system.newModuleMemory("X#0", small, d);
        final long p = fx.asUser(d, () -> m.fastGet(testdata, 6000)).value();
        assertNotEquals(MemoryRegions.NULL, p, "SOF's quirk 16 does not apply");
        assertEquals(0, small.stats().usedBytes());
        assertArrayEquals(bytes(testdata, 6000), bytes(p, 6000));
        assertEquals(0, m.fastPut(p));
    }

    @Test
    void shouldReturnNullWhenTheSourceIsNotReadableByTheCaller() {
        final DriverHeap heap = fx.system.newDriverHeap("X", 8192);
        final MemoryDomain d = fx.system.newDomain("X0");
        d.addPartition(heap.memoryPartition());
        d.addPartition(heap.controlPartition());
        final ModuleMemory m = fx.system.newModuleMemory("X#0", heap, d);
        assertTrue(fx.asUser(d, () -> m.fastGet(testdata, 512)).faulted(),
                "the syscall verification of the caller's read access kills the thread");
        assertEquals(0, heap.stats().usedBytes());
    }

    @Test
    void shouldCheckTheCallersReadRightsOnAHitToo() {
        final DriverHeap heap = fx.system.newDriverHeap("X", 16384);
        final MemoryDomain reader = userDomain("X0", heap);
        final MemoryDomain stranger = fx.system.newDomain("X1"); // no rodata partition
        stranger.addPartition(heap.memoryPartition());
        stranger.addPartition(heap.controlPartition());
        final ModuleMemory mr = fx.system.newModuleMemory("X#0", heap, reader);
        final ModuleMemory ms = fx.system.newModuleMemory("X#1", heap, stranger);
        final long large = fx.asUser(reader, () -> mr.fastGet(testdata, 6000)).value();
        final long small = fx.asUser(reader, () -> mr.fastGet(testdata + 8192, 512)).value();
        assertNotEquals(MemoryRegions.NULL, small);
        assertTrue(fx.asUser(stranger, () -> ms.fastGet(testdata, 6000)).faulted(),
                "a hit on a shared large copy is checked first");
        assertTrue(fx.asUser(stranger, () -> ms.fastGet(testdata + 8192, 512)).faulted(),
                "so is a hit on a small copy shared within the driver heap");
        assertThrows(MemoryFault.class, () -> ms.fastGet(testdata + 8192, 512),
                "and a leaked module memory used on a kernel thread has the instance's rights");
        assertEquals(1, fx.system.fastGet().refcount(large), "nothing changed");
        assertEquals(1, fx.system.fastGet().refcount(small));
        assertFalse(((Domain) stranger).hasPartition(large, 8192), "no grant to the stranger");
        assertTrue(ms.liveAllocations().isEmpty());
        assertEquals(3, stranger.faultCount(), "each refused call is recorded");
    }
}
