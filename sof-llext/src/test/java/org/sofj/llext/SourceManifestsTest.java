package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sofj.api.ApiVersion;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleDescription;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.manifest.SourceManifestParser;

/** {@link SourceManifests}: the manifest written from descriptions, and disagreements. */
final class SourceManifestsTest {
    private static final UUID ID = UUID.fromString("0b3c2a6e-5d1f-4c8e-9a7b-3f2e1d0c9b8a");
    private static final String PROVIDER = "com.example.gain.GainProvider";

    private static ModuleDescription gain(int ibs, boolean user) {
        return ModuleDescription.builder("gain", ID).ibs(ibs).obs(192).cps(5000).userMode(user)
                .heapBytes(8192).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldParseBackEveryFieldOfTheDescriptionWhenWritten() {
        final String toml = SourceManifests.toToml("gainlib", "1.2.3", ApiVersion.CURRENT,
                List.of(new SourceManifests.Described(PROVIDER, gain(192, true))));
        final SourceManifest m = SourceManifestParser.parse(bytes(toml));
        assertEquals("gainlib", m.name());
        assertEquals(new SourceManifest.LibraryVersion(1, 2, 3, 0), m.version());
        assertEquals(gain(192, true), m.modules().get(0).description());
        assertEquals(PROVIDER, m.modules().get(0).provider());
    }

    @Test
    void shouldFailNamingTheKeyWhenTheLibraryNameIsTooLong() {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> SourceManifests.toToml("gain-plugin", "1.0.0", ApiVersion.CURRENT,
                        List.of(new SourceManifests.Described(PROVIDER, gain(192, true)))));
        assertTrue(e.getMessage().startsWith("META-INF/sofj/modules.toml: key \"name\" = "
                + "\"gain-plugin\": "), e.getMessage());
    }

    @Test
    void shouldFindNoDisagreementWhenTheManifestWasWrittenFromTheDescription() {
        final List<SourceManifests.Described> d =
                List.of(new SourceManifests.Described(PROVIDER, gain(192, true)));
        final String toml = SourceManifests.toToml("gainlib", "1.0.0", ApiVersion.CURRENT, d);
        assertEquals(List.of(), SourceManifests.disagreements(bytes(toml), d));
    }

    @Test
    void shouldNameTheFieldAndBothValuesWhenManifestAndDescriptionDisagree() {
        final String toml = SourceManifests.toToml("gainlib", "1.0.0", ApiVersion.CURRENT,
                List.of(new SourceManifests.Described(PROVIDER, gain(192, false))));
        final List<String> lines = SourceManifests.disagreements(bytes(toml),
                List.of(new SourceManifests.Described(PROVIDER, gain(384, true))));
        assertEquals(List.of(
                "META-INF/sofj/modules.toml: module \"gain\": user_mode = 0, but "
                        + PROVIDER + ".describe(\"gain\") says 1",
                "META-INF/sofj/modules.toml: module \"gain\": ibs = 192, but "
                        + PROVIDER + ".describe(\"gain\") says 384"), lines);
    }

    @Test
    void shouldNameAModuleTheManifestLeavesOut() {
        final String toml = SourceManifests.toToml("gainlib", "1.0.0", ApiVersion.CURRENT,
                List.of(new SourceManifests.Described(PROVIDER, gain(192, true))));
        final ModuleDescription other = ModuleDescription.builder("mute",
                UUID.fromString("1b3c2a6e-5d1f-4c8e-9a7b-3f2e1d0c9b8a")).build();
        assertEquals(List.of("META-INF/sofj/modules.toml: module \"mute\" is missing, but "
                + PROVIDER + ".describe(\"mute\") describes it"),
                SourceManifests.disagreements(bytes(toml), List.of(
                        new SourceManifests.Described(PROVIDER, gain(192, true)),
                        new SourceManifests.Described(PROVIDER, other))));
    }
}
