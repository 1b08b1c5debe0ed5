package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;

/**
 * A module's {@link ModuleMemory} handed to another instance (a static field the library's types
 * share, any object they both reach) acts for no one but its own instance: every call of it from
 * a thread of another domain, of another type or of the same type, is a memory fault recorded
 * against the caller's domain, and the owner's books and heap stay as they were. The kernel
 * (teardown) still acts on any instance's books.
 */
final class ForeignBooksTest {
    private final Fixture fx = new Fixture();
    private final long text = AddressMap.KERNEL_TEXT_BASE; // mapped into every domain

    @AfterEach
    void close() {
        fx.close();
    }

    private MemoryDomain userDomain(String name, DriverHeap heap) {
        final MemoryDomain d = fx.system.newDomain(name);
        assertEquals(0, d.addPartition(heap.memoryPartition()));
        assertEquals(0, d.addPartition(heap.controlPartition()));
        return d;
    }

    /** Every call a module can make on a {@link ModuleMemory}, on the owner's block. */
    private static Map<String, Supplier<?>> calls(ModuleMemory m, long block, long copy,
            long source) {
        return Map.of("free", () -> m.free(block), "fastPut", () -> m.fastPut(copy),
                "freeAll", m::freeAll, "alloc", () -> m.alloc(32), "zalloc", () -> m.zalloc(32),
                "alignedAlloc", () -> m.alignedAlloc(32, 256),
                "fastGet", () -> m.fastGet(source, 64), "liveAllocations", m::liveAllocations);
    }

    @Test
    void shouldRefuseAnotherTypesThreadEveryCallOfAnInstancesMemory() {
        assertRefused(false);
    }

    @Test
    void shouldRefuseAnotherInstanceOfTheSameTypeEveryCallOfAnInstancesMemory() {
        // they share the driver heap and may write each other's blocks, as in SOF, but each
        // instance's books are the kernel's record of that instance alone
        assertRefused(true);
    }

    @Test
    void shouldRefuseAUserThreadTheMemoryOfAKernelInstance() {
        // a kernel module's memory comes from the kernel's own heap, with no driver heap whose
        // control block a user domain would have to reach
        final Heap system = fx.system.heap(HeapRegion.SYSTEM);
        final DriverHeap hy = fx.system.newDriverHeap("Y", 8192);
        final MemoryDomain thief = userDomain("Y0", hy);
        final ModuleMemory kernel = fx.system.newModuleMemory("K#0", system, null);
        final long used = system.stats().usedBytes();
        final long block = kernel.alloc(64);
        for (Map.Entry<String, Supplier<?>> call : calls(kernel, block, block, text).entrySet()) {
            final Fixture.Outcome<?> o = fx.asUser(thief, call.getValue());
            assertTrue(o.faulted(), call.getKey() + " from a user thread: " + o);
            assertEquals(List.of(new Allocation(block, 64, Allocation.Kind.HEAP)),
                    kernel.liveAllocations(), call.getKey() + ": the kernel's books as they were");
        }
        assertEquals(1, kernel.freeAll());
        assertEquals(used, system.stats().usedBytes(), "nothing of the kernel's heap taken");
    }

    /** An instance of type X, and a thief of type X or Y, each in a domain of its own. */
    private void assertRefused(boolean sameType) {
        final DriverHeap hx = fx.system.newDriverHeap("X", 8192);
        final MemoryDomain owner = userDomain("X0", hx);
        final MemoryDomain thief = sameType ? userDomain("X1", hx)
                : userDomain("Y0", fx.system.newDriverHeap("Y", 8192));
        final ModuleMemory mx = fx.system.newModuleMemory("X#0", hx, owner);
        final long block = fx.asUser(owner, () -> mx.zalloc(64)).value();
        final long copy = fx.asUser(owner, () -> mx.fastGet(text, 64)).value();
        assertNotEquals(0, block);
        assertNotEquals(0, copy);
        final List<Allocation> books = mx.liveAllocations();
        final long used = hx.stats().usedBytes();
        for (Map.Entry<String, Supplier<?>> call : calls(mx, block, copy, text).entrySet()) {
            final long ownerFaults = owner.faultCount();
            final long thiefFaults = thief.faultCount();
            final Fixture.Outcome<?> o = fx.asUser(thief, call.getValue());
            assertTrue(o.faulted(), call.getKey() + " from another domain: " + o);
            final MemoryFault f = (MemoryFault) o.error();
            assertTrue(f.domainName().startsWith(thief.name()), f.getMessage());
            assertEquals(thiefFaults + 1, thief.faultCount(), "recorded against the caller");
            assertEquals(ownerFaults, owner.faultCount(), "never against the owner");
            assertEquals(books, mx.liveAllocations(), call.getKey() + ": the books as they were");
            assertEquals(used, hx.stats().usedBytes(), call.getKey() + ": the heap as it was");
        }
        // the owner's own thread and the kernel still act on them
        final Fixture.Outcome<Integer> own = fx.asUser(owner, () -> mx.free(block));
        assertNull(own.error());
        assertEquals(0, own.value());
        assertEquals(1, mx.freeAll(), "the kernel's teardown");
        assertEquals(0, hx.stats().usedBytes());
    }
}
