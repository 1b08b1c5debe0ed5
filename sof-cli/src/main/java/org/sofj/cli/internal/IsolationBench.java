package org.sofj.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Topology;

/**
 * {@code sofj bench --isolation}: what one module's isolation costs per tick, four ways in one
 * run. Each column ticks tone -> passthru -> host_out on the virtual clock (the sample jar's code,
 * as built-ins) with the passthru as: a kernel LL module; a user-mode LL module; a user-mode DP
 * module; and a kernel LL module that sends every period to a child process ({@code cat},
 * started with {@link ProcessBuilder}) over pipes and waits for it to come back, the floor of a
 * process sandbox. Each column's cost over the kernel LL column is what that kind of isolation
 * adds per tick. A column the runtime refuses is printed as n/a with the runtime's reason. The user
 * LL column runs the passthru on the tick thread switched into its domain; the user DP column runs
 * it inline on the tick thread too (the virtual clock's default). Costs are by the wall clock and by
 * the CPU time of the
 * JVM's threads ({@link RenderBench#cpuNanos}); the child's own CPU time is not counted.
 */
final class IsolationBench {
    /** Ticks per timed round. */
    private final int ticks;
    /** Ticks before timing ({@link RenderBench#warmUpTicks}). */
    private final int warmUp;
    private final Path jar;

    /** One measured column: its label, what it runs, or why it could not run. */
    record Column(String label, String type, ProcDomain domain) {
    }

    IsolationBench(Path jar, int seconds) {
        this.jar = jar;
        this.ticks = seconds * 1000 / RenderBench.ROUNDS;
        this.warmUp = RenderBench.warmUpTicks(seconds);
    }

    /** @return the four columns, in print order */
    static List<Column> columns() {
        return List.of(new Column("kernel LL", Modules.KERNEL, ProcDomain.LL),
                userLl(),
                new Column("user DP", Modules.USER, ProcDomain.DP),
                new Column("child process", Modules.ECHO, ProcDomain.LL));
    }

    /** The user-mode LL column: the user-mode passthru placed in the LL domain. */
    static Column userLl() {
        return new Column("user LL", Modules.USER, ProcDomain.LL);
    }

