package org.sofj.runtime.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.runtime.ipc.ProcDomain;

/** The topology model and reader without a runtime: what is refused, in one line, and why. */
final class TopologyTest {
    private static final AudioFormat F = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
    private static final String HEAD = "[[pipeline]]\nid = 1\n\n"
            + "[[module]]\nname = \"tone\"\ntype = \"tone\"\n\n"
            + "[[module]]\nname = \"gain\"\ntype = \"gain\"\n\n"
            + "[[module]]\nname = \"out\"\ntype = \"host_out\"\n\n"
            + "[[connection]]\nfrom = \"tone\"\nto = \"gain\"\n\n";

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("t.toml"), text);
    }

    private String refused(String text) throws IOException {
        final Path p = file(text);
        final TopologyException e = assertThrows(TopologyException.class, () -> Topology.read(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage().substring(p.toString().length());
    }

    @Test
    void shouldRefuseAnOutputPinTheModuleHasNotGotWhenLowerPinsAreEmpty() throws IOException {
        assertEquals(": [[connection]] #2: key \"from\" = \"gain:3\": gain has no output pin 0 "
                + "connected; a module's pins count from 0 without gaps (it sees its connected "
                + "outputs as an array in pin order)",
                refused(HEAD + "[[connection]]\nfrom = \"gain:3\"\nto = \"out\"\n"));
        assertEquals(": [[connection]] #2: key \"to\" = \"out:1\": out has no input pin 0 "
                + "connected; a module's pins count from 0 without gaps (it sees its connected "
                + "inputs as an array in pin order)",
                refused(HEAD + "[[connection]]\nfrom = \"gain\"\nto = \"out:1\"\n"));
    }

    @Test
    void shouldAcceptPinsNumberedFromZeroWithoutGaps() throws IOException {
        final Topology t = Topology.read(file(HEAD + "[[connection]]\nfrom = \"gain\"\nto = "
                + "\"out\"\n\n[[connection]]\nfrom = \"gain:1\"\nto = \"out:1\"\n"));
        assertEquals(3, t.connections().size());
        assertEquals(1, t.connections().get(2).fromPin());
    }

    @Test
    void shouldNameTheFileKeyAndValueOfABadEntry() throws IOException {
        assertEquals(": [[pipeline]] #1: key \"core\" = -1: must be an integer in [0, 7]",
                refused("[[pipeline]]\nid = 1\ncore = -1\n"));
        assertEquals(": [[library]] #1: give \"name\" (a library in the library path) or "
                + "\"file\", not both", refused("[[library]]\nid = 1\nname = \"sample\"\n"
                + "file = \"x.sofjlib\"\n" + HEAD));
        assertEquals(": [[library]] #1: key \"name\" = \"../x\": must be a library name such as"
                + " \"sample\" (letters, digits, '_', '-', '.')",
                refused("[[library]]\nid = 1\nname = \"../x\"\n" + HEAD));
    }

    /**
     * Hostile topologies: each is refused in one line that names the table, the key and the
     * value (a wrong type, a missing or unknown key, a value out of range, a module on another
     * core than its pipeline, a self or duplicate connection, a duplicate id).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            rate as a string      | [format]\\nrate = "48000"\\n                         | key "rate"
            channels zero         | [format]\\nchannels = 0\\n                            | key "channels" = 0
            sample unknown        | [format]\\nsample = "S8"\\n                           | key "sample" = "S8"
            format key unknown    | [format]\\nbits = 16\\n                               | key "bits"
            top table unknown     | [formats]\\nrate = 48000\\n                           | formats
            pipeline id string    | [[pipeline]]\\nid = "1"\\n                            | key "id"
            pipeline id 255       | [[pipeline]]\\nid = 255\\n                            | key "id" = 255
            pipeline id missing   | [[pipeline]]\\ncore = 0\\n                            | key "id"
            pipeline twice        | [[pipeline]]\\nid = 1\\n[[pipeline]]\\nid = 1\\n        | key "id" = 1
            module core not its pipeline's | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\ncore = 1\\n | key "core" = 1: must be its pipeline's core 0
            module type missing   | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\n       | key "type"
            module key unknown    | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\nperiod = 2\\n | key "period"
            module domain unknown | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\ndomain = "RT"\\n | key "domain" = "RT"
            heap_bytes negative   | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\nheap_bytes = -1\\n | key "heap_bytes" = -1
            heap_bytes a float    | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\nheap_bytes = 1.5\\n | key "heap_bytes" = 1.5
            config odd hex        | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\nconfig = "abc"\\n | key "config"
            pipeline of a module missing | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "tone"\\npipeline = 2\\n | key "pipeline" = 2
            connection to itself  | [[pipeline]]\\nid = 1\\n[[module]]\\nname = "t"\\ntype = "gain"\\n[[connection]]\\nfrom = "t"\\nto = "t"\\n | "t
            connection from missing | [[pipeline]]\\nid = 1\\n[[connection]]\\nto = "x"\\n  | key "from"
            """)
    void shouldRefuseAHostileTopologyNamingTheKeyAndValue(String what, String toml,
            String named) throws IOException {
        final String message = refused(toml.replace("\\n", "\n"));
        assertTrue(message.contains(named), what + ": " + message);
    }

    @Test
    void shouldCheckATopologyBuiltInCodeAsAFileIsChecked() {
        final TopologyBuilder b = Topology.builder(F).pipeline(1, 0)
                .module("tone", "tone", 0, ProcDomain.LL, null)
                .module("tone", "gain", 0, ProcDomain.LL, null);
        assertEquals("(code): [[module]] \"tone\": key \"name\" = \"tone\": is used twice",
                assertThrows(TopologyException.class, b::build).getMessage());
        final TopologyBuilder c = Topology.builder(F).pipeline(1, 0)
                .module("tone", "tone", 0, ProcDomain.LL, null).connect("tone", "nobody");
        assertEquals("(code): [[connection]] #1: key \"to\" = \"nobody:0\": no [[module]] is "
                + "named \"nobody\"", assertThrows(TopologyException.class, c::build).getMessage());
        assertEquals("(code): no [[pipeline]]: a topology needs at least one",
                assertThrows(TopologyException.class, () -> Topology.builder(F).build())
                        .getMessage());
        assertThrows(IllegalStateException.class,
                () -> Topology.builder(F).module("a", "tone", 0, ProcDomain.LL, null));
    }

    @Test
    void shouldReadTheLibraryPathFromItsSystemPropertyInOrder() {
        final String before = System.getProperty(Topology.LIBRARY_PATH_PROPERTY);
        try {
            System.setProperty(Topology.LIBRARY_PATH_PROPERTY,
                    "/a" + java.io.File.pathSeparator + "/b");
            assertEquals(List.of(Path.of("/a"), Path.of("/b")), Topology.libraryPath());
        } finally {
            if (before == null) {
                System.clearProperty(Topology.LIBRARY_PATH_PROPERTY);
            } else {
                System.setProperty(Topology.LIBRARY_PATH_PROPERTY, before);
            }
        }
    }
}
