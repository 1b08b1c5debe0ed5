package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The version an author's project names (the BOM's, the archetype's template, the example
 * project's) is the version this build makes, so a release cannot leave one behind.
 */
final class VersionsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String VERSION = System.getProperty("sofj.version");
    private static final Pattern PROPERTY = Pattern.compile("<sofj\\.version>([^<]+)</sofj\\.version>");

    private static String property(String file) throws IOException {
        final Matcher m = PROPERTY.matcher(Files.readString(ROOT.resolve(file)));
        assertTrue(m.find(), file + " sets sofj.version");
        return m.group(1);
    }

    @Test
    void shouldNameThisBuildsVersionWhereAnAuthorsProjectGetsIt() throws IOException {
        for (String file : List.of("sofj-bom/pom.xml", "examples/author-project/pom.xml",
                "sofj-archetype/src/main/resources/archetype-resources/pom.xml")) {
            assertEquals(VERSION, property(file), file);
        }
    }

    @Test
    void shouldPinEveryArtifactAnAuthorOrEmbedderDependsOnInTheBom() throws IOException {
        final String bom = Files.readString(ROOT.resolve("sofj-bom/pom.xml"));
        for (String artifact : List.of("sof-api", "sof-testkit", "sof-runtime", "sof-llext",
                "sof-mmu", "sof-audio-lowlatency", "sof-cli")) {
            assertTrue(bom.contains("<artifactId>" + artifact + "</artifactId>"), artifact);
        }
    }
}
