package org.sofj.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.spi.ModuleProvider;

/**
 * Pins the descriptor of the sample plugin library {@code org.sofj.plugins.sample}, read from its
 * built artifact: a plugin requires only the API, exports and opens nothing, and only provides
 * {@code ModuleProvider} (DESIGN.md section 1).
 */
final class PluginsModuleTest {
    private static final String MODULE = "org.sofj.plugins.sample";
    private static final String PROVIDER = "org.sofj.plugins.sample.internal.SampleModuleProvider";
    private static final String SPI = "org.sofj.api.spi.ModuleProvider";

    private static Class<?> providerClass() {
        try {
            return Class.forName(PROVIDER);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private final ModuleDescriptor descriptor = ModuleJars.descriptor(MODULE, providerClass());

    @Test
    void shouldRequireOnlyTheApi() {
        assertEquals(Set.of("java.base", "org.sofj.api"), descriptor.requires().stream()
                .map(Requires::name).collect(Collectors.toSet()));
    }

    @Test
    void shouldExportNothingAndOpenNothing() {
        assertTrue(ModuleJars.sealed(descriptor), descriptor.toString());
    }

    @Test
    void shouldProvideTheModuleProviderSpiOnlyAndUseNothing() {
        assertEquals(List.of(SPI + " with " + PROVIDER), ModuleJars.provisions(descriptor));
        assertTrue(descriptor.uses().isEmpty());
    }

    /**
     * The sample library is user-mode code: its classes reference sofj only through the author
     * packages and {@code ModuleProvider}, the set the link check allows (issue 11, item 2).
     * Scans the class files' constant pools for internal names under {@code org/sofj/api/spi/}.
     */
    @Test
    void shouldReferenceNoSpiTypeButModuleProvider() {
        final Pattern spiName = Pattern.compile("org/sofj/api/spi/[A-Za-z0-9_$]+");
        final Set<String> found = new TreeSet<>();
        ModuleJars.classFiles(MODULE, providerClass()).values().forEach(bytes -> {
            final Matcher m = spiName.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                found.add(m.group());
            }
        });
        assertEquals(Set.of("org/sofj/api/spi/ModuleProvider"), found);
    }

    @Test
    void shouldShipAServicesFileThatAgreesWithProvides() {
        assertEquals(PROVIDER, ModuleJars.servicesFile(MODULE, providerClass(), SPI));
    }

    @Test
    void shouldShipItsSourceManifest() throws IOException {
        try (ModuleReader reader = ModuleJars.reference(MODULE, providerClass()).open()) {
            assertTrue(reader.find("META-INF/sofj/modules.toml").isPresent());
        }
    }

    @Test
    void shouldBeFoundWithServiceLoaderInALayerOfTheApiAndItsJarAlone() {
        final ModuleLayer layer = ModuleJars.layerOf(MODULE, Errno.class, providerClass());
        assertEquals(Set.of("org.sofj.api", MODULE), ModuleJars.names(layer),
                "resolves from its jar alone");
        final List<Object> found = ModuleJars.providers(layer, SPI);
        assertEquals(1, found.size());
        assertEquals(PROVIDER, found.get(0).getClass().getName());
    }

    @Test
    void shouldOfferTheSixSampleModulesFromTheClassPathServicesFile() {
        final ModuleProvider provider = ServiceLoader.load(ModuleProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.getClass().getName().equals(PROVIDER)).findFirst().orElseThrow();
        assertEquals(Set.of("gain", "eq_iir", "mixer", "tone", "passthru", "fir"),
                provider.moduleNames());
    }
}
