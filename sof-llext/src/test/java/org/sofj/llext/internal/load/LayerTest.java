package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

final class LayerTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static Map<String, byte[]> classesA;
    private static Map<String, byte[]> classesB;

    @TempDir
    Path dir;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
                Set.of(KEY.getPublic()));

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @BeforeAll
    static void compile(@TempDir Path a, @TempDir Path b) {
        classesA = TestPlugins.compile(a, TestPlugins.sources("A"));
        classesB = TestPlugins.compile(b, TestPlugins.sources("B"));
    }

    private Path library(Map<String, byte[]> classes, String name) {
        final String toml = TestPlugins.toml("1.0.0", "user_mode = 1")
                .replace("name = \"gainlib\"", "name = \"" + name + "\"");
        return TestPlugins.pack(dir, TestPlugins.jar(classes, toml), KEY, name + ".sofjlib");
    }

    @Test
    void shouldTakeTheProviderFromTheLibrarysOwnLayer() {
        final LoadedLibrary lib = loader.load(1, library(classesA, "liba"));
        final ModuleProvider p = lib.provider("GAIN");
        assertSame(lib.layer(), p.getClass().getModule().getLayer());
        assertNotSame(ModuleLayer.boot(), lib.layer());
        assertEquals("A", p.create("GAIN").toString());
        assertEquals(Set.of("java.base", "org.sofj.api"), p.getClass().getModule()
                .getDescriptor().requires().stream().map(r -> r.name())
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void shouldKeepLibrariesApartWhenTheyHaveTheSameClassNames() throws Exception {
        final LoadedLibrary a = loader.load(1, library(classesA, "liba"));
        final LoadedLibrary b = loader.load(2, library(classesB, "libb"));
        final Class<?> ca = a.provider("GAIN").getClass();
        final Class<?> cb = b.provider("GAIN").getClass();
        assertEquals(ca.getName(), cb.getName());
        assertNotSame(ca, cb);
        assertNotSame(ca.getClassLoader(), cb.getClassLoader());
        assertSame(ca, ca.getClassLoader().loadClass("test.plugin.GainProvider"));
        assertFalse(a.layer().modules().contains(cb.getModule()));
        assertEquals("A", a.provider("GAIN").create("GAIN").toString());
        assertEquals("B", b.provider("GAIN").create("GAIN").toString());
    }

    @Test
    void shouldLoadAgainWhenUnloaded() {
        final Path file = library(classesA, "liba");
        loader.load(1, file);
        assertEquals(0, loader.unload(1));
        assertTrue(loader.library(1).isEmpty());
        assertEquals("A", loader.load(1, file).provider("GAIN").create("GAIN").toString());
    }

    @Test
    void shouldRefuseUnloadWithEbusyWhileAnInstanceLives() {
        final LoadedLibrary lib = loader.load(1, library(classesA, "liba"));
        assertEquals(1, lib.acquire("GAIN"));
        assertEquals(-Errno.EBUSY, loader.unload(1));
        assertTrue(loader.library(1).isPresent());
        assertEquals(0, lib.release("GAIN"));
        assertEquals(0, loader.unload(1));
        assertThrows(IllegalStateException.class, () -> lib.acquire("GAIN"));
    }

    @Test
    void shouldAnswerEnoentWhenUnloadingANotLoadedId() {
        assertEquals(-Errno.ENOENT, loader.unload(5));
    }

    @Test
    void shouldMakeTheLayerCollectableWhenUnloaded() {
        final WeakReference<ClassLoader> ref = loadUseAndUnload();
        final boolean collected = Collectability.awaitCollected(ref);
        assertTrue(collected, () -> "the library's class loader is still reachable after "
                + Collectability.ROUNDS + " GC rounds; " + Collectability.holders(ref, loader));
        assertNull(ref.get());
    }

    private WeakReference<ClassLoader> loadUseAndUnload() {
        final LoadedLibrary lib = loader.load(1, library(classesA, "liba"));
        final ModuleProvider p = lib.provider("GAIN");
        lib.acquire("GAIN");
        assertEquals("A", p.create("GAIN").toString());
        lib.release("GAIN");
        final WeakReference<ClassLoader> ref = new WeakReference<>(p.getClass().getClassLoader());
        assertEquals(0, loader.unload(1));
        return ref;
    }
}
