package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;

/** Pins the descriptor of {@code org.sofj.api}, read from its built artifact. */
final class ApiModuleTest {
    private final ModuleDescriptor descriptor = ModuleJars.descriptor("org.sofj.api", Errno.class);

    @Test
    void shouldRequireOnlyJavaBase() {
        final Set<String> requires = descriptor.requires().stream().map(Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base"), requires);
    }

    @Test
    void shouldExportExactlyTheApiPackages() {
        final Set<String> exports = descriptor.exports().stream().map(Exports::source)
                .collect(Collectors.toSet());
        assertEquals(Set.of("org.sofj.api", "org.sofj.api.audio", "org.sofj.api.memory",
                "org.sofj.api.spi"), exports);
    }

    @Test
    void shouldHaveNoQualifiedExports() {
        assertTrue(descriptor.exports().stream().noneMatch(Exports::isQualified));
    }

    @Test
    void shouldBeNeitherOpenNorAutomatic() {
        assertFalse(descriptor.isOpen());
        assertFalse(descriptor.isAutomatic());
        assertTrue(descriptor.opens().isEmpty());
    }

    @Test
    void shouldNeitherUseNorProvideServices() {
        assertTrue(descriptor.uses().isEmpty());
        assertTrue(descriptor.provides().isEmpty());
    }

    @Test
    void shouldResolveAloneOnTheModulePath() {
        final ModuleLayer layer = ModuleJars.layerOf("org.sofj.api", Errno.class);
        assertEquals(Set.of("org.sofj.api"), ModuleJars.names(layer));
        assertTrue(layer.findModule("org.sofj.api").isPresent());
    }
}
