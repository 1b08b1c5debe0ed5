package org.sofj.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;

/**
 * Writes a {@link RunReport} as one self-contained HTML page: the text report's tables, a
 * latency histogram per pipeline and a timeline of the output levels with the events marked, as
 * inline SVG. No script, no external resource.
 */
final class HtmlReport {
    private static final int W = 720;
    private static final int H = 180;
    private static final int BINS = 40;
    private static final String[] COLORS = {"#1f77b4", "#2ca02c", "#9467bd", "#8c564b"};

    private HtmlReport() {
    }

    /**
     * @param r    the report
     * @param file where to write it
     * @throws CliException if it cannot be written
     */
    static void write(RunReport r, Path file) {
        final StringBuilder b = new StringBuilder(16384);
        b.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>sofj run ")
                .append(esc(r.topology())).append("</title><style>body{font-family:sans-serif;"
                + "margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
                + "padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:"
                + "left}.fault{background:#fdd}svg{border:1px solid #ccc;margin:4px 0}</style>"
                + "</head><body>");
        b.append("<h1>sofj run ").append(esc(r.topology())).append("</h1><p>")
                .append(String.format(Locale.ROOT, "%d ticks (%.3f s of audio), %s clock, "
                        + "%.3f s on the wall clock", r.ticks(), r.ticks() / 1000.0,
                        r.clock().name().toLowerCase(Locale.ROOT), r.wallNanos() / 1e9))
                .append("</p><ul>");
        r.outputs().forEach((k, v) -> b.append("<li>").append(esc(k)).append(" &rarr; ")
                .append(esc(v)).append("</li>"));
        b.append("</ul>");
        modules(r, b);
        pipelines(r, b);
        timeline(r, b);
        b.append("</body></html>\n");
        try {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, b, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(file + ": cannot write: " + e.getMessage());
        }
    }

    private static void modules(RunReport r, StringBuilder b) {
        b.append("<h2>Modules</h2><table><tr><th>module</th><th>type</th><th>mode</th>"
                + "<th>domain</th><th>p50 &micro;s</th><th>p99 &micro;s</th><th>max &micro;s</th>"
                + "<th>budget</th><th>heap used</th><th>heap high</th><th>faults</th>"
                + "<th>xruns</th></tr>");
        for (RunReport.ModuleRow m : r.modules()) {
            final InstanceReport i = m.report();
            final LatencySnapshot t = i.processTime();
            b.append(i.faulted() ? "<tr class=\"fault\">" : "<tr>");
            cells(b, m.name(), m.type(), i.userMode() ? "user" : "kernel", i.domain().name(),
                    TextReport.micros(t.p50()), TextReport.micros(t.p99()),
                    TextReport.micros(t.max()), TextReport.budget(i.budgetUse()),
                    Long.toString(i.heapUsed()), Long.toString(i.heapHighWater()),
                    m.faults() + (i.faulted() ? " FAULTED" : ""), Long.toString(m.xruns()));
            b.append("</tr>");
        }
        b.append("</table>");
        if (!r.events().isEmpty()) {
            b.append("<h2>Events</h2><table><tr><th>tick</th><th>kind</th><th>detail</th></tr>");
            for (RuntimeEvent e : r.events()) {
                b.append("<tr>");
                cells(b, Long.toString(e.tick()), e.kind().name(), e.detail());
                b.append("</tr>");
            }
            b.append("</table>");
        }
    }

