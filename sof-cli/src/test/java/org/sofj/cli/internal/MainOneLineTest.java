package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** What sofj prints of a failure: one line, nothing a terminal acts on. */
final class MainOneLineTest {
    @Test
    void shouldPrintAnEscapeOrABellFromAQuotedFileAsTextOnOneLine() {
        // a name quoted from a file or a library: an escape that would clear the screen, a bell,
        // a line feed that would fake a second line
        assertEquals("topology.toml: unknown module \\u001b[2Jx\\u0007 WARNING: fake",
                Main.oneLine(new CliException("topology.toml: unknown module \u001b[2Jx\u0007\n"
                        + "WARNING: fake")));
        assertEquals("IllegalStateException: a\\u009bb c", Main.oneLine(
                new IllegalStateException("a\u009bb\rc")));
        assertEquals("plain message, as is", Main.oneLine(new CliException(
                "plain message, as is")));
    }
}
