package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

/** The layout and contents of mapped sections, resource addresses and domain mapping. */
final class SectionMappingTest {
    private static final int PAGE = MemoryRegions.PAGE_SIZE;
    /** Bounds the wait for a user thread that does a few accesses (not a timing assertion). */
    private static final long JOIN_SECONDS = 30;
    private static final KeyPair KEY = LibraryKeys.generate();
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private final MemorySystem memory = TestMemory.create();
    private final MemoryAccess access = memory.access();
    private final LlextLibraryLoader loader =
            new LlextLibraryLoader(memory, Set.of(KEY.getPublic()));
    private MappableLibrary plugin;

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    @AfterEach
    void closeMemory() {
        memory.close();
    }

    private LoadedLibrary mapped(int isPages) {
        plugin = new MappableLibrary(classes, isPages);
        final LoadedLibrary lib = loader.load(1, plugin.pack(dir, KEY));
        lib.acquire("GAIN");
        return lib;
    }

    private byte[] read(long address, int length) {
        final byte[] b = new byte[length];
        access.getBytes(address, b, 0, length);
        return b;
    }

    @Test
    void shouldPlacePageAlignedSectionsWithTheirAttributesInTheLibraryRegion() {
        final List<Partition> s = mapped(2).sections("GAIN");
        assertEquals(List.of(PartitionAttribute.P_RX_U_RX, PartitionAttribute.P_RO_U_RO,
                PartitionAttribute.P_RW_U_RW), s.stream().map(Partition::attribute).toList());
        assertEquals(List.of("gainlib/GAIN.text", "gainlib/GAIN.rodata", "gainlib/GAIN.data"),
                s.stream().map(Partition::name).toList());
        assertEquals(MemoryRegions.alignUp(plugin.expectedText().length, PAGE), s.get(0).size());
        assertEquals(MemoryRegions.alignUp(plugin.expectedRodata().length, PAGE),
                s.get(1).size());
        assertEquals(2L * PAGE, s.get(2).size());
        final Heap region = memory.heap(HeapRegion.LIBRARY);
        for (Partition p : s) {
            assertTrue(MemoryRegions.isAligned(p.start(), PAGE), p::toString);
            assertTrue(p.start() >= region.start() && p.end() <= region.start() + region.size(),
                    p::toString);
        }
    }

    @Test
    void shouldLeaveOutDataAndBssWhenIsPagesIsZero() {
        final List<Partition> s = mapped(0).sections("GAIN");
        assertEquals(List.of(PartitionAttribute.P_RX_U_RX, PartitionAttribute.P_RO_U_RO),
                s.stream().map(Partition::attribute).toList());
    }

    @Test
    void shouldHoldTheClassBytesInTextThenZeroes() {
        final Partition text = mapped(0).sections("GAIN").get(0);
        final byte[] expected = plugin.expectedText();
        assertArrayEquals(expected, read(text.start(), expected.length));
        final int tail = (int) text.size() - expected.length;
        assertArrayEquals(new byte[tail], read(text.start() + expected.length, tail));
    }

    @Test
    void shouldHoldTheOtherEntriesInRodata() {
        final Partition rodata = mapped(0).sections("GAIN").get(1);
        final byte[] expected = plugin.expectedRodata();
        assertArrayEquals(expected, read(rodata.start(), expected.length));
    }

    @Test
    void shouldAnswerTheAddressOfTheResourcesExactBytes() {
        final LoadedLibrary lib = mapped(0);
        final long at = lib.resourceAddress("GAIN", MappableLibrary.RESOURCE).orElseThrow();
        final Partition rodata = lib.sections("GAIN").get(1);
        final byte[] expected = MappableLibrary.resourceBytes();
        assertTrue(rodata.contains(at, expected.length));
        assertArrayEquals(expected, read(at, expected.length));
    }

