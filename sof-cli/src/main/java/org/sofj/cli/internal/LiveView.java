package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

import org.sofj.api.spi.LatencySnapshot;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.topology.Topology;

/**
 * {@code sofj run --live}: a table per instance, as pw-top shows one per node, redrawn once a
 * second of wall time while the run goes on. On a terminal it redraws in place (ANSI home and
 * clear); otherwise each refresh is appended, separated by a blank line.
 */
final class LiveView implements Runner.Progress {
    /** Wall time between refreshes. */
    static final long REFRESH_NANOS = 1_000_000_000L;
    private static final String CLEAR = "\033[H\033[2J";

    private final Session session;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clock;
    private long next;

    /**
     * @param session  the running session
     * @param out      where to draw
     * @param terminal whether {@code out} is a terminal
     * @param clock    wall time, ns
     */
    LiveView(Session session, PrintWriter out, boolean terminal, LongSupplier clock) {
        this.session = session;
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.next = clock.getAsLong() + REFRESH_NANOS;
    }

    @Override
    public void at(long done, long total) {
        final long now = clock.getAsLong();
        if (now < next) {
            return;
        }
        next = now + REFRESH_NANOS;
        draw(done, total);
    }

    /** Draws one refresh. */
    void draw(long done, long total) {
        final StringBuilder b = new StringBuilder(terminal ? CLEAR : "");
        b.append(String.format(Locale.ROOT, "sofj run %s  %d/%d ms of audio%n",
                session.topology.file(), done, total));
        b.append(String.format(Locale.ROOT, "%-10s %-9s %-6s %-3s %9s %9s %7s %7s %6s %11s %11s"
                + " %s%n", "NAME", "TYPE", "MODE", "DOM", "P50 us", "P99 us", "BUDGET", "XRUNS",
                "MISSES", "MEMORY() B", "JAVA ALLOC", "STATE"));
        for (Topology.Module m : session.topology.modules()) {
            final InstanceReport i = session.runtime.report(session.components.get(m.name()));
            final LatencySnapshot t = i.processTime();
            b.append(String.format(Locale.ROOT, "%-10s %-9s %-6s %-3s %9s %9s %7s %7d %6d %11d"
                    + " %11d %s%n", m.name(), m.type(), i.userMode() ? "user" : "kernel",
                    i.domain(), TextReport.micros(t.p50()), TextReport.micros(t.p99()),
                    TextReport.budget(i.budgetUse()), i.xruns(), i.deadlineMisses(), i.heapUsed(),
                    i.javaAllocated(), i.faulted() ? "FAULTED" : "running"));
        }
        if (!terminal) {
            b.append(System.lineSeparator());
        }
        out.print(b);
        out.flush();
    }
}
