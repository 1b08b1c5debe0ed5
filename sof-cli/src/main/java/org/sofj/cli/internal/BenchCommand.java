package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Topology;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code sofj bench}: what isolation costs. Runs one standard pipeline on the wall clock twice -
 * the sample library loaded as a signed library (eq_iir in user mode), then the same jar's
 * modules as in-process kernel built-ins - and prints the two side by side.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs tone -> gain -> eq_iir (DP) -> passthru -> eq_iir (DP) -> host_out "
                + "on the wall clock, once with eq_iir in user mode (the signed sample library) "
                + "and once with the same code as kernel built-ins, and prints per-module "
                + "process time and tick lateness side by side.",
            "Numbers depend on the machine and its load; run on a quiet machine."})
final class BenchCommand implements Callable<Integer> {
    private static final String EQ = "010000009c20d042b510b3860dc38837b510b386a9e3583a";

    @Spec
    private CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "10",
            description = "seconds per run (default 10)")
    private int seconds;

    @Option(names = "--plugin", paramLabel = "PLUGIN.jar", description = "the sample plugin "
            + "jar (default: the installed plugins/, or sof-cli/target/plugins/ of a checkout); "
            + "the kernel baseline runs its code as in-process built-ins, with no signature, "
            + "link check or domain: give it only a jar you trust")
    private Path plugin;

    @Option(names = "--json", description = "print the two runs as one JSON document on standard "
            + "output (schema: docs/json.md) instead of the table")
    private boolean json;

    @Mixin
    private RtPriority rtPriority = new RtPriority();

    @Option(names = "--render", description = "instead: how many times faster than real time "
            + "the virtual clock renders the README pipeline, it without the FIR, and an LL-only "
            + "chain, next to sox for the same chains when sox is on the PATH (--seconds of audio "
            + "per chain)")
    private boolean render;

    @Option(names = "--isolation", description = "instead: one passthru's cost per tick as a "
            + "kernel LL module, a user LL module, a user DP module, and a kernel module with a "
            + "round trip to a child process per period (--seconds of virtual ticks per column)")
    private boolean isolation;

    BenchCommand() {
    }

    @Override
    public Integer call() {
        if (seconds < 1 || seconds > 3600) {
            throw new CliException("--seconds " + seconds + ": must be in [1, 3600]");
        }
        final int rt = rtPriority.checked(); // before any run, whichever it is
        // the plugin jars: an installed sofj names their directory (sofj.plugins), a checkout's
        // launcher names the checkout (sofj.home)
        final Path jar = plugin != null ? plugin : Path.of(System.getProperty("sofj.plugins",
                Path.of(System.getProperty("sofj.home", ".")).resolve("sof-cli/target/plugins")
                        .toString())).resolve("plugins-sample.jar");
        if (!Files.isRegularFile(jar)) {
            throw new CliException(jar + ": no such file (give --plugin PLUGIN.jar)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (render || isolation) {
            if (json) {
                throw new CliException("--json: not available with --render or --isolation "
                        + "(they print a table)");
            }
            if (render) {
                new RenderBench(jar, seconds).print(out);
            }
            if (isolation) {
                new IsolationBench(jar, seconds).print(out);
            }
            return 0;
        }
        if (!json) {
            out.println("sofj bench: " + seconds + " s per run, wall clock, 48 kHz stereo S32");
            out.println(environmentLine());
        }
        final RunReport user = run(topology(jar, 1), List.of(), rt);
        final RunReport kernel = run(topology(jar, 0), KernelCopies.load(jar), rt);
        if (json) {
            final ObjectNode o = JsonReport.object();
            o.put("schema", JsonReport.BENCH_SCHEMA);
            o.put("seconds", seconds);
            o.set("environment", JsonReport.environment());
            JsonReport.body(o.putObject("user"), user);
            JsonReport.body(o.putObject("kernel"), kernel);
            final ArrayNode ratios = o.putArray("ratios");
            for (int i = 0; i < user.modules().size(); i++) {
                final ObjectNode n = ratios.addObject();
                n.put("name", user.modules().get(i).name());
                final double r = ratio(user.modules().get(i), kernel.modules().get(i));
                if (Double.isNaN(r)) {
                    n.putNull("p50");
                } else {
                    n.put("p50", r);
                }
            }
            JsonReport.print(o, out);
        } else {
            print(user, kernel, out);
        }
        return 0;
    }

    /** @return the JDK, the cores and the clock the numbers were taken with, on one line */
    static String environmentLine() {
        final ObjectNode e = JsonReport.environment();
        return "environment: " + e.get("jdk").asText() + ", " + e.get("os").asText() + ", "
                + e.get("cores").asInt() + " cores available, clock "
                + e.get("clock").asText();
    }

    /** @return user-mode p50 over kernel p50, or NaN when the kernel p50 is 0 */
    private static double ratio(RunReport.ModuleRow user, RunReport.ModuleRow kernel) {
        final long k = kernel.report().processTime().p50();
        return k == 0 ? Double.NaN : user.report().processTime().p50() / (double) k;
    }

    private RunReport run(Topology t, List<ModuleProvider> builtIns, int rt) {
        final int ticks = seconds * 1000;
        final long start = System.nanoTime();
        try (Session s = Session.open(t, SchedulerConfig.Clock.WALL, ticks + 1000, builtIns,
                ProxyVariant.SHARED_WORKER, null, rt)) {
            // drained, not kept: the bench writes no audio, and kept audio grew with --seconds
            final Runner r = new Runner(s, null, false);
            r.run(ticks, SchedulerConfig.Clock.WALL, Runner.Progress.NONE);
            return RunReport.collect(s, r, SchedulerConfig.Clock.WALL, ticks,
                    System.nanoTime() - start, java.util.Map.of());
        }
    }

    /** The standard pipeline; {@code lib} 1 = the packed library, 0 = kernel built-ins. */
    static Topology topology(Path jar, int lib) {
        final List<Topology.Library> libs = lib == 0 ? List.of()
                : List.of(new Topology.Library(1, null, null, jar));
        final List<Topology.Module> m = new ArrayList<>();
        m.add(module("tone", "tone", lib, ProcDomain.LL, "c0b6060000000040"));
        m.add(module("gain", "gain", lib, ProcDomain.LL, "0000800000000000"));
        m.add(module("eq1", "eq_iir", lib, ProcDomain.DP, EQ));
        m.add(module("pass", "passthru", lib, ProcDomain.LL, null));
        m.add(module("eq2", "eq_iir", lib, ProcDomain.DP, EQ));
        m.add(module("out", "host_out", 0, ProcDomain.LL, null));
        final List<Topology.Connection> c = new ArrayList<>();
        for (int i = 0; i + 1 < m.size(); i++) {
            c.add(new Topology.Connection(i + 1, m.get(i).name(), 0, m.get(i + 1).name(), 0));
        }
        return new Topology(Path.of("(bench)"), AudioFormat.of(48000, 2, SampleFormat.S32_LE),
                libs, List.of(new Topology.Pipeline(1, 0)), m, c);
    }

    private static Topology.Module module(String name, String type, int lib, ProcDomain d,
            String hex) {
        return new Topology.Module(name, type, lib, 1, d, 0, 0, 0,
                hex == null ? null : java.util.HexFormat.of().parseHex(hex), new byte[0]);
    }

    private static void print(RunReport user, RunReport kernel, PrintWriter out) {
        out.printf(Locale.ROOT, "%n%-8s %-30s %-30s %10s%n", "module",
                "user-mode build p50/p99/max us", "kernel copies p50/p99/max us", "user/kernel");
        for (int i = 0; i < user.modules().size(); i++) {
            final RunReport.ModuleRow u = user.modules().get(i);
            final RunReport.ModuleRow k = kernel.modules().get(i);
            final double r = ratio(u, k);
            out.printf(Locale.ROOT, "%-8s %-30s %-30s %10s%n", u.name(),
                    (u.report().userMode() ? "user   " : "kernel ") + triple(u.report()
                            .processTime()), "kernel " + triple(k.report().processTime()),
                    Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r));
        }
        // the scheduler's own lateness, each tick against the deadline it had, over every core
        out.printf(Locale.ROOT, "%-8s %-30s %-30s%n", "lateness",
                "       " + triple(user.scheduler()), "       " + triple(kernel.scheduler()));
        out.printf(Locale.ROOT, "%-8s %-30s %-30s%n", "p99.9",
                "       " + TextReport.micros(user.scheduler().p999()),
                "       " + TextReport.micros(kernel.scheduler().p999()));
        out.printf(Locale.ROOT, "%-8s %-30s %-30s%n", "xruns", "       " + xruns(user),
                "       " + xruns(kernel));
        out.println("(user/kernel: ratio of the p50s; tick lateness: each tick against its own "
                + "deadline, p50/p99/max and p99.9 us; xruns: in all / after start-up, tick "
                + Runner.STARTUP_TICKS + " on; host stalls: " + stalls(user) + " and "
                + stalls(kernel) + ")");
        final List<String> faulted = new ArrayList<>();
        faulted(user, "user-mode run", faulted);
        faulted(kernel, "kernel run", faulted);
        out.println(faulted.isEmpty() ? "faults: none"
                : "FAULTED: " + String.join("; ", faulted));
        out.println("user-mode run: " + user.threadPriorities());
        out.println("kernel run: " + kernel.threadPriorities());
        out.flush();
    }

    /** @return "xruns in all / after start-up" over every instance of a run */
    private static String xruns(RunReport r) {
        return r.totalXruns() + " / " + r.totalXrunsAfterStartup();
    }

    private static String stalls(RunReport r) {
        return r.stalls().lateTicks() + " late / " + r.stalls().skippedTicks() + " skipped ticks / "
                + r.stalls().dpHolds() + " held for DP";
    }

    /** Adds "name (run): kind at tick N" for every FAULTED instance of a run. */
    private static void faulted(RunReport r, String run, List<String> into) {
        for (RunReport.ModuleRow m : r.modules()) {
            if (m.report().faulted()) {
                final String why = r.events().stream()
                        .filter(e -> e.componentId() == m.report().componentId()
                                && e.kind().isFault())
                        .findFirst().map(e -> e.kind() + " at tick " + e.tick())
                        .orElse("FAULTED");
                into.add(m.name() + " (" + run + "): " + why);
            }
        }
    }

    private static String triple(LatencySnapshot s) {
        return TextReport.micros(s.p50()) + " / " + TextReport.micros(s.p99()) + " / "
                + TextReport.micros(s.max());
    }
}
