package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.sofj.api.spi.ModuleProvider;

/**
 * Which of the sample library's module types the allocation proof covers, proven the way a load
 * proves them: the sample jar's entries through the preemption rewrite, then
 * {@link AllocationProof#proveLibrary} over the trees it wrote (as {@code LibraryVerifier} does).
 * docs/threat-model.md section 5 names these verdicts, and the render and isolation numbers in
 * docs/BENCHMARKS.md depend on them (a proven user module's LL calls and DP runs read no
 * allocation counter). Here, not in sof-llext, because this module has the sample jar on its
 * class path and runs on the class path (sof-llext's tests are built before the sample).
 */
class SampleAllocationProofTest {
    private static final String SAMPLE = "org.sofj.plugins.sample.internal.";

    @Test
    void shouldProveEverySampleModuleTypeButToneWhoseProcessReachesItsSineTableInitialiser()
            throws Exception {
        final ModuleProvider provider = sampleProvider();
        final Map<String, AllocationProof.Verdict> verdicts = AllocationProof.proveLibrary(
                PreemptionPoints.rewrite("plugins-sample", sampleEntries(provider), Map.of())
                        .classes());
        final Map<String, Boolean> byModule = new TreeMap<>();
        for (String name : provider.moduleNames()) {
            final String type = provider.create(name).getClass().getName();
            final AllocationProof.Verdict v = verdicts.get(type);
            byModule.put(name, v != null && v.proven());
        }
        assertEquals(Map.of("eq_iir", true, "fir", true, "gain", true, "mixer", true,
                "passthru", true, "tone", false), byModule, verdicts.toString());
        final AllocationProof.Verdict tone = verdicts.get(SAMPLE + "Tone");
        assertTrue(tone.reason().contains("sineTable"), tone.reason());
    }

    private static ModuleProvider sampleProvider() throws ReflectiveOperationException {
        return (ModuleProvider) Class.forName(SAMPLE + "SampleModuleProvider")
                .getConstructor().newInstance();
    }

    /** The sample jar's entries (or its classes directory's files), by entry name. */
    private static SortedMap<String, byte[]> sampleEntries(ModuleProvider provider)
            throws IOException, URISyntaxException {
        final Path where = Path.of(provider.getClass().getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        final SortedMap<String, byte[]> out = new TreeMap<>();
        if (Files.isDirectory(where)) {
            try (Stream<Path> files = Files.walk(where)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.put(where.relativize(p).toString().replace('\\', '/'),
                            Files.readAllBytes(p));
                }
            }
            return out;
        }
        try (ZipFile zip = new ZipFile(where.toFile())) {
            final var entries = zip.entries();
            while (entries.hasMoreElements()) {
                final ZipEntry e = entries.nextElement();
                if (!e.isDirectory()) {
                    out.put(e.getName(), zip.getInputStream(e).readAllBytes());
                }
            }
        }
        return out;
    }
}
