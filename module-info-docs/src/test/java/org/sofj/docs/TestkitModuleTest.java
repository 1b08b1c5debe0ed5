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
import org.sofj.testkit.ModuleHarness;

/**
 * Pins {@code org.sofj.testkit}: of sofj's modules it requires the runtime (transitively,
 * its types appear in the kit's signatures) and sof-llext (the loader's link check on the module
 * under test), plus {@code jdk.management} for the allocation check; it uses the memory-system SPI for the checks that run a module outside the runtime,
 * exports one unqualified package, provides nothing and opens nothing.
 */
final class TestkitModuleTest {
    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.testkit", ModuleHarness.class);

    @Test
    void shouldRequireTheRuntimeTransitivelyAndSofLlextOfOurModules() {
        assertEquals(Set.of("java.base", "org.sofj.runtime", "jdk.management", "org.sofj.llext"),
                descriptor
                .requires().stream().map(Requires::name).collect(Collectors.toSet()));
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals(
                "org.sofj.runtime") && r.modifiers().contains(Requires.Modifier.TRANSITIVE)));
    }

    @Test
    void shouldExportExactlyTheTestkitPackageUnqualified() {
        assertEquals(Set.of("org.sofj.testkit"), descriptor.exports().stream()
                .map(Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.exports().stream().noneMatch(Exports::isQualified));
    }

    @Test
    void shouldNotBeOpenAndOpenNothing() {
        assertFalse(descriptor.isOpen());
        assertTrue(descriptor.opens().isEmpty());
    }

    @Test
    void shouldUseTheMemorySystemSpiAndProvideNothing() {
        assertEquals(Set.of("org.sofj.api.spi.MemorySystemProvider"), descriptor.uses());
        assertTrue(descriptor.provides().isEmpty());
    }
}
