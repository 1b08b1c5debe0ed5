package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

/**
 * Spec 3.7 as a matrix: accessor x region x access kind gives allowed or a MemoryFault. X has two
 * instances (X0, X1) sharing driver heap hx; Y is another type with heap hy. The shared buffer is
 * granted to X0 only (least privilege); the hostbox is granted read-only to X0 only in the
 * "granted" case, as the proxy does during a call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class IsolationMatrixTest {
    private Fixture fx;
    private DriverHeap hx;
    private DriverHeap hy;
    private MemoryDomain x0;
    private MemoryDomain y;
    private long x0Bss;
    private long x1Bss;
    private long buffer;
    private long hostbox;

    enum Accessor { USER_X0, USER_Y, KERNEL, KERNEL_FOR_X0 }

    enum Region { X_HEAP, Y_HEAP, X0_BSS, X1_BSS, SHARED_BUFFER, HOSTBOX, HOSTBOX_GRANTED,
        X_HEAP_STRUCT }

    @BeforeAll
    void setUp() {
        fx = new Fixture();
        hx = fx.system.newDriverHeap("X", 4096);
        hy = fx.system.newDriverHeap("Y", 4096);
        final long lib = AddressMap.LIBRARY_BASE;
        x0Bss = lib;
        x1Bss = lib + MemoryRegions.PAGE_SIZE;
        buffer = fx.system.heap(HeapRegion.SHARED_BUFFER).alloc(768, 64);
        hostbox = AddressMap.HOSTBOX_BASE;
        x0 = fx.system.newDomain("X0");
        final MemoryDomain x1 = fx.system.newDomain("X1");
        y = fx.system.newDomain("Y0");
        for (MemoryDomain d : List.of(x0, x1)) {
            assertEquals(0, d.addPartition(hx.memoryPartition()));
            assertEquals(0, d.addPartition(hx.controlPartition()));
        }
        assertEquals(0, y.addPartition(hy.memoryPartition()));
        assertEquals(0, y.addPartition(hy.controlPartition()));
        assertEquals(0, x0.addPartition(bss("X0", x0Bss)));
        assertEquals(0, x1.addPartition(bss("X1", x1Bss)));
        assertEquals(0, x0.addPartition(Partition.pageAligned("buffer", buffer, 768,
                PartitionAttribute.P_RW_U_RW)));
    }

    private static Partition bss(String name, long start) {
        return new Partition("bss:" + name, start, MemoryRegions.PAGE_SIZE,
                PartitionAttribute.P_RW_U_RW);
    }

    @AfterAll
    void tearDown() {
        fx.close();
    }

    static Stream<Arguments> matrix() {
        final List<Arguments> rows = new ArrayList<>();
        // per accessor, one cell per Region in declaration order: read and write allowed (Y/N)
        row(rows, Accessor.USER_X0, "YY NN YY NN YY NN YN NN");
        row(rows, Accessor.USER_Y, "NN YY NN NN NN NN NN NN");
        row(rows, Accessor.KERNEL, "YY YY YY YY YY YY YY YY");
        row(rows, Accessor.KERNEL_FOR_X0, "YY NN YY NN YY NN YN YY");
        return rows.stream();
    }

    private static void row(List<Arguments> rows, Accessor accessor, String rights) {
        final String[] cells = rights.split(" ");
        final Region[] regions = Region.values();
        for (int i = 0; i < regions.length; i++) {
            rows.add(Arguments.of(accessor, regions[i], AccessKind.READ,
                    cells[i].charAt(0) == 'Y'));
            rows.add(Arguments.of(accessor, regions[i], AccessKind.WRITE,
                    cells[i].charAt(1) == 'Y'));
        }
    }

    @ParameterizedTest(name = "{0} {2} {1} allowed={3}")
    @MethodSource("matrix")
    void shouldAllowOrFaultAsSpec37Says(Accessor accessor, Region region, AccessKind kind,
            boolean allowed) {
        final long address = address(region);
        final boolean grant = region == Region.HOSTBOX_GRANTED;
        final Partition hostboxRo = new Partition("hostbox", hostbox, MemoryRegions.PAGE_SIZE,
                PartitionAttribute.P_RO_U_RO);
        if (grant) {
            assertEquals(0, x0.addPartition(hostboxRo));
        }
        try {
            final Function<Long, Void> touch = a -> {
                if (kind == AccessKind.READ) {
                    fx.system.access().getInt(a);
                } else {
                    fx.system.access().putInt(a, 0x5A5A5A5A);
                }
                return null;
            };
            final Throwable error = run(accessor, () -> touch.apply(address));
            if (allowed) {
                assertEquals(null, error, "expected access to be allowed");
            } else {
                assertTrue(error instanceof MemoryFault, "expected a MemoryFault, got " + error);
                final MemoryFault f = (MemoryFault) error;
                assertEquals(address, f.address());
                assertEquals(4, f.length());
                assertEquals(kind, f.kind());
            }
        } finally {
            if (grant) {
                assertEquals(0, x0.removePartition(hostbox, MemoryRegions.PAGE_SIZE));
            }
        }
    }

    private Throwable run(Accessor accessor, Runnable body) {
        switch (accessor) {
            case USER_X0:
                return fx.asUser(x0, body).error();
            case USER_Y:
                return fx.asUser(y, body).error();
            case KERNEL_FOR_X0:
                return fx.asUser(x0, () -> fx.system.syscall(() -> {
                    body.run();
                    return null;
                })).error();
            default:
                try {
                    body.run();
                    return null;
                } catch (MemoryFault f) {
                    return f;
                }
        }
    }

    private long address(Region region) {
        switch (region) {
            case X_HEAP: return hx.start() + 128;
            case Y_HEAP: return hy.start() + 128;
            case X0_BSS: return x0Bss + 16;
            case X1_BSS: return x1Bss + 16;
            case SHARED_BUFFER: return buffer + 64;
            case HOSTBOX:
            case HOSTBOX_GRANTED: return hostbox + 8;
            default: return ((SimDriverHeap) hx).controlAddress();
        }
    }
}
