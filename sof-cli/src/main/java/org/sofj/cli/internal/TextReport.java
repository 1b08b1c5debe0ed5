package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.util.Locale;

import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;

/** Prints a {@link RunReport} as plain text tables. */
final class TextReport {
    /** What the two memory columns count, printed under the module table. */
    static final String MEMORY_LEGEND = "memory() used/high: bytes in use now / at most of what "
            + "the module took through ModuleContext.memory() (its driver heap); java allocated: "
            + "Java heap bytes its own code allocated over the run (user mode: every call; "
            + "kernel mode: its IPC calls, not process)";

    private TextReport() {
    }

    /**
     * On the virtual clock, how fast the ticks ran: the report's wall time less the session's
     * opening (the libraries' load), and the audio over it, JIT warm-up included.
     */
    static String speed(RunReport r) {
        if (r.clock() != SchedulerConfig.Clock.VIRTUAL || r.tickingNanos() <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, " (%.3f s of it ticking: %.0fx real time)",
                r.tickingNanos() / 1e9, r.ticks() * 1e6 / r.tickingNanos());
    }

    /**
     * @param r   the report
     * @param out where to print
     */
    static void print(RunReport r, PrintWriter out) {
        out.printf(Locale.ROOT, "sofj run %s: %d ticks (%.3f s of audio), %s clock, %.3f s on"
                + " the wall clock%s%n", r.topology(), r.ticks(), r.ticks() / 1000.0,
                r.clock().name().toLowerCase(Locale.ROOT), r.wallNanos() / 1e9, speed(r));
        r.outputs().forEach((name, file) -> out.printf(Locale.ROOT, "output %s -> %s%n", name,
                file));
        out.println();
        out.printf(Locale.ROOT, "%-10s %-9s %-6s %-3s %9s %9s %9s %7s %18s %14s %6s %5s%n",
                "module", "type", "mode", "dom", "p50 us", "p99 us", "max us", "budget",
                "memory() used/high", "java allocated", "faults", "xruns");
        for (RunReport.ModuleRow m : r.modules()) {
            final InstanceReport i = m.report();
            final LatencySnapshot t = i.processTime();
            out.printf(Locale.ROOT, "%-10s %-9s %-6s %-3s %9s %9s %9s %7s %18s %14d %6d %5d%s%n",
                    m.name(), m.type(), i.userMode() ? "user" : "kernel", i.domain(),
                    micros(t.p50()), micros(t.p99()), micros(t.max()), budget(i.budgetUse()),
                    i.heapUsed() + "/" + i.heapHighWater(), i.javaAllocated(), m.faults(),
                    m.xruns(), i.faulted() ? "  FAULTED" : "");
        }
        out.println(MEMORY_LEGEND);
        out.println();
        out.printf(Locale.ROOT, "%-9s %7s %-32s%n", "pipeline", "ticks",
                "tick lateness p50/p99/max us");
        for (RunReport.PipelineRow p : r.pipelines()) {
            final LatencySnapshot l = p.lateness();
            out.printf(Locale.ROOT, "%-9d %7d %s / %s / %s%s%n", p.id(), l.count(),
                    micros(l.p50()), micros(l.p99()), micros(l.max()),
                    r.clock() == SchedulerConfig.Clock.VIRTUAL
                            ? "  (virtual clock: 0 by construction; use --clock wall)" : "");
        }
        if (r.clock() == SchedulerConfig.Clock.WALL) {
            final LatencySnapshot l = r.scheduler();
            out.printf(Locale.ROOT, "%-9s %7d %s / %s / %s  (p99.9 %s; each tick against its"
                    + " own deadline)%n", "scheduler", l.count(), micros(l.p50()), micros(l.p99()),
                    micros(l.max()), micros(l.p999()));
            out.printf(Locale.ROOT, "host stalls (never charged to a module): %d late ticks, %d"
                    + " stalls, %d skipped ticks, %d ticks held for a DP thread the host did not"
                    + " run", r.stalls().lateTicks(), r.stalls().stalls(),
                    r.stalls().skippedTicks(), r.stalls().dpHolds());
            final HostStalls steady = r.stallsAfterStartup();
            if (steady != null) {
                out.printf(Locale.ROOT, "; after start-up (tick %d on): %d, %d, %d, %d",
                        Runner.STARTUP_TICKS, steady.lateTicks(), steady.stalls(),
                        steady.skippedTicks(), steady.dpHolds());
            }
            out.println();
            if (!r.threadPriorities().isEmpty()) {
                out.println(r.threadPriorities());
            }
            final StringBuilder after = new StringBuilder();
            for (RunReport.ModuleRow m : r.modules()) {
                if (m.xrunsAfterStartup() > 0) {
                    after.append(after.length() == 0 ? " (" : ", ").append(m.name()).append(' ')
                            .append(m.xrunsAfterStartup());
                }
            }
            final long total = r.totalXrunsAfterStartup();
            if (r.ticks() >= Runner.STARTUP_TICKS) {
                out.printf(Locale.ROOT, "xruns after start-up (tick %d on): %d%s%n",
                        Runner.STARTUP_TICKS, total, after.length() == 0 ? "" : after + ")");
            }
        }
        if (!r.events().isEmpty()) {
            out.println();
            out.println("events:");
            for (RuntimeEvent e : r.events()) {
                out.printf(Locale.ROOT, "  tick %6d  %-12s %s%n", e.tick(), e.kind(),
                        e.detail());
            }
        }
        out.flush();
    }

    static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    static String budget(double use) {
        return use == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", use * 100);
    }
}
