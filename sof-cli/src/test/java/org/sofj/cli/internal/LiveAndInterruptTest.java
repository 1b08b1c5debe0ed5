package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.topology.Topology;

/** {@code run --live} refreshes once a second; Ctrl-C writes what was processed and exits 130. */
final class LiveAndInterruptTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    @Test
    void shouldDrawATableOncePerSecondOfItsClock() {
        final Topology t = Topology.read(dir.resolve("examples/tone-eq-fir.toml"));
        final AtomicLong now = new AtomicLong();
        final StringWriter text = new StringWriter();
        try (Session s = Session.open(t, SchedulerConfig.Clock.VIRTUAL, 1000, List.of())) {
            final LiveView live = new LiveView(s, new PrintWriter(text), false, now::get);
            final Runner r = new Runner(s, null);
            r.run(100, SchedulerConfig.Clock.VIRTUAL, live);
            assertEquals("", text.toString(), "no refresh before a second has passed");
            now.addAndGet(LiveView.REFRESH_NANOS);
            live.at(100, 2000);
            now.addAndGet(LiveView.REFRESH_NANOS / 2);
            live.at(150, 2000);
        }
        final List<String> lines = text.toString().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("NAME ")).count(), text.toString());
        assertTrue(lines.get(0).endsWith("100/2000 ms of audio"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("eq ") && l.contains(" user ")
                && l.contains(" DP ") && l.endsWith("running")), text.toString());
        assertEquals(1 + 1 + 6 + 1, lines.size(), "title, header, six instances, blank line");
    }

    @Test
    void shouldNameTheMissingJvmFlagInOneLine() throws Exception {
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final Process p = new ProcessBuilder(java, "--module-path",
                System.getProperty("jdk.module.path"), "-m",
                "org.sofj.cli/org.sofj.cli.internal.Main", "run",
                dir.resolve("examples/tone-eq-fir.toml").toString(), "--seconds", "0.1")
                .redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exited");
        assertEquals(Main.EXIT_FAILURE, p.exitValue(), text);
        assertEquals("sofj: IllegalStateException: the JVM lacks the flag --add-exports "
                + "java.base/jdk.internal.misc=org.agrona that sofj's memory system (Agrona) "
                + "needs; add it to the java command line (docs/embedding.md)", text.strip());
    }

    /** @return whether this process ignores SIGINT (Linux: bit 2 of SigIgn), as its child will */
    private static boolean sigintIgnored() throws IOException {
        final Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> (Long.parseLong(l.substring(7).trim(), 16) & 2L) != 0)
                .findFirst().orElse(false);
    }

    /** A real JVM and a real SIGINT; every wait is bounded. */
    @Test
    void shouldWriteTheWavAndReportAndExit130OnSigint() throws Exception {
        final Path wav = dir.resolve("interrupted.wav");
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final List<String> cmd = new ArrayList<>(List.of(java, "--add-exports",
                "java.base/jdk.internal.misc=org.agrona", "--module-path",
                System.getProperty("jdk.module.path"), "-m",
                "org.sofj.cli/org.sofj.cli.internal.Main", "run",
                dir.resolve("examples/tone-eq-fir.toml").toString(), "--clock", "wall",
                "--seconds", "120", "--live", "--allow-faults", "--output", wav.toString()));
        final Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("err.txt").toFile())
                .start();
        try {
            final BufferedReader out = new BufferedReader(new InputStreamReader(
                    p.getInputStream(), StandardCharsets.UTF_8));
            final StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("NAME ")) {
                seen.append(line).append('\n'); // the first live refresh: the run is going
            }
            assertTrue(line != null, "no live table: " + seen
                    + Files.readString(dir.resolve("err.txt")));
            // SIGINT, as Ctrl-C sends; a job started in the background inherits SIGINT ignored
            // (and the JVM keeps it so), so there SIGTERM takes the same path and exits 143
            final boolean intIgnored = sigintIgnored();
            assertEquals(0, new ProcessBuilder("kill", intIgnored ? "-TERM" : "-INT",
                    Long.toString(p.pid())).start().waitFor());
            final StringBuilder rest = new StringBuilder();
            while ((line = out.readLine()) != null) {
                rest.append(line).append('\n');
            }
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exited");
            final String err = Files.readString(dir.resolve("err.txt"));
            assertEquals(intIgnored ? 128 + 15 : Main.EXIT_INTERRUPTED, p.exitValue(), err);
            assertTrue(err.contains("sofj: interrupted after "), err);
            assertTrue(rest.toString().contains("sofj run ") && rest.toString().contains("fir "),
                    "the report: " + rest);
            // the WAV holds the audio of the ticks the run says it processed (how many that is
            // depends on how fast the host ran it: not asserted)
            final Matcher m = Pattern.compile("interrupted after (\\d+) of").matcher(err);
            assertTrue(m.find(), err);
            final long ran = Long.parseLong(m.group(1));
            final long frames = (Files.size(wav) - 44) / 8;
            assertTrue(ran > 0 && frames > 0, ran + " ms, " + frames + " frames");
            assertTrue(frames <= ran * 48 && frames >= ran * 48 / 2,
                    frames + " frames for " + ran + " ms processed");
            // streamed as the run went: the header's sizes were filled in on the way out
            assertEquals(frames * 8, Pcm.bytes(wav).length, "the samples the header says");
        } finally {
            p.destroyForcibly();
        }
    }
}
