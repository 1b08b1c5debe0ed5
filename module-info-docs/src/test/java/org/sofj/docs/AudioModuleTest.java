package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
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
    void shouldRequireOnlyTheApiAgronaHdrHistogramAndJavaManagement() {
        assertEquals(Set.of("java.base", "java.management", "org.sofj.api", "org.agrona",
                "HdrHistogram"),
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
        final ModuleLayer layer = ModuleJars.layerOf("org.sofj.audio", Errno.class,
                providerClass(), org.agrona.DirectBuffer.class, org.HdrHistogram.Histogram.class);
        assertEquals(Set.of("org.sofj.api", "org.sofj.audio", "org.agrona", "HdrHistogram"),
                ModuleJars.names(layer), "resolves from its jars alone");
        assertEquals(1, ModuleJars.providers(layer, SPI).size());
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