    private static void pipelines(RunReport r, StringBuilder b) {
        final boolean virtual = r.clock() == SchedulerConfig.Clock.VIRTUAL;
        b.append("<h2>Pipelines</h2><p>").append(virtual
                ? "Virtual clock: tick lateness is 0 by construction (ticks run back to back). "
                + "The histogram shows what each tick cost: the time between consecutive tick "
                + "starts, host I/O included. Run with <code>--clock wall</code> for lateness."
                : "Wall clock: each tick's lateness against its own deadline, measured at the "
                + "head of each pipeline by the scheduler's rule (a stall of two or more periods "
                + "skips the ticks it swallowed, so it cannot make later ticks late).")
                .append("</p>");
        for (RunReport.PipelineRow p : r.pipelines()) {
            final LatencySnapshot l = p.lateness();
            b.append("<h3>Pipeline ").append(p.id()).append("</h3><p>tick lateness p50/p99/max: ")
                    .append(TextReport.micros(l.p50())).append(" / ")
                    .append(TextReport.micros(l.p99())).append(" / ")
                    .append(TextReport.micros(l.max())).append(" &micro;s</p>");
            histogram(virtual ? p.cost() : p.late(), virtual ? "tick cost" : "tick lateness", b);
        }
    }

    private static void histogram(long[] values, String what, StringBuilder b) {
        final long max = java.util.Arrays.stream(values).max().orElse(0);
        final int[] counts = new int[BINS];
        for (long v : values) {
            counts[max == 0 ? 0 : (int) Math.min(BINS - 1, v * BINS / (max + 1))]++;
        }
        final int top = java.util.Arrays.stream(counts).max().orElse(1);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W)
                .append("\" height=\"").append(H + 30).append("\">");
        final double bw = (double) W / BINS;
        for (int i = 0; i < BINS; i++) {
            final double h = top == 0 ? 0 : Math.max(counts[i] > 0 ? 1 : 0,
                    (double) counts[i] * H / top);
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\" fill=\"#1f77b4\"><title>%s %s..%s us: %d ticks</title>"
                    + "</rect>", i * bw, H - h, bw - 1, h, what,
                    TextReport.micros(i * (max + 1) / BINS),
                    TextReport.micros((i + 1) * (max + 1) / BINS), counts[i]));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">0 &micro;s"
                + "</text><text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s "
                + "&micro;s (%s, %d ticks, linear bins; tallest %d)</text></svg>",
                H + 20, W - 4, H + 20, TextReport.micros(max), what, values.length, top));
    }

    private static void timeline(RunReport r, StringBuilder b) {
        b.append("<h2>Timeline</h2><p>Output level (RMS, dBFS, per ")
                .append(RunReport.LEVEL_WINDOW_MS).append(" ms) of each host_out; red lines "
                + "mark faults, orange ones xruns.</p><svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"").append(W).append("\" height=\"").append(H + 30).append("\">");
        final double perTick = (double) W / Math.max(1, r.ticks());
        for (RuntimeEvent e : r.events()) {
            final double x = e.tick() * perTick;
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%d\""
                    + " stroke=\"%s\"><title>%s</title></line>", x, x, H,
                    e.kind() == RuntimeEvent.Kind.XRUN ? "orange" : "red", esc(e.detail())));
        }
        int color = 0;
        for (Map.Entry<String, double[]> e : r.levels().entrySet()) {
            final StringBuilder pts = new StringBuilder();
            final double[] v = e.getValue();
            for (int i = 0; i < v.length; i++) {
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ",
                        i * RunReport.LEVEL_WINDOW_MS * perTick, Math.min(H, -v[i] * H / 120)));
            }
            final String c = COLORS[color++ % COLORS.length];
            b.append("<polyline fill=\"none\" stroke=\"").append(c).append("\" points=\"")
                    .append(pts).append("\"><title>").append(esc(e.getKey()))
                    .append("</title></polyline>");
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" "
                    + "fill=\"%s\">%s</text>", 4 + 120 * (color - 1), H + 20, c,
                    esc(e.getKey())));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"12\" font-size=\"12\" "
                + "text-anchor=\"end\">0 dBFS at top, -120 at bottom; %d ms across</text></svg>",
                W - 4, r.ticks()));
    }

    private static void cells(StringBuilder b, String... values) {
        for (String v : values) {
            b.append("<td>").append(esc(v)).append("</td>");
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
