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
    /** Trials of the in-process columns, each in fresh layers ({@link #print}). */
    static final int TRIALS = 3;
    /** Ticks per timed round. */
    private final int ticks;
    /** Ticks before timing ({@link RenderBench#warmUpTicks}). */
    private final int warmUp;
    private final Path jar;
    private final MachineSpeed speed = new MachineSpeed();

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
     * One column, open: its session warmed up, its best round so far. The columns stay open side
     * by side so that their timed rounds can alternate.
     */
    private final class Open implements AutoCloseable {
        private final Modules modules;
        private final Session session;
        private final Runner runner;
        private final RenderBench.Best best = new RenderBench.Best();

        /** Opens the column's session and runs its warm-up; throws CliException if refused. */
        Open(Column column) {
            final List<Topology.Module> m = new ArrayList<>();
            m.add(new Topology.Module("tone", "tone", 0, 1, ProcDomain.LL, 0, 0, 0,
                    java.util.HexFormat.of().parseHex("c0b6060000000040"), new byte[0]));
            m.add(new Topology.Module("pass", column.type(), 0, 1, column.domain(), 0, 0, 0,
                    null, new byte[0]));
            m.add(new Topology.Module("out", "host_out", 0, 1, ProcDomain.LL, 0, 0, 0, null,
                    new byte[0]));
            final Topology t = RenderBench.inOrder("(bench --isolation)", List.of(), m);
            // a layer of its own per column, as each configuration would run alone: its own
            // compiled copy of the modules, whose call sites see only this column's calls
            final List<ModuleProvider> builtIns = new ArrayList<>(KernelCopies.load(jar));
            this.modules = new Modules(builtIns);
            builtIns.add(modules);
            Session opened = null;
            try {
                opened = Session.open(t, SchedulerConfig.Clock.VIRTUAL,
                        warmUp + RenderBench.ROUNDS * ticks, builtIns);
                this.session = opened;
                this.runner = new Runner(opened, null, false); // drained, not kept: flat memory
                runner.run(warmUp, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
                final int step = Math.max(1, warmUp / 20);
                RenderBench.settle(warmUp, () -> runner.run(step, SchedulerConfig.Clock.VIRTUAL,
                        Runner.Progress.NONE));
            } catch (RuntimeException e) {
                if (opened != null) {
                    opened.close();
                }
                modules.close();
                throw e;
            }
        }

        /** Times one round of {@code ticks} ticks and keeps the best. */
        void round() {
            best.time(() -> runner.run(ticks, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE));
        }

        /** @return the best round as a rate (1000 / rate = microseconds per tick) */
        RenderBench.Rate rate() {
            return best.rate(ticks);
        }

        @Override
        public void close() {
            try {
                session.close();
            } finally {
                modules.close();
            }
        }
    }

    /**
     * Times every column and prints one table. A trial opens and warms up every column (each in
     * a layer of its own, so each gets its own compiled copy of the modules), then times their
     * rounds in turn (round 1 of each column, then round 2 of each, ...), so that a change in the
     * host's speed, or a JIT decision taken while a later column warms up, weighs on every column
     * alike. One trial can run a few tenths of a microsecond a tick slower than another of the
     * same build, when the machine runs slower for a while (docs/BENCHMARKS.md, "The slow trials
     * are the host"), so the in-process columns get {@link #TRIALS} trials, each with fresh
     * layers, and the table gives the median of their best rounds; the child process column,
     * whose cost is a hundred times larger, runs in the first trial only. The per-trial user LL /
     * kernel LL ratios are printed too, with each trial's {@link MachineSpeed} reading (the median
     * of those before the rounds and after each turn of them).
     *
     * @param out where to print
     */
    void print(PrintWriter out) {
        out.printf(Locale.ROOT, "sofj bench --isolation: tone -> passthru -> host_out, 48 kHz "
                + "stereo S32, virtual clock; %d trials: every column warmed up with %d ticks, "
                + "then %d rounds of %d ticks taken in turn across the columns; the median of "
                + "the trials' best rounds%n", TRIALS, warmUp, RenderBench.ROUNDS, ticks);
        out.printf(Locale.ROOT, "machine: %d cpus, load average %s%n",
                Runtime.getRuntime().availableProcessors(), RenderBench.loadAverage());
        final List<Column> cols = columns();
        final int child = cols.size() - 1;
        final double[][][] trials = new double[TRIALS][cols.size()][];
        final String[] refused = new String[cols.size()];
        final long[] machine = new long[TRIALS];
        speed.warmUp();
        for (int t = 0; t < TRIALS; t++) {
            machine[t] = trial(cols, t == 0 ? cols.size() : child, trials[t], refused);
        }
        final double[][] tick = new double[cols.size()][];
        out.printf(Locale.ROOT, "%-16s %12s %12s %16s %16s%n", "passthru as", "us per tick",
                "(CPU us)", "over kernel LL", "(CPU)");
        for (int i = 0; i < cols.size(); i++) {
            tick[i] = median(trials, i);
            if (refused[i] == null) {
                out.printf(Locale.ROOT, "%-16s %12.2f %12.2f %16.2f %16.2f%n", cols.get(i).label(),
                        tick[i][0], tick[i][1], tick[i][0] - tick[0][0], tick[i][1] - tick[0][1]);
            } else {
                out.printf(Locale.ROOT, "%-16s %12s %12s %16s %16s  (%s)%n", cols.get(i).label(),
                        "n/a", "n/a", "n/a", "n/a", refused[i]);
            }
        }
        for (int k = 0; k < 2; k++) {
            final double kernel = tick[0][k];
            out.printf(Locale.ROOT, "%s: per tick, user LL / kernel LL %s, user DP / kernel LL"
                    + " %s; over kernel LL, child process / user LL %s, child process / user DP"
                    + " %s%n", k == 0 ? "wall" : "CPU ", ratio(tick[1][k], kernel),
                    ratio(tick[2][k], kernel), ratio(tick[3][k] - kernel, tick[1][k] - kernel),
                    ratio(tick[3][k] - kernel, tick[2][k] - kernel));
        }
        final StringBuilder each = new StringBuilder("user LL / kernel LL per trial (wall):");
        for (double[][] t : trials) {
            each.append(' ').append(ratio(t[1][0], t[0][0]));
        }
        out.println(each);
        final StringBuilder speeds = new StringBuilder("machine-speed loop per trial (us of CPU, "
                + "median around the rounds):");
        for (long m : machine) {
            speeds.append(String.format(Locale.ROOT, " %.0f", m / 1e3));
        }
        out.println(speeds);
        out.flush();
    }

    /**
     * One trial: opens the first {@code count} columns, times their rounds in turn, closes them.
     *
     * @param cols    the columns
     * @param count   how many of them to run
     * @param micros  filled with each run column's {wall, CPU} microseconds per tick, NaN if
     *                refused or not run
     * @param refused filled with the runtime's reason for a refused column
     * @return the median of the {@link MachineSpeed#read}s before the rounds and after each
     *     turn of them
     */
    private long trial(List<Column> cols, int count, double[][] micros, String[] refused) {
        final Open[] open = new Open[count];
        try {
            for (int i = 0; i < count; i++) {
                try {
                    open[i] = new Open(cols.get(i));
                } catch (CliException e) {
                    refused[i] = firstLine(e.getMessage());
                }
            }
            final long machine = speed.around(RenderBench.ROUNDS, () -> {
                for (Open o : open) {
                    if (o != null) {
                        o.round();
                    }
                }
            });
            for (int i = 0; i < cols.size(); i++) {
                micros[i] = i < count && open[i] != null ? micros(open[i].rate())
                        : new double[] {Double.NaN, Double.NaN};
            }
            return machine;
        } finally {
            for (Open o : open) {
                if (o != null) {
                    o.close();
                }
            }
        }
    }

    /** @return the median over the trials that ran column {@code i}, {wall, CPU}; NaN if none */
    private static double[] median(double[][][] trials, int i) {
        final double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            final double[] v = new double[trials.length];
            int n = 0;
            for (double[][] t : trials) {
                if (!Double.isNaN(t[i][k])) {
                    v[n++] = t[i][k];
                }
            }
            out[k] = RenderBench.median(v, n);
        }
        return out;
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
