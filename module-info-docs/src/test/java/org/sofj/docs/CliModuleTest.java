package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Opens;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.cli.internal.Main;

/** Pins the descriptor of {@code org.sofj.cli}, read from its built artifact. */
final class CliModuleTest {
    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.cli", Main.class);

    @Test
    void shouldRequireTheRuntimeLlextPicocliJacksonAndTheJdkModulesItUses() {
        assertEquals(Set.of("java.base", "org.sofj.api", "org.sofj.runtime", "org.sofj.llext",
                "info.picocli", "com.fasterxml.jackson.databind",
                "com.fasterxml.jackson.dataformat.toml", "java.logging", "java.management"),
                descriptor.requires().stream().map(Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void shouldExportNothingBecauseItIsATool() {
        assertTrue(descriptor.exports().isEmpty());
    }

    @Test
    void shouldOpenOnlyTheCommandPackageAndOnlyToPicocli() {
        assertFalse(descriptor.isOpen());
        assertEquals(1, descriptor.opens().size());
        final Opens open = descriptor.opens().iterator().next();
        assertEquals("org.sofj.cli.internal", open.source());
        assertEquals(Set.of("info.picocli"), open.targets());
    }

    @Test
    void shouldProvideNothingAndUseModuleProvidersForBench() {
        assertTrue(descriptor.provides().isEmpty());
        assertEquals(Set.of("org.sofj.api.spi.ModuleProvider"), descriptor.uses());
    }
}