    @Test
    void shouldAnswerNoAddressForAClassEntryOrAMissingResource() {
        final LoadedLibrary lib = mapped(0);
        assertTrue(lib.resourceAddress("GAIN", "test/plugin/Gain.class").isEmpty());
        assertTrue(lib.resourceAddress("GAIN", "test/plugin/none.bin").isEmpty());
    }

    @Test
    void shouldZeroBssWhenMappedAgain() {
        final LoadedLibrary lib = mapped(1);
        final Partition bss = lib.sections("GAIN").get(2);
        access.setMemory(bss.start(), bss.size(), (byte) 0x5A);
        lib.release("GAIN");
        lib.acquire("GAIN");
        final Partition again = lib.sections("GAIN").get(2);
        assertEquals(bss.start(), again.start(), "first fit hands back the same block");
        assertArrayEquals(new byte[PAGE], read(again.start(), PAGE));
    }

    @Test
    void shouldAddThePartitionsToEveryInstancesDomain() {
        final LoadedLibrary lib = mapped(1);
        lib.acquire("GAIN");
        final MemoryDomain first = memory.newDomain("gain-0");
        final MemoryDomain second = memory.newDomain("gain-1");
        assertEquals(0, lib.addToDomain("GAIN", first));
        assertEquals(0, lib.addToDomain("GAIN", second));
        assertEquals(lib.sections("GAIN"), first.partitions());
        assertEquals(lib.sections("GAIN"), second.partitions(), "spec 11 item 7 fixed");
    }

    @Test
    void shouldReturnEinvalAndLeaveTheDomainAsItWasWhenAPartitionOverlaps() {
        final LoadedLibrary lib = mapped(1);
        final Partition rodata = lib.sections("GAIN").get(1);
        final MemoryDomain domain = memory.newDomain("gain-0");
        final Partition squatter = new Partition("squatter", rodata.start(), PAGE,
                PartitionAttribute.P_RW_U_RW);
        assertEquals(0, domain.addPartition(squatter));
        assertEquals(-Errno.EINVAL, lib.addToDomain("GAIN", domain));
        assertEquals(List.of(squatter), domain.partitions(), "text was added, then removed");
    }

    @Test
    void shouldThrowWhenAddingAnUnmappedModuleToADomain() {
        final LoadedLibrary lib = mapped(0);
        lib.release("GAIN");
        final MemoryDomain domain = memory.newDomain("gain-0");
        assertThrows(IllegalStateException.class, () -> lib.addToDomain("GAIN", domain));
        assertEquals(List.of(), domain.partitions());
    }

    @Test
    void shouldLetAUserThreadReadRodataAndExecuteTextButNotWriteText() throws Exception {
        final LoadedLibrary lib = mapped(1);
        final MemoryDomain domain = memory.newDomain("gain-0");
        assertEquals(0, lib.addToDomain("GAIN", domain));
        final long resource = lib.resourceAddress("GAIN", MappableLibrary.RESOURCE).orElseThrow();
        final Partition text = lib.sections("GAIN").get(0);
        final byte[] seen = new byte[MappableLibrary.resourceBytes().length];
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicReference<Throwable> writeFault = new AtomicReference<>();
        final Thread user = memory.newUserThread("gain-dp", domain, PAGE, () -> {
            try {
                access.getBytes(resource, seen, 0, seen.length);
                access.check(text.start(), text.size(), AccessKind.EXECUTE);
            } catch (Throwable t) {
                failure.set(t);
                return;
            }
            try {
                access.putByte(text.start(), (byte) 1);
            } catch (Throwable t) {
                writeFault.set(t);
            }
        });
        user.start();
        user.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        assertFalse(user.isAlive(), "the user thread did not finish");
        assertNull(failure.get(), () -> "read/execute failed: " + failure.get());
        assertArrayEquals(MappableLibrary.resourceBytes(), seen);
        final MemoryFault fault = assertInstanceOf(MemoryFault.class, writeFault.get());
        assertEquals(AccessKind.WRITE, fault.kind());
        assertTrue(fault.getMessage().contains("gainlib/GAIN.text"), fault.getMessage());
    }
}
