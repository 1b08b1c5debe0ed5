package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.sofj.api.LoadType;
import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.ModuleProvider;

final class SampleModuleProviderTest {
    private final SampleModuleProvider provider = new SampleModuleProvider();

    @Test
    void shouldCreateAFreshModuleOfTheRightTypeForEveryName() {
        final Map<String, Class<?>> expected = Map.of("gain", Gain.class, "eq_iir", EqIir.class,
                "mixer", Mixer.class, "tone", Tone.class, "passthru", Passthrough.class,
                "fir", Fir.class);
        assertEquals(expected.keySet(), provider.moduleNames());
        for (String name : provider.moduleNames()) {
            assertEquals(expected.get(name), provider.create(name).getClass());
            assertTrue(provider.create(name) != provider.create(name), name);
        }
    }

    @Test
    void shouldRejectAnUnknownName() {
        assertThrows(IllegalArgumentException.class, () -> provider.create("reverb"));
        assertTrue(provider.describe("reverb").isEmpty());
    }

    @Test
    void shouldBeFoundByServiceLoaderOnTheClassPath() {
        assertEquals(List.of(SampleModuleProvider.class), ServiceLoader.load(ModuleProvider.class)
                .stream().map(ServiceLoader.Provider::type).collect(Collectors.toList()));
    }

    /** A minimal reader for the flat subset of TOML the manifest uses. */
    private static List<Map<String, String>> manifestModules(Map<String, String> top)
            throws IOException {
        final List<Map<String, String>> modules = new ArrayList<>();
        Map<String, String> current = top;
        try (InputStream in = SampleModuleProvider.class
                .getResourceAsStream("/META-INF/sofj/modules.toml")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                final String l = line.trim();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                if (l.equals("[[module]]")) {
                    current = new HashMap<>();
                    modules.add(current);
                    continue;
                }
                final int eq = l.indexOf('=');
                final String key = l.substring(0, eq).trim();
                final String value = l.substring(eq + 1).trim().replace("\"", "");
                assertTrue(current.put(key, value) == null, "duplicate key " + key);
            }
        }
        return modules;
    }

    @Test
    void shouldDescribeEveryModuleExactlyAsTheSourceManifestDoes() throws IOException {
        final Map<String, String> top = new HashMap<>();
        final List<Map<String, String>> modules = manifestModules(top);
        assertEquals(Map.of("name", "sample", "version", "0.1.0", "api_version", "1.0.0"), top);
        final Set<String> names = new HashSet<>();
        final Set<String> uuids = new HashSet<>();
        for (Map<String, String> m : modules) {
            final String name = m.get("name");
            final ModuleDescription d = provider.describe(name).orElseThrow();
            assertTrue(names.add(name) && uuids.add(m.get("uuid")), "unique " + name);
            assertEquals(SampleModuleProvider.class.getName(), m.get("provider"), name);
            assertEquals(d.uuid().toString(), m.get("uuid"), name);
            assertEquals("llext", m.get("load_type"), name);
            assertEquals(LoadType.LLEXT, d.loadType(), name);
            assertEquals(d.userMode() ? "1" : null, m.get("user_mode"), name);
            assertEquals(d.affinityMask(), Integer.parseInt(m.get("affinity")), name);
            assertEquals(d.instanceMaxCount(), Integer.parseInt(m.get("instance_max_count")));
            assertEquals(d.ibs(), Integer.parseInt(m.get("ibs")), name);
            assertEquals(d.obs(), Integer.parseInt(m.get("obs")), name);
            assertEquals(d.cps(), Integer.parseInt(m.get("cps")), name);
            assertEquals(d.isPages(), Integer.parseInt(m.get("is_pages")), name);
            assertEquals(d.heapBytes(), Long.parseLong(m.get("heap_bytes")), name);
            assertEquals(d.stackBytes(), Long.parseLong(m.get("stack_bytes")), name);
            assertEquals(d.inputPins(), Integer.parseInt(m.get("input_pins")), name);
            assertEquals(d.outputPins(), Integer.parseInt(m.get("output_pins")), name);
        }
        assertEquals(provider.moduleNames(), names);
    }

    @Test
    void shouldRunEqIirAndFirInUserModeAndTheOthersInKernelMode() {
        for (String name : provider.moduleNames()) {
            final boolean user = name.equals("eq_iir") || name.equals("fir");
            assertEquals(user, provider.describe(name).orElseThrow().userMode(), name);
        }
    }
}
