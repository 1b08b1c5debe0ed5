package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleDescriptor.Requires;
import java.util.Set;
import java.util.TreeSet;
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

    /** The author API: what a user-mode module may reference (with ModuleProvider). */
    static final Set<String> AUTHOR_PACKAGES = Set.of("org.sofj.api", "org.sofj.api.audio",
            "org.sofj.api.memory");

    /** The platform SPIs: the runtime and its implementations only. */
    static final Set<String> SPI_PACKAGES = Set.of("org.sofj.api.spi");

    @Test
    void shouldSplitItsExportsIntoAuthorAndSpiPackages() {
        final Set<String> exports = descriptor.exports().stream().map(Exports::source)
                .collect(Collectors.toSet());
        final Set<String> both = new TreeSet<>(AUTHOR_PACKAGES);
        both.addAll(SPI_PACKAGES);
        assertEquals(both, exports);
    }

    /**
     * The isolation boundary (issue 11, item 2): every class of the author packages, pinned. A
     * type added here is a type every user-mode module may use, so adding one is a decision that
     * must show in this list; platform types (domains, partitions, heaps, layout, endpoints,
     * which operations a module overrides) belong in {@code org.sofj.api.spi}.
     */
    @Test
    void shouldHoldExactlyTheAuthorTypesInTheAuthorPackages() {
        final Set<String> expected = new TreeSet<>();
        for (String n : new String[] {"ApiVersion", "BaseConfig", "BindInfo", "BindInfo$Type",
                "ConfigFragment", "Errno", "Ipc4Status", "IpcException", "LibraryLoadException",
                "LoadType", "MemoryFault", "ModuleContext", "ModuleDescription",
                "ModuleDescription$Builder", "ModuleIds",
                "ProcessingMode", "ProcessingModule", "SofException", "TriggerCommand"}) {
            expected.add("org.sofj.api." + n);
        }
        for (String n : new String[] {"AudioFormat", "AudioRegion", "FrameAlignment",
                "SampleFormat", "Samples", "Sink", "Source"}) {
            expected.add("org.sofj.api.audio." + n);
        }
        for (String n : new String[] {"AccessKind", "Allocation", "Allocation$Kind",
                "MemoryAccess", "MemoryRegions", "MemoryView", "ModuleMemory"}) {
            expected.add("org.sofj.api.memory." + n);
        }
        final Set<String> named = new TreeSet<>(ModuleJars.classesIn("org.sofj.api", Errno.class,
                AUTHOR_PACKAGES));
        named.removeIf(n -> n.matches(".*\\$[0-9]+.*")); // javac's anonymous and switch-map classes
        assertEquals(expected, named);
    }

    @Test
    void shouldKeepTheKernelSettersAndPlatformTypesInTheSpi() {
        final Set<String> spi = ModuleJars.classesIn("org.sofj.api", Errno.class, SPI_PACKAGES);
        for (String n : new String[] {"SinkEndpoint", "SourceEndpoint", "MemoryDomain",
                "MemoryLayout", "Partition", "PartitionAttribute", "Heap", "HeapStats",
                "ModuleOperation", "ModuleProvider"}) {
            assertTrue(spi.contains("org.sofj.api.spi." + n), n + " not in " + spi);
        }
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
