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
import org.sofj.runtime.SofRuntime;

/**
 * Pins {@code org.sofj.runtime}: of sofj's modules it requires only the API (DESIGN 1), and it
 * reaches the memory system, audio engine and library loader only through {@code uses}.
 */
final class RuntimeModuleTest {
    private final ModuleDescriptor descriptor =
            ModuleJars.descriptor("org.sofj.runtime", SofRuntime.class);

    @Test
    void shouldRequireOnlyTheApiOfOurModules() {
        final Set<String> requires = descriptor.requires().stream().map(Requires::name)
                .collect(Collectors.toSet());
        assertEquals(Set.of("java.base", "org.sofj.api", "jdk.jfr", "jdk.management",
                "com.fasterxml.jackson.databind", "com.fasterxml.jackson.dataformat.toml",
                "org.agrona"), requires, "jdk.management: per-thread allocation counters charge "
                + "user-mode instances; Jackson: the topology reader (org.sofj.runtime.topology); "
                + "org.agrona: the idle strategy of every wait loop");
        assertTrue(descriptor.requires().stream().anyMatch(r -> r.name().equals("org.sofj.api")
                && r.modifiers().contains(Requires.Modifier.TRANSITIVE)),
                "the API's types appear in the runtime's exported signatures");
    }

    @Test
    void shouldUseTheThreePlatformSpis() {
        assertEquals(Set.of("org.sofj.api.spi.MemorySystemProvider",
                "org.sofj.api.spi.AudioEngineProvider", "org.sofj.api.spi.LibraryLoaderProvider"),
                descriptor.uses());
        assertTrue(descriptor.provides().isEmpty());
    }

    @Test
    void shouldExportItsEmbeddingApiOnlyAndUnqualified() {
        assertEquals(Set.of("org.sofj.runtime", "org.sofj.runtime.host", "org.sofj.runtime.ipc",
                "org.sofj.runtime.topology"),
                descriptor.exports().stream().map(Exports::source).collect(Collectors.toSet()));
        assertTrue(descriptor.exports().stream().noneMatch(Exports::isQualified));
        assertFalse(descriptor.isOpen());
        assertTrue(descriptor.opens().isEmpty());
    }
}
