package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A newcomer's path: the README's run command, taken from the README itself, run through the
 * launcher's Java entry point in a fresh workspace (examples plus what the launcher prepares).
 */
final class QuickStartTest {
    static final String COMMAND =
            "./sofj run examples/tone-eq-fir.toml --output out.wav --report report.html";

    @TempDir
    Path dir;

    @Test
    void shouldProduceTheWavAndTheReportWhenFollowingTheReadme() throws IOException {
        final String readme = Files.readString(Cli.REPO.resolve("README.md"));
        assertTrue(readme.contains(COMMAND), "the README shows the quick start command");
        assertTrue(readme.contains("mvn -B verify"), "the README shows the test command");
        Cli.workspace(dir);
        final List<String> args = new ArrayList<>();
        for (String a : COMMAND.substring("./sofj ".length()).split(" ")) {
            args.add(a.startsWith("-") || a.equals("run") ? a : dir.resolve(a).toString());
        }
        final Cli.Result r = Cli.check(Cli.run(args.toArray(new String[0])));
        assertEquals("", r.err());
        assertTrue(Files.size(dir.resolve("out.wav")) > 700_000);
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"));
    }
}
