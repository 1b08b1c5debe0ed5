package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.topology.Topology;

/** The HTML report's histogram keeps the tail visible and marks the percentiles. */
final class HtmlReportTest {
    private static final Pattern BAR = Pattern.compile(
            "height=\"([0-9.]+)\" fill=\"#1f77b4\"><title>[^<]* ([0-9.]+)\\.\\.([0-9.]+) us: "
            + "(\\d+) ticks</title>");

    @Test
    void shouldDrawOneSlowTickAsAVisibleBarBesideNineHundredNinetyNineFastOnes() {
        final long[] values = new long[1000];
        Arrays.fill(values, 10_000L); // 10 us
        values[999] = 5_000_000L; // one 5 ms tick
        final StringBuilder b = new StringBuilder();
        HtmlReport.histogram(values, "tick lateness", b);
        final Matcher m = BAR.matcher(b);
        double tallest = 0;
        double tail = -1;
        int ticks = 0;
        while (m.find()) {
            final double h = Double.parseDouble(m.group(1));
            final int n = Integer.parseInt(m.group(4));
            ticks += n;
            tallest = Math.max(tallest, h);
            if (n == 1) {
                tail = h;
                assertTrue(Double.parseDouble(m.group(3)) >= 5000, "the tail bin ends at 5 ms");
            }
        }
        assertEquals(1000, ticks, "every tick is in a bin");
        assertTrue(tail >= tallest / 10, "tail bar " + tail + " px beside " + tallest + " px");
        for (String marker : new String[] {">p50 10.0<", ">p99 10.0<", ">p99.9 10.0<",
            ">max 5000.0<"}) {
            assertTrue(b.indexOf(marker) > 0, marker);
        }
    }

    @Test
    void shouldMarkAHostUnderrunInTheTimelineInOrange(@TempDir Path dir) throws IOException {
        Cli.workspace(dir);
        final Topology t = Topology.read(dir.resolve("examples/wav-in.toml"));
        final Path html = dir.resolve("xrun.html");
        try (Session s = Session.open(t, SchedulerConfig.Clock.VIRTUAL, 100, List.of())) {
            final Runner r = new Runner(s, new byte[0]);
            s.runtime.runTicks(20); // nobody feeds host_in: it underruns
            final int ran = r.run(10, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            final List<RuntimeEvent> marks = r.xrunMarks();
            assertEquals(1, marks.size(), marks.toString());
            assertEquals(RuntimeEvent.Kind.XRUN, marks.get(0).kind());
            assertEquals(0, marks.get(0).tick(), "seen after the first tick the runner ran");
            assertTrue(marks.get(0).detail().startsWith("in: ")
                    && marks.get(0).detail().contains("underrun(s)"), marks.get(0).detail());
            HtmlReport.write(RunReport.collect(s, r, SchedulerConfig.Clock.VIRTUAL, ran, 1,
                    Map.of()), html);
        }
        final String page = Files.readString(html);
        final String timeline = page.substring(page.indexOf("<h2>Timeline"));
        assertTrue(timeline.contains("stroke=\"orange\"><title>in: "), timeline);
    }

    @Test
    void shouldPutEveryValueInTheBinItsEdgesName() {
        assertEquals(0, HtmlReport.bin(0, 1000, 100_000));
        assertEquals(0, HtmlReport.bin(1000, 1000, 100_000));
        assertEquals(20, HtmlReport.bin(10_000, 1000, 100_000), "one decade of two: halfway");
        assertEquals(39, HtmlReport.bin(100_000, 1000, 100_000));
    }
}
