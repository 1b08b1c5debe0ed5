package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.Partition;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

/** Scenario 21: llext use counts, mapping on the first instance and unmapping on the last. */
final class UseCountTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final int PAGE = MemoryRegions.PAGE_SIZE;
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private MemorySystem memory = TestMemory.create();
    private LlextLibraryLoader loader = new LlextLibraryLoader(memory, Set.of(KEY.getPublic()));

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    @AfterEach
    void closeMemory() {
        memory.close();
    }

    private LoadedLibrary load(int isPages) {
        return loader.load(1, new MappableLibrary(classes, isPages).pack(dir, KEY));
    }

    private Heap libraryHeap() {
        return memory.heap(HeapRegion.LIBRARY);
    }

    @Test
    void shouldMapOnceAndCountTwoWhenTwoInstancesAreCreated() {
        final LoadedLibrary lib = load(1);
        assertEquals(1, lib.acquire("GAIN"));
        final List<Partition> first = lib.sections("GAIN");
        final HeapStats afterFirst = libraryHeap().stats();
        assertEquals(2, lib.acquire("GAIN"));
        assertEquals(first, lib.sections("GAIN"));
        assertEquals(afterFirst, libraryHeap().stats(), "the second instance allocates nothing");
        assertEquals(3, afterFirst.allocationCount(), "text, rodata and data+bss blocks");
        assertEquals(2, lib.liveInstances());
    }

    @Test
    void shouldStayMappedWhenOneOfTwoInstancesIsDeleted() {
        final LoadedLibrary lib = load(1);
        lib.acquire("GAIN");
        lib.acquire("GAIN");
        final List<Partition> mapped = lib.sections("GAIN");
        final HeapStats before = libraryHeap().stats();
        assertEquals(1, lib.release("GAIN"));
        assertEquals(mapped, lib.sections("GAIN"));
        assertEquals(before, libraryHeap().stats());
        assertEquals(-Errno.EBUSY, loader.unload(1));
    }

    @Test
    void shouldUnmapAndReturnTheBlocksWhenTheLastInstanceIsDeleted() {
        final LoadedLibrary lib = load(1);
        final HeapStats empty = libraryHeap().stats();
        lib.acquire("GAIN");
        lib.acquire("GAIN");
        lib.release("GAIN");
        assertEquals(0, lib.release("GAIN"));
        assertEquals(List.of(), lib.sections("GAIN"));
        assertTrue(lib.resourceAddress("GAIN", MappableLibrary.RESOURCE).isEmpty());
        final HeapStats after = libraryHeap().stats();
        assertEquals(empty.usedBytes(), after.usedBytes());
        assertEquals(empty.freeBytes(), after.freeBytes());
        assertEquals(0, after.allocationCount());
        assertEquals(0, lib.liveInstances());
    }

    @Test
    void shouldRemapWithoutRelinkingWhenCreatedAgain() {
        final LoadedLibrary lib = load(1);
        final ModuleLayer layer = lib.layer();
        final ModuleProvider provider = lib.provider("GAIN");
        lib.acquire("GAIN");
        lib.release("GAIN");
        assertEquals(1, lib.acquire("GAIN"));
        assertEquals(3, lib.sections("GAIN").size());
        assertSame(layer, lib.layer());
        assertSame(provider, lib.provider("GAIN"));
        assertSame(layer, lib.provider("GAIN").getClass().getModule().getLayer());
        assertEquals(1, loader.linkedCount(), "the link check ran once, at load");
        assertEquals("A", provider.create("GAIN").toString());
    }

    @Test
    void shouldRefuseUnloadWhileMappedAndAllowItAfterTheLastRelease() {
        final LoadedLibrary lib = load(0);
        lib.acquire("GAIN");
        assertEquals(-Errno.EBUSY, loader.unload(1));
        lib.release("GAIN");
        assertEquals(0, loader.unload(1));
        assertEquals(0, libraryHeap().stats().allocationCount());
    }

    @Test
    void shouldThrowWhenReleasingAModuleWithNoLiveInstance() {
        final LoadedLibrary lib = load(0);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lib.release("GAIN"));
        assertTrue(e.getMessage().contains("module=GAIN"), e.getMessage());
    }

    @Test
    void shouldThrowWhenTheModuleIsNotInTheLibrary() {
        final LoadedLibrary lib = load(0);
        assertThrows(IllegalArgumentException.class, () -> lib.acquire("EQ"));
        assertThrows(IllegalArgumentException.class, () -> lib.sections("EQ"));
    }

    @Test
    void shouldThrowNamingNeedAndFreeAndAllocateNothingWhenTheRegionIsFull() {
        memory.close();
        memory = TestMemory.create(MemoryLayout.builder()
                .libraryRegionBytes(4L * PAGE).build());
        loader = new LlextLibraryLoader(memory, Set.of(KEY.getPublic()));
        final MappableLibrary plugin = new MappableLibrary(classes, 4);
        final LoadedLibrary lib = loader.load(1, plugin.pack(dir, KEY));
        final long needed = MemoryRegions.alignUp(plugin.expectedText().length, PAGE)
                + MemoryRegions.alignUp(plugin.expectedRodata().length, PAGE) + 4L * PAGE;
        final HeapStats before = libraryHeap().stats();
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lib.acquire("GAIN"));
        assertTrue(e.getMessage().contains("module=gainlib/GAIN"), e.getMessage());
        assertTrue(e.getMessage().contains("needed=" + needed + " bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("free=" + before.freeBytes()), e.getMessage());
        final HeapStats after = libraryHeap().stats();
        assertTrue(after.highWaterMark() > before.highWaterMark(),
                "text and rodata fit and were allocated before data+bss failed");
        assertEquals(before.usedBytes(), after.usedBytes(), "and were freed again");
        assertEquals(0, after.allocationCount());
        assertEquals(0, lib.liveInstances());
        assertEquals(List.of(), lib.sections("GAIN"));
    }
}
