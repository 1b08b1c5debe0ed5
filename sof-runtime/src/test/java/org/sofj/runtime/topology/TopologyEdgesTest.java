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
            rate 2^64 + 48000       | [format]\\nrate = 18446744073709599616\\n%P% | 18446744073709599616
            pipeline id 2^64 + 1    | [[pipeline]]\\nid = 18446744073709551617\\n | 18446744073709551617
            heap_bytes 2^64 + 8192  | %P%[[module]]\\nname = "t"\\ntype = "tone"\\nheap_bytes = 18446744073709559808\\n | heap_bytes
            sample with a line feed | [format]\\nsample = "S16_LE\\u000aX"\\n%P%     | key "sample"
            unknown key, line feed  | %P%"a\\u000ab" = 1\\n                      | unknown key "a\\u000ab"
            type with a line feed   | %P%[[module]]\\nname = "t"\\ntype = "to\\u000ane"\\n | key "type"
            domain with a bell      | %P%[[module]]\\nname = "t"\\ntype = "tone"\\ndomain = "L\\u0007L"\\n | key "domain"
            connection to a CR name | %TG%[[connection]]\\nfrom = "tone"\\nto = "gain\\u000d"\\n | key "to"
            library name, line feed | %P%[[library]]\\nid = 1\\nname = "a\\u000ab"\\n | key "name"
            config with a bell      | %P%[[module]]\\nname = "t"\\ntype = "tone"\\nconfig = "00\\u000700"\\n | key "config"
            """)
    void shouldRefuseAnEdgeValueInOneLineNamingIt(String what, String toml, String named)
            throws IOException {
        final String text = toml.replace("%TG%", TONE_GAIN).replace("%P%", PIPE)
                .replace("\\n", "\n");
        final String message = refused(text);
        assertTrue(message.contains(named), what + ": " + message);
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseAnInlineConfigLargerThanAConfigFileMayBe() throws IOException {
        final String message = refused(PIPE.replace("\\n", "\n") + "[[module]]\nname = \"t\"\n"
                + "type = \"tone\"\nconfig = \"" + "00".repeat(Topology.MAX_CONFIG_BYTES + 1)
                + "\"\n");
        assertTrue(message.contains("key \"config\" = (" + (Topology.MAX_CONFIG_BYTES + 1)
                + " bytes): is larger than " + Topology.MAX_CONFIG_BYTES), message);
    }

    @org.junit.jupiter.api.Test
    void shouldShowTheStartOfALongBadHexBlobAndItsLength() throws IOException {
        final String message = refused(PIPE.replace("\\n", "\n") + "[[module]]\nname = \"t\"\n"
                + "type = \"tone\"\nconfig = \"" + "00".repeat(5000) + "x\"\n");
        assertTrue(message.length() < 300, message);
        assertTrue(message.contains("(10001 digits)"), message);
    }
}
