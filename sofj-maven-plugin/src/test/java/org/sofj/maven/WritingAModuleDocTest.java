package org.sofj.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * docs/writing-a-module.md counts what an author writes from the archetype's output; the count
 * must be the archetype's, file by file, so the page cannot drift from what the archetype makes.
 */
final class WritingAModuleDocTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TEMPLATE = ROOT.resolve(
            "sofj-archetype/src/main/resources/archetype-resources");
    /** A row of the page's table: {@code | `path` | lines | ...}. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| (\\d+) \\|",
            Pattern.MULTILINE);

    /** @return the archetype's files, by the path the page gives them, and their line counts */
    private static Map<String, Long> generated() throws IOException {
        final Map<String, Long> lines = new TreeMap<>();
        try (Stream<Path> files = Files.walk(TEMPLATE)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                final String rel = TEMPLATE.relativize(p).toString()
                        .replaceFirst("^src/(main|test)/java/(?!module-info)",
                                "src/$1/java/<package>/");
                try (Stream<String> l = Files.lines(p)) {
                    lines.put(rel, l.count());
                }
            }
        }
        return lines;
    }

    @Test
    void shouldCountEveryFileTheArchetypeGeneratesWithItsLines() throws IOException {
        final String page = Files.readString(ROOT.resolve("docs/writing-a-module.md"));
        final Map<String, Long> documented = new TreeMap<>();
        final Matcher m = ROW.matcher(page);
        while (m.find()) {
            documented.put(m.group(1), Long.parseLong(m.group(2)));
        }
        assertEquals(generated(), documented);
    }

    @Test
    void shouldSayTheAuthorOwnsTheModuleItsTestAndOneLineOfMetadata() throws IOException {
        final String page = Files.readString(ROOT.resolve("docs/writing-a-module.md"));
        final Map<String, Long> g = generated();
        final long owned = g.get("src/main/java/<package>/Gain.java")
                + g.get("src/test/java/<package>/GainTest.java") + 1;
        assertTrue(page.contains(owned + " lines you own, in three files"), "the page says "
                + owned);
        try (Stream<String> provider = Files.lines(TEMPLATE.resolve(
                "src/main/java/GainProvider.java"))) {
            assertEquals(1, provider.filter(l -> l.contains(".userMode(") || l.contains(".ibs(")
                    || l.contains(".obs(")).count(), "describe's options sit on one line");
        }
    }
}
