package org.sofj.api.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;

final class MemoryValuesTest {

    @ParameterizedTest(name = "{0}: kernel {1} user {2}")
    @CsvSource({
        "P_RW_U_RW, RW, RW",
        "P_RW_U_RO, RW, R",
        "P_RW_U_NA, RW, ''",
        "P_RO_U_RO, R, R",
        "P_RX_U_RX, RX, RX"
    })
    void shouldGrantZephyrRights(PartitionAttribute attr, String kernel, String user) {
        for (AccessKind kind : AccessKind.values()) {
            final String letter = kind.name().substring(0, 1).replace('E', 'X');
            assertEquals(kernel.contains(letter), attr.allows(false, kind), attr + " kernel " + kind);
            assertEquals(user.contains(letter), attr.allows(true, kind), attr + " user " + kind);
        }
        assertFalse(attr.isWriteAndExecute());
    }

    @Test
    void shouldFlagWriteAndExecuteAttributes() {
        assertTrue(PartitionAttribute.P_RWX_U_RWX.isWriteAndExecute());
        assertTrue(PartitionAttribute.P_RWX_U_NA.isWriteAndExecute());
    }

    @Test
    void shouldAlignRegionsAsKMemRegionAlign() {
        assertEquals(0x1000, MemoryRegions.regionAlignStart(0x1234, 4096));
        assertEquals(0x2000, MemoryRegions.regionAlignSize(0x1234, 0x1000, 4096));
        assertEquals(0x1000, MemoryRegions.regionAlignSize(0x1000, 0x1000, 4096));
        assertEquals(0x1000, MemoryRegions.regionAlignSize(0x1000, 1, 4096));
        final Partition p = Partition.pageAligned("x", 0x1FFF, 2, PartitionAttribute.P_RO_U_RO);
        assertEquals(0x1000, p.start());
        assertEquals(0x2000, p.size());
        assertThrows(IllegalArgumentException.class, () -> MemoryRegions.alignUp(5, 3));
        assertTrue(MemoryRegions.isAligned(8192, 4096));
        assertFalse(MemoryRegions.isAligned(8193, 4096));
    }

    @Test
    void shouldDetectContainmentAndOverlap() {
        final Partition a = new Partition("a", 0x1000, 0x1000, PartitionAttribute.P_RW_U_RW);
        final Partition b = new Partition("b", 0x1FFF, 1, PartitionAttribute.P_RW_U_RW);
        final Partition c = new Partition("c", 0x2000, 0x1000, PartitionAttribute.P_RW_U_RW);
        assertTrue(a.overlaps(b));
        assertFalse(a.overlaps(c));
        assertTrue(a.contains(0x1000, 0x1000));
        assertFalse(a.contains(0x1FFF, 2));
        assertThrows(IllegalArgumentException.class,
                () -> new Partition("n", -1, 1, PartitionAttribute.P_RW_U_RW));
        assertEquals(0, new Partition("zero", 0, 0, PartitionAttribute.P_RW_U_RW).size(),
                "size 0 is for the domain to reject");
    }

    @Test
    void shouldBuildLayoutsWithSofDefaults() {
        final MemoryLayout d = MemoryLayout.defaults();
        assertEquals(0x10000, d.sharedBufferHeapBytes());
        assertEquals(0x1000, d.hostboxBytes());
        assertEquals(0x1000, d.replyBufferBytes());
        final MemoryLayout bigger = MemoryLayout.builder().userHeapBytes(0x400000).build();
        assertEquals(0x400000, bigger.userHeapBytes());
    }

    @Test
    void shouldRejectBadLayoutsNamingTheField() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryLayout.builder().hostboxBytes(100));
        assertTrue(e.getMessage().startsWith("hostboxBytes=100"), e.getMessage());
        assertThrows(IllegalStateException.class,
                () -> MemoryLayout.builder().userHeapBytes(8192).userHeapBytes(8192));
        final MemoryLayout.Builder huge = MemoryLayout.builder().userHeapBytes(1L << 30)
                .systemHeapBytes(1L << 30).libraryRegionBytes(1L << 30)
                .sharedBufferHeapBytes(1L << 30);
        final IllegalArgumentException tooBig =
                assertThrows(IllegalArgumentException.class, huge::build);
        assertTrue(tooBig.getMessage().contains("4 GiB"), tooBig.getMessage());
    }

    @Test
    void shouldValidateAllocations() {
        assertThrows(IllegalArgumentException.class,
                () -> new Allocation(0, 8, Allocation.Kind.HEAP));
        assertThrows(IllegalArgumentException.class,
                () -> new Allocation(64, 0, Allocation.Kind.HEAP));
        assertEquals(64, new Allocation(64, 8, Allocation.Kind.FAST_GET).address());
    }
}
