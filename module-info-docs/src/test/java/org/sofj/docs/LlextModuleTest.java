package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Provides;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.llext.LibraryPacker;

/** Pins the descriptor of {@code org.sofj.llext}, read from its built artifact. */
final class LlextModuleTest {
    private static final String PROVIDER = "org.sofj.llext.internal.LlextLibraryLoaderProvider";
    private static final String SPI = "org.sofj.api.spi.LibraryLoaderProvider";

    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.llext", LibraryPacker.class);

    @Test
    void shouldRequireOnlyTheApiAsmAndJackson() {
        // asm-tree: the preemption checks look ahead in a method's code
        final Set<String> requires = descriptor.requires().stream().map(Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "org.sofj.api", "org.objectweb.asm",
                "org.objectweb.asm.tree", "com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.dataformat.toml"),
                requires);
    }

    @Test
    void shouldRequireTheApiTransitivelyBecauseExportedSignaturesUseIt() {
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("org.sofj.api")
                && r.modifiers().contains(Requires.Modifier.TRANSITIVE)));
    }

    @Test
    void shouldExportExactlyThePackApi() {
        assertEquals(Set.of("org.sofj.llext"), descriptor.exports().stream()
                .map(Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.exports().stream().noneMatch(Exports::isQualified));
    }

    @Test
    void shouldBeNeitherOpenNorAutomatic() {
        assertFalse(descriptor.isOpen());
        assertFalse(descriptor.isAutomatic());
        assertTrue(descriptor.opens().isEmpty());
    }

    @Test
    void shouldProvideTheLibraryLoaderAndUseModuleProviders() {
        assertEquals(Set.of(SPI), descriptor.provides().stream().map(Provides::service)
                .collect(Collectors.toSet()));
        assertEquals(List.of(PROVIDER), descriptor.provides().iterator().next().providers());
        assertEquals(Set.of("org.sofj.api.spi.ModuleProvider"), descriptor.uses());
    }

    @Test
    void shouldShipAServicesFileThatAgreesWithProvides() {
        assertEquals(PROVIDER, ModuleJars.servicesFile("org.sofj.llext", LibraryPacker.class, SPI));
    }
}
