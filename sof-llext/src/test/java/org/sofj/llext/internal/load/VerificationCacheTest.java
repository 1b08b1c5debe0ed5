package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ProcessingModule;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.pack.LibraryContainer;

/** A loader verifies a library's content once and re-loads known content without the checks. */
final class VerificationCacheTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final String GAIN = "test/plugin/Gain.class";
    private static final String PROVIDER = "test/plugin/GainProvider.class";
    private static Map<String, byte[]> classes;

    @TempDir
    Path dir;

    private final MemorySystem memory = TestMemory.create();
    private final LlextLibraryLoader loader = new LlextLibraryLoader(memory,
            Set.of(TRUSTED.getPublic()));

    @BeforeAll
    static void compile(@TempDir Path work) {
        classes = TestPlugins.compile(work, TestPlugins.sources("A"));
    }

    @AfterEach
    void close() {
        memory.close();
    }

    /** A valid library; a different {@code copy} gives different content (a TOML comment). */
    private Path library(int copy) {
        final String toml = TestPlugins.toml("1.0.0", "user_mode = 1\n# copy " + copy);
        return TestPlugins.pack(dir, TestPlugins.jar(classes, toml), TRUSTED,
                "lib" + copy + ".sofjlib");
    }

    private void loadAndUnload(Path file) {
        assertEquals("gainlib", loader.load(1, file).name());
        assertEquals(0, loader.unload(1));
    }

    @Test
    void shouldSkipVerificationWhenKnownContentIsLoadedAgain() {
        final Path file = library(0);
        loadAndUnload(file);
        assertEquals(0, loader.verifiedHits());
        final LoadedLibrary again = loader.load(1, file);
        assertEquals(1, loader.verifiedHits());
        assertEquals("GAIN", again.modules().get(0).name());
        assertEquals(2, loader.linkedCount(), "a cached load still links its own layer");
    }

    @Test
    void shouldDefineANewLayerFromTheSameConfigurationWhenKnownContentIsLoadedAgain()
            throws Exception {
        final Path file = library(0);
        final ModuleLayer first = loader.load(1, file).layer();
        final Class<?> firstProvider = provider(first);
        assertEquals(0, loader.unload(1));
        final ModuleLayer second = loader.load(1, file).layer();
        assertEquals(1, loader.verifiedHits());
        assertSame(first.configuration(), second.configuration(),
                "a re-load of known content does not resolve its module again");
        assertNotSame(first, second);
        final Class<?> secondProvider = provider(second);
        assertNotSame(firstProvider, secondProvider, "its classes are defined again");
        assertNotSame(firstProvider.getClassLoader(), secondProvider.getClassLoader());
        assertSame(second, secondProvider.getModule().getLayer());
    }

    @Test
    void shouldDefineNoClassOfKnownContentUntilItIsUsedWhenLoadedAgain() {
        final Path file = library(0);
        final InMemoryModule module = module(loader.load(1, file).layer());
        assertEquals(1, module.reads(GAIN), "a first load defines every class");
        assertEquals(1, module.reads(PROVIDER));
        assertEquals(0, loader.unload(1));
        final LoadedLibrary again = loader.load(1, file);
        assertSame(module, module(again.layer()), "the re-load's layer reads the same module");
        assertEquals(1, module.reads(GAIN), "the re-load defined no module class");
        assertEquals(2, module.reads(PROVIDER), "only its provider, which ServiceLoader loads");
        final ProcessingModule instance = again.provider("GAIN").create("GAIN");
        assertEquals(2, module.reads(GAIN), "defined at its first use");
        assertEquals("A", instance.toString());
        assertSame(again.layer(), instance.getClass().getModule().getLayer());
        assertEquals(0, instance.init(null));
    }

    private static InMemoryModule module(ModuleLayer layer) {
        return (InMemoryModule) layer.configuration().findModule("test.plugin").orElseThrow()
                .reference();
    }

    private static Class<?> provider(ModuleLayer layer) throws ClassNotFoundException {
        return Class.forName("test.plugin.GainProvider", false, layer.findLoader("test.plugin"));
    }

    @Test
    void shouldVerifyAgainAndRefuseWhenOneByteOfAKnownFileChanges() throws Exception {
        final Path file = library(0);
        loadAndUnload(file);
        final byte[] good = Files.readAllBytes(file);
        final byte[] jar = LibraryContainer.read(file).pluginJar();
        final int stored = StoredContainerTest.indexOf(good, jar);
        assertTrue(stored >= 0, "plugin.jar is stored as it is in the library file");
        final int at = stored + jar.length / 2;
        final byte[] bad = good.clone();
        bad[at] ^= 1;
        Files.write(file, bad);
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(1, file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(0, loader.verifiedHits(), "the changed bytes were not taken as known");
        assertEquals(Set.of(), loader.libIds());
        assertEquals(1, loader.linkedCount());
        Files.write(file, good);
        loadAndUnload(file);
        assertEquals(1, loader.verifiedHits(), "the original bytes are still known");
    }

    @Test
    void shouldVerifyAgainWhenOnlyTheSignatureDiffers() {
        final Path file = library(0);
        loadAndUnload(file);
        final LibraryContainer c = LibraryContainer.read(file);
        final byte[] sig = c.signature().clone();
        sig[5] ^= 1;
        final Path forged = dir.resolve("forged.sofjlib");
        new LibraryContainer(c.manifest(), c.toml(), c.pluginJar(), c.keyId(), sig).write(forged);
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> loader.load(1, forged));
        assertEquals(-Errno.EACCES, e.errno());
        assertTrue(e.getMessage().contains("bad signature"), e.getMessage());
        assertEquals(0, loader.verifiedHits());
        assertEquals(Set.of(), loader.libIds());
    }

    @Test
    void shouldNotRememberContentThatFailedVerification() {
        final LibraryContainer c = LibraryContainer.read(library(0));
        final LibraryContainer strangers = LibraryContainer.sign(c.manifest(), c.toml(),
                c.pluginJar(), LibraryKeys.generate());
        final Path file = dir.resolve("stranger.sofjlib");
        strangers.write(file);
        for (int i = 0; i < 2; i++) {
            final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                    () -> loader.load(1, file));
            assertTrue(e.getMessage().contains("untrusted key"), e.getMessage());
        }
        assertEquals(0, loader.verifiedHits());
    }

    @Test
    void shouldVerifyInFullInAnotherLoader() {
        final Path file = library(0);
        loadAndUnload(file);
        final LlextLibraryLoader other = new LlextLibraryLoader(memory, Set.of(TRUSTED.getPublic()));
        assertEquals("gainlib", other.load(2, file).name());
        assertEquals(0, other.verifiedHits());
    }

    @Test
    void shouldForgetTheLeastRecentlyUsedContentPastTheLimit() {
        final Path first = library(0);
        loadAndUnload(first);
        for (int copy = 1; copy <= LlextLibraryLoader.MAX_VERIFIED; copy++) {
            loadAndUnload(library(copy));
        }
        assertEquals(0, loader.verifiedHits());
        loadAndUnload(library(LlextLibraryLoader.MAX_VERIFIED));
        assertEquals(1, loader.verifiedHits(), "the newest is still known");
        loadAndUnload(first);
        assertEquals(1, loader.verifiedHits(), "the oldest was forgotten and verified again");
    }
}
