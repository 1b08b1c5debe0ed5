package org.sofj.runtime.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Topology edge cases past TopologyTest's list: values at and past the edges of their types
 * (a rate past an int, a float where an integer is due, pins past an int), duplicate names and
 * tables, control characters, an empty file. Each is refused in one line naming the key (or the
 * table) and the value, and nothing else is printed (no stack trace, no raw control character).
 */
final class TopologyEdgesTest {
    private static final String PIPE = "[[pipeline]]\\nid = 1\\n";
    private static final String TONE_GAIN = PIPE + "[[module]]\\nname = \"tone\"\\ntype = \"tone\"\\n"
            + "[[module]]\\nname = \"gain\"\\ntype = \"gain\"\\n";

    @TempDir
    Path dir;

    private String refused(String text) throws IOException {
        final Path p = Files.writeString(dir.resolve("t.toml"), text);
        final TopologyException e = assertThrows(TopologyException.class, () -> Topology.read(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        for (char c : e.getMessage().toCharArray()) {
            assertFalse(c < 0x20, "a raw control character in: " + e.getMessage());
        }
        return e.getMessage().substring(p.toString().length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            rate past an int        | [format]\\nrate = 4294967296\\n           | 4294967296
            rate a float            | [format]\\nrate = 48000.0\\n              | key "rate"
            rate below the range    | [format]\\nrate = 7999\\n                 | key "rate" = 7999
            channels past the range | [format]\\nchannels = 9\\n               | key "channels" = 9
            format twice            | [format]\\nrate = 48000\\n[format]\\nrate = 44100\\n | line 3
            format as an array      | [[format]]\\nrate = 48000\\n              | format
            pipeline core 8         | [[pipeline]]\\nid = 1\\ncore = 8\\n      | key "core" = 8
            pipeline id a float     | [[pipeline]]\\nid = 1.0\\n                | key "id"
            library id 16           | [[library]]\\nid = 16\\nname = "sample"\\n | key "id" = 16
            library id 0            | [[library]]\\nid = 0\\nname = "sample"\\n  | key "id" = 0
            module name twice       | %TG%[[module]]\\nname = "tone"\\ntype = "gain"\\n | "tone"
            pin past an int         | %TG%[[connection]]\\nfrom = "tone:99999999999"\\nto = "gain"\\n | tone:99999999999
            pin negative            | %TG%[[connection]]\\nfrom = "tone:-1"\\nto = "gain"\\n | tone:-1
            connection twice        | %TG%[[connection]]\\nfrom = "tone"\\nto = "gain"\\n[[connection]]\\nfrom = "tone"\\nto = "gain"\\n | "tone:0": output pin 0 of tone is already connected
            name with a bell        | %P%[[module]]\\nname = "t\\u0007"\\ntype = "tone"\\n | key "name"
            stack_bytes past a long | %P%[[module]]\\nname = "t"\\ntype = "tone"\\nstack_bytes = 9223372036854775808\\n | stack_bytes
            no pipeline at all      | [format]\\nrate = 48000\\n                | pipeline
            """)
    void shouldRefuseAnEdgeValueInOneLineNamingIt(String what, String toml, String named)
            throws IOException {
        final String text = toml.replace("%TG%", TONE_GAIN).replace("%P%", PIPE)
                .replace("\\n", "\n");
        final String message = refused(text);
        assertTrue(message.contains(named), what + ": " + message);
    }
}
