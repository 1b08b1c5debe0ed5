package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The manifest goal's logic: one source of truth per fact. */
final class ManifestGeneratorTest {
    private static final String HAND_WRITTEN = "name = \"gainlib\"\nversion = \"1.0.0\"\n"
            + "api_version = \"1.0.0\"\n\n[[module]]\nname = \"gain\"\n"
            + "uuid = \"0b3c2a6e-5d1f-4c8e-9a7b-3f2e1d0c9b8a\"\n"
            + "provider = \"com.example.gain.GainProvider\"\nuser_mode = 1\nibs = 192\n"
            + "obs = 192\n";

    @TempDir
    Path dir;

    private Path manifest(Path classes) {
        return classes.resolve("META-INF/sofj/modules.toml");
    }

    @Test
    void shouldWriteTheManifestFromDescribeWhenThereIsNone() throws IOException {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(192, true)));
        assertEquals(ManifestGenerator.Outcome.WRITTEN, ManifestGenerator.run(classes, List.of(),
                "gainlib", "1.2-SNAPSHOT"));
        final String toml = Files.readString(manifest(classes));
        assertTrue(toml.contains("provider = \"com.example.gain.GainProvider\"\n"
                + "user_mode = 1\n"), toml);
        assertTrue(toml.contains("version = \"1.2.0\"\n") && toml.contains("ibs = 192\n"), toml);
    }

    @Test
    void shouldRewriteAManifestTheBuildWroteWhenTheDescriptionChanges() throws IOException {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(192, true)));
        ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0");
        final Path again = Plugins.compile(dir.resolve("b"),
                Plugins.gain(Plugins.description(384, true)));
        Files.createDirectories(manifest(again).getParent());
        Files.copy(manifest(classes), manifest(again));
        assertEquals(ManifestGenerator.Outcome.WRITTEN,
                ManifestGenerator.run(again, List.of(), "gainlib", "1.0.0"));
        assertTrue(Files.readString(manifest(again)).contains("ibs = 384\n"));
    }

    @Test
    void shouldKeepAHandWrittenManifestThatAgrees() throws IOException {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(192, true)));
        Files.createDirectories(manifest(classes).getParent());
        Files.writeString(manifest(classes), HAND_WRITTEN);
        assertEquals(ManifestGenerator.Outcome.CHECKED,
                ManifestGenerator.run(classes, List.of(), "ignored", "1.0.0"));
        assertEquals(HAND_WRITTEN, Files.readString(manifest(classes)));
    }

    @Test
    void shouldFailNamingFieldAndBothValuesWhenManifestAndDescribeDisagree() throws IOException {
        final Path classes = Plugins.compile(dir, Plugins.gain(Plugins.description(384, false)));
        Files.createDirectories(manifest(classes).getParent());
        Files.writeString(manifest(classes), HAND_WRITTEN);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0"));
        assertEquals("META-INF/sofj/modules.toml: module \"gain\": user_mode = 1, but"
                + " com.example.gain.GainProvider.describe(\"gain\") says 0\n"
                + "META-INF/sofj/modules.toml: module \"gain\": ibs = 192, but"
                + " com.example.gain.GainProvider.describe(\"gain\") says 384", e.getMessage());
        assertEquals(HAND_WRITTEN, Files.readString(manifest(classes)), "left as it was");
    }

    @Test
    void shouldFailNamingTheModuleWhenNothingDescribesIt() {
        final Path classes = Plugins.compile(dir, Plugins.gain("Optional.empty()"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0"));
        assertEquals("module \"gain\": com.example.gain.GainProvider.describe(\"gain\") is empty"
                + " and there is no META-INF/sofj/modules.toml: return the module's description"
                + " from describe, or write the manifest by hand", e.getMessage());
        assertTrue(Files.notExists(manifest(classes)));
    }

    @Test
    void shouldFailWhenTheModuleInfoProvidesNoModuleProvider() {
        final Path classes = Plugins.compile(dir, Map.of("module-info.java",
                "module com.example.none { requires org.sofj.api; }\n"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManifestGenerator.run(classes, List.of(), "gainlib", "1.0.0"));
        assertEquals("module com.example.none: module-info declares no 'provides"
                + " org.sofj.api.spi.ModuleProvider with ...': name the provider class there,"
                + " once", e.getMessage());
    }

    @Test
    void shouldTakeTheLeadingNumbersOfAMavenVersion() {
        assertEquals("1.2.0", ManifestGenerator.libraryVersion("1.2-SNAPSHOT"));
        assertEquals("3.0.0", ManifestGenerator.libraryVersion("3"));
        assertEquals("1.2.3.4", ManifestGenerator.libraryVersion("1.2.3.4"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ManifestGenerator.libraryVersion("v1"));
        assertEquals("libraryVersion=v1 must start with major[.minor[.hotfix[.build]]] numbers"
                + " of at most 5 digits", e.getMessage());
    }
}
