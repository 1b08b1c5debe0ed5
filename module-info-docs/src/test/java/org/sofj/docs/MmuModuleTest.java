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
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/** Pins the descriptor of {@code org.sofj.mmu}, read from its built artifact. */
final class MmuModuleTest {
    private static final String PROVIDER = "org.sofj.mmu.internal.MmuProvider";
    private static final String SPI = "org.sofj.api.spi.MemorySystemProvider";

    private static Class<?> providerClass() {
        try {
            return Class.forName(PROVIDER);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.mmu", providerClass());

    @Test
    void shouldRequireOnlyTheApiAndAgrona() {
        assertEquals(Set.of("java.base", "org.sofj.api", "org.agrona"), descriptor.requires()
                .stream().map(Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void shouldExportNothingAndOpenNothing() {
        assertTrue(ModuleJars.sealed(descriptor), descriptor.toString());
    }

    @Test
    void shouldProvideTheMemorySystemSpiOnly() {
        assertEquals(List.of(SPI + " with " + PROVIDER), ModuleJars.provisions(descriptor));
        assertTrue(descriptor.uses().isEmpty());
    }

    @Test
    void shouldShipAServicesFileThatAgreesWithProvides() {
        assertEquals(PROVIDER, ModuleJars.servicesFile("org.sofj.mmu", providerClass(), SPI));
    }

    @Test
    void shouldBeFoundWithServiceLoaderInALayerOfTheBuiltJars() {
        final ModuleLayer layer = ModuleJars.layerOf("org.sofj.mmu", Errno.class,
                providerClass(), org.agrona.DirectBuffer.class);
        assertEquals(Set.of("org.sofj.api", "org.sofj.mmu", "org.agrona"),
                ModuleJars.names(layer), "resolves from its jars alone");
        assertEquals(1, ModuleJars.providers(layer, SPI).size());
    }

    @Test
    void shouldCreateAWorkingMemorySystemFromTheClassPathServicesFile() {
        final MemorySystemProvider provider =
                ServiceLoader.load(MemorySystemProvider.class).findFirst().orElseThrow();
        try (MemorySystem system = provider.create(MemoryLayout.defaults())) {
            assertEquals(0x7000_0000L, system.map().region("hostbox").start());
        }
    }
}
