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
                + "<th>budget</th><th>memory() used B</th><th>memory() high B</th>"
                + "<th>java allocated B</th><th>faults</th><th>xruns</th></tr>");
        for (RunReport.ModuleRow m : r.modules()) {
            final InstanceReport i = m.report();
            final LatencySnapshot t = i.processTime();
            b.append(i.faulted() ? "<tr class=\"fault\">" : "<tr>");
            cells(b, m.name(), m.type(), i.userMode() ? "user" : "kernel", i.domain().name(),
                    TextReport.micros(t.p50()), TextReport.micros(t.p99()),
                    TextReport.micros(t.max()), TextReport.budget(i.budgetUse()),
                    Long.toString(i.heapUsed()), Long.toString(i.heapHighWater()),
                    Long.toString(i.javaAllocated()),
                    m.faults() + (i.faulted() ? " FAULTED" : ""), Long.toString(m.xruns()));
            b.append("</tr>");
        }
        b.append("</table><p>");
        b.append(esc(TextReport.MEMORY_LEGEND));
        b.append("</p>");
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

    /**
     * A latency histogram readable at both ends: logarithmic bins (each bin spans the same ratio,
     * from the decade below the smallest positive value up to the largest), bar heights on a
     * logarithmic count scale (a single tick in the tail is still a visible bar), and dashed
     * markers at p50, p99, p99.9 and the maximum.
     */
    static void histogram(long[] values, String what, StringBuilder b) {
        final long max = java.util.Arrays.stream(values).max().orElse(0);
        final long minPositive = java.util.Arrays.stream(values).filter(v -> v > 0).min()
                .orElse(1000);
        final long lo = (long) Math.pow(10, Math.floor(Math.log10(Math.max(100, minPositive))));
        final long hi = Math.max(max, lo * 10);
        final int[] counts = new int[BINS];
        for (long v : values) {
            counts[bin(v, lo, hi)]++;
        }
        final int top = java.util.Arrays.stream(counts).max().orElse(0);
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W)
                .append("\" height=\"").append(H + 30).append("\">");
        final double bw = (double) W / BINS;
        for (int i = 0; i < BINS; i++) {
            final double h = counts[i] == 0 ? 0
                    : Math.max(2, H * Math.log1p(counts[i]) / Math.log1p(top));
            b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                    + "height=\"%.1f\" fill=\"#1f77b4\"><title>%s %s..%s us: %d ticks</title>"
                    + "</rect>", i * bw, H - h, bw - 1, h, what, TextReport.micros(edge(i, lo, hi)),
                    TextReport.micros(edge(i + 1, lo, hi)), counts[i]));
        }
        final LatencySnapshot s = RunReport.snapshot(values);
        final String[] names = {"p50", "p99", "p99.9", "max"};
        final long[] at = {s.p50(), s.p99(), s.p999(), s.max()};
        for (int i = 0; i < names.length && values.length > 0; i++) {
            final double x = x(at[i], lo, hi);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
                    + "y2=\"%d\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/><text x=\"%.1f\" "
                    + "y=\"%d\" font-size=\"11\" fill=\"#d62728\">%s %s</text>", x, 12 * i + 4, x,
                    H, Math.min(x + 3, W - 90.0), 12 * i + 14, names[i],
                    TextReport.micros(at[i])));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">&le; %s "
                + "&micro;s</text><text x=\"%d\" y=\"%d\" font-size=\"12\" "
                + "text-anchor=\"end\">%s &micro;s (%s, %d ticks; logarithmic bins and "
                + "heights; tallest %d)</text></svg>", H + 20, TextReport.micros(lo), W - 4, H + 20,
                TextReport.micros(hi), what, values.length, top));
    }

    /** @return the bin of {@code v}: values at or below {@code lo} fall in the first */
    static int bin(long v, long lo, long hi) {
        if (v <= lo) {
            return 0;
        }
        return (int) Math.min(BINS - 1, Math.floor(Math.log((double) v / lo)
                / Math.log((double) hi / lo) * BINS));
    }

    private static long edge(int i, long lo, long hi) {
        return Math.round(lo * Math.pow((double) hi / lo, (double) i / BINS));
    }

    private static double x(long v, long lo, long hi) {
        final double f = v <= lo ? 0 : Math.log((double) v / lo) / Math.log((double) hi / lo);
        return Math.min(1, f) * (W - 1);
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
                    e.kind().isFault() ? "red" : "orange", esc(e.detail())));
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