    /**
     * @param column what to run
     * @return the best of the rounds, as a rate (1000 / rate = microseconds per tick)
     * @throws CliException if the runtime refuses the topology
     */
    RenderBench.Rate rate(Column column) {
        final List<Topology.Module> m = new ArrayList<>();
        m.add(new Topology.Module("tone", "tone", 0, 1, ProcDomain.LL, 0, 0, 0,
                java.util.HexFormat.of().parseHex("c0b6060000000040"), new byte[0]));
        m.add(new Topology.Module("pass", column.type(), 0, 1, column.domain(), 0, 0, 0, null,
                new byte[0]));
        m.add(new Topology.Module("out", "host_out", 0, 1, ProcDomain.LL, 0, 0, 0, null,
                new byte[0]));
        final Topology t = RenderBench.inOrder("(bench --isolation)", List.of(), m);
        final List<ModuleProvider> builtIns = new ArrayList<>(KernelCopies.load(jar));
        final Modules modules = new Modules(builtIns);
        builtIns.add(modules);
        final int total = warmUp + RenderBench.ROUNDS * ticks;
        try (Session s = Session.open(t, SchedulerConfig.Clock.VIRTUAL, total, builtIns)) {
            final Runner r = new Runner(s, null, false); // drained, not kept: flat memory
            r.run(warmUp, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            return RenderBench.timed(ticks, () -> r.run(ticks, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE));
        } finally {
            modules.close();
        }
    }

    /**
     * Runs the baseline and every column and prints one table.
     *
     * @param out where to print
     */
    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "sofj bench --isolation: tone -> passthru -> host_out, 48 kHz "
                + "stereo S32, virtual clock; %d rounds of %d ticks after %d warm-up ticks, best "
                + "round%n", RenderBench.ROUNDS, ticks, warmUp);
        out.printf(Locale.ROOT, "machine: %d cpus, load average %s%n",
                Runtime.getRuntime().availableProcessors(), RenderBench.loadAverage());
        rate(columns().get(0)); // untimed: the first session compiles the kernel's code
        final List<Column> cols = columns();
        final double[][] tick = new double[cols.size()][];
        out.printf(Locale.ROOT, "%-16s %12s %12s %16s %16s%n", "passthru as", "us per tick",
                "(CPU us)", "over kernel LL", "(CPU)");
        for (int i = 0; i < cols.size(); i++) {
            final Column c = cols.get(i);
            try {
                tick[i] = micros(rate(c));
                out.printf(Locale.ROOT, "%-16s %12.2f %12.2f %16.2f %16.2f%n", c.label(),
                        tick[i][0], tick[i][1], tick[i][0] - tick[0][0], tick[i][1] - tick[0][1]);
            } catch (CliException e) {
                tick[i] = new double[] {Double.NaN, Double.NaN};
                out.printf(Locale.ROOT, "%-16s %12s %12s %16s %16s  (%s)%n", c.label(), "n/a",
                        "n/a", "n/a", "n/a", firstLine(e.getMessage()));
            }
            out.flush();
        }
        for (int k = 0; k < 2; k++) {
            final double kernel = tick[0][k];
            out.printf(Locale.ROOT, "%s: per tick, user LL / kernel LL %s, user DP / kernel LL %s;"
                    + " over kernel LL, child process / user LL %s, child process / user DP %s%n",
                    k == 0 ? "wall" : "CPU ", ratio(tick[1][k], kernel),
                    ratio(tick[2][k], kernel), ratio(tick[3][k] - kernel, tick[1][k] - kernel),
                    ratio(tick[3][k] - kernel, tick[2][k] - kernel));
        }
        out.flush();
    }

    /** @return {wall, CPU} microseconds per tick */
    private static double[] micros(RenderBench.Rate r) {
        return new double[] {1000.0 / r.wall(), 1000.0 / r.cpu()};
    }

    private static String ratio(double a, double b) {
        // a cost at or below zero over kernel LL is within the noise: no ratio to print
        return Double.isNaN(a) || Double.isNaN(b) || a <= 0 || b <= 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static String firstLine(String s) {
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The passthru three ways, as built-ins made from the sample jar's kernel copies: kernel mode,
     * user mode, and kernel mode with a child-process round trip per period.
     */
    static final class Modules implements ModuleProvider, AutoCloseable {
        static final String KERNEL = "pass_k";
        static final String USER = "pass_u";
        static final String ECHO = "pass_c";
        private final List<ModuleProvider> copies;
        private final List<ChildEcho> children = new ArrayList<>();

        Modules(List<ModuleProvider> copies) {
            this.copies = List.copyOf(copies);
        }

        @Override
        public Set<String> moduleNames() {
            return Set.of(KERNEL, USER, ECHO);
        }

        @Override
        public Optional<ModuleDescription> describe(String name) {
            if (!moduleNames().contains(name)) {
                return Optional.empty();
            }
            return Optional.of(ModuleDescription.builder(name, UUID.nameUUIDFromBytes(
                    name.getBytes(StandardCharsets.US_ASCII))).userMode(USER.equals(name))
                    .ibs(384).obs(384).build());
        }

        @Override
        public ProcessingModule create(String name) {
            ProcessingModule pass = null;
            for (ModuleProvider p : copies) {
                if (p.moduleNames().contains("passthru")) {
                    pass = p.create("passthru");
                }
            }
            if (pass == null) {
                throw new CliException("the plugin jar has no passthru module");
            }
            if (!ECHO.equals(name)) {
                return pass;
            }
            final ChildEcho echo = new ChildEcho(pass);
            synchronized (children) {
                children.add(echo);
            }
            return echo;
        }

        @Override
        public void close() {
            synchronized (children) {
                children.forEach(ChildEcho::stop);
            }
        }
    }

    /**
     * A module that sends one period of bytes to a child {@code cat} and reads it back before the
     * wrapped module processes: one blocking round trip through another process per tick.
     */
    static final class ChildEcho implements ProcessingModule {
        private final ProcessingModule inner;
        private final byte[] period = new byte[384];
        private Process child;
        private OutputStream toChild;
        private InputStream fromChild;

        ChildEcho(ProcessingModule inner) {
            this.inner = inner;
        }

        @Override
        public int init(ModuleContext context) {
            try {
                child = new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
            } catch (IOException e) {
                throw new CliException("cannot start the child process cat: " + e.getMessage());
            }
            toChild = child.getOutputStream();
            fromChild = child.getInputStream();
            return inner.init(context);
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            try {
                toChild.write(period);
                toChild.flush();
                int got = 0;
                while (got < period.length) {
                    final int n = fromChild.read(period, got, period.length - got);
                    if (n < 0) {
                        return -org.sofj.api.Errno.EIO;
                    }
                    got += n;
                }
            } catch (IOException e) {
                return -org.sofj.api.Errno.EIO;
            }
            return inner.process(sources, sinks);
        }

        @Override
        public int free() {
            stop();
            return inner.free();
        }

        void stop() {
            if (child != null) {
                child.destroy();
            }
        }
    }
}
