package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryLayout;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/** Pins the descriptor of {@code org.sofj.audio}, read from its built artifact. */
final class AudioModuleTest {
    private static final String PROVIDER = "org.sofj.audio.internal.LowLatencyEngineProvider";
    private static final String SPI = "org.sofj.api.spi.AudioEngineProvider";

    private static Class<?> providerClass() {
        try {
            return Class.forName(PROVIDER);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.audio", providerClass());

    @Test
    void shouldRequireOnlyTheApiAgronaAndHdrHistogram() {
        assertEquals(Set.of("java.base", "org.sofj.api", "org.agrona", "HdrHistogram"),
                descriptor.requires().stream().map(Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void shouldExportNothingAndOpenNothing() {
        assertTrue(ModuleJars.sealed(descriptor), descriptor.toString());
    }

    @Test
    void shouldProvideTheAudioEngineSpiOnly() {
        assertEquals(List.of(SPI + " with " + PROVIDER), ModuleJars.provisions(descriptor));
        assertTrue(descriptor.uses().isEmpty());
    }

    @Test
    void shouldShipAServicesFileThatAgreesWithProvides() {
        assertEquals(PROVIDER, ModuleJars.servicesFile("org.sofj.audio", providerClass(), SPI));
    }

    @Test
    void shouldBeFoundWithServiceLoaderInALayerOfTheBuiltJars() {
        final ModuleFinder finder = ModuleFinder.of(ModuleJars.locationOf(Errno.class),
                ModuleJars.locationOf(providerClass()),
                ModuleJars.locationOf(org.agrona.DirectBuffer.class),
                ModuleJars.locationOf(org.HdrHistogram.Histogram.class));
        final Configuration cf = ModuleLayer.boot().configuration()
                .resolve(finder, ModuleFinder.of(), Set.of("org.sofj.audio"));
        assertEquals(Set.of("org.sofj.api", "org.sofj.audio", "org.agrona", "HdrHistogram"),
                cf.modules().stream().map(m -> m.name()).collect(Collectors.toSet()),
                "resolves from its jars alone");
        final ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf,
                ClassLoader.getPlatformClassLoader());
        final long found = ServiceLoader.load(layer, loadSpi(layer)).stream().count();
        assertEquals(1, found);
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> loadSpi(ModuleLayer layer) {
        try {
            return (Class<Object>) Class.forName(SPI, false, layer.findLoader("org.sofj.api"));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldCreateAWorkingEngineFromTheClassPathServicesFile() {
        final AudioEngineProvider provider =
                ServiceLoader.load(AudioEngineProvider.class).findFirst().orElseThrow();
        try (MemorySystem memory = ServiceLoader.load(MemorySystemProvider.class).findFirst()
                        .orElseThrow().create(MemoryLayout.defaults());
                AudioEngine engine = provider.create(memory)) {
            final AudioEngine.Buffer ring = engine.newRingBuffer(
                    memory.heap(HeapRegion.SHARED_BUFFER), 384, 384,
                    AudioFormat.of(48_000, 2, SampleFormat.S32_LE));
            assertEquals(1152, ring.size());
        }
    }
}
