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
        // the first line says how fast the ticks ran, apart from opening the session
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^sofj run .*: 2000 "
                + "ticks \\(2\\.000 s of audio\\), virtual clock, (\\d+\\.\\d{3}) s on the wall "
                + "clock \\((\\d+\\.\\d{3}) s of it ticking: (\\d+)x real time\\)\n").matcher(r.out());
        assertTrue(m.find(), r.out());
        final double wall = Double.parseDouble(m.group(1));
        final double ticking = Double.parseDouble(m.group(2));
        assertTrue(ticking > 0 && ticking <= wall, ticking + " s of " + wall);
        // the speed is 2 s of audio over the time ticking, which the line rounds to 1 ms
        final double speed = Long.parseLong(m.group(3));
        assertTrue(speed >= 2.0 / (ticking + 0.0005) - 1 && speed <= 2.0 / Math.max(1e-6,
                ticking - 0.0005) + 1, r.out());
    }
}
