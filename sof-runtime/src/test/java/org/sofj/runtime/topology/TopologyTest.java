package org.sofj.runtime.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
