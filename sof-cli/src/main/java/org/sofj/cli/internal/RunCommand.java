package org.sofj.cli.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntimeBuilder;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.topology.Topology;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code sofj run}: a topology with WAV in and out, then a report of what each module cost. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a topology file (docs/topology.md): loads its libraries, builds its "
                + "pipelines, plays --input (or its generators) through them, writes what each "
                + "host_out produced and prints a report per module and pipeline."})
final class RunCommand implements Callable<Integer> {
    /** Ticks added after the input ends so DP stages drain. */
    static final int TAIL_TICKS = 50;
    /** Seconds run with no input and no --seconds. */
    static final double DEFAULT_SECONDS = 2;
    /** The value of a bare {@code --allow-faults}: any instance may fault. */
    static final String ALL = "*";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "the topology file (.toml)")
    private Path topology;

    @Option(names = "--input", paramLabel = "IN.wav",
            description = "WAV played through every host_in (S16, S24, S32 or F32)")
    private Path input;

    @Option(names = "--output", paramLabel = "OUT.wav", description = "WAV of the first "
            + "host_out; others go to OUT-<name>.wav")
    private Path output;

    @Option(names = "--seconds", paramLabel = "N", description = "seconds of audio to run "
            + "(default: the input's length, else 2)")
    private Double seconds;

    @Option(names = "--clock", paramLabel = "virtual|wall", defaultValue = "virtual",
            description = "virtual: as fast as possible, deterministic (default); wall: real "
                    + "1 ms ticks, measures tick lateness")
    private String clock;

    @Option(names = "--dp-margin", paramLabel = "PERIODS", description = "periods of silence "
            + "primed into each DP module's output when its pipeline starts: slack against a "
            + "host that runs a DP thread late, at one period of latency each per DP module on "
            + "the path (default: 8 on the wall clock, 0 on the virtual clock; 0 is SOF's "
            + "behaviour)")
    private Integer dpMargin;

    @Mixin
    private RtPriority rtPriority = new RtPriority();

    @Option(names = "--report", paramLabel = "REPORT.html",
            description = "also write the report as a self-contained HTML page")
    private Path html;

    @Option(names = "--quiet", description = "print no report")
    private boolean quiet;

    @Option(names = "--json", description = "print the report as one JSON document on "
            + "standard output (schema: docs/json.md) instead of the text tables")
    private boolean json;

    @Option(names = "--live", description = "redraw a table per instance (process time p50/p99, "
            + "budget use, xruns, deadline misses, state) once a second while running")
    private boolean live;

    @Option(names = "--allow-faults", arity = "0..1", paramLabel = "NAME[,NAME...]",
            split = ",", fallbackValue = ALL,
            description = "exit 0 even though instances FAULTED: any instance, or only the ones "
                    + "named (default: a FAULTED instance makes the run exit 3)")
    private List<String> allowFaults = List.of();

    RunCommand() {
    }

    @Override
    public Integer call() {
        final SchedulerConfig.Clock c = clock(clock);
        final Topology t = Topology.read(topology);
        for (String name : allowFaults) {
            if (!name.equals(ALL) && t.modules().stream().noneMatch(m -> m.name().equals(name))) {
                throw new CliException("--allow-faults " + name + ": " + t.file()
                        + " has no [[module]] of that name");
            }
        }
        final boolean hasHostIn = t.modules().stream().anyMatch(m -> m.library() == 0
                && m.type().equals(HostEndpoints.HOST_IN));
        if (hasHostIn && input == null) {
            throw new CliException(topology + " plays a WAV through host_in: give --input "
                    + "FILE.wav");
        }
        if (!hasHostIn && input != null) {
            throw new CliException("--input " + input + ": " + topology + " has no host_in "
                    + "[[module]] to play it through (its audio comes from generators)");
        }
        if (output != null && t.modules().stream().noneMatch(m -> m.library() == 0
                && m.type().equals(HostEndpoints.HOST_OUT))) {
            throw new CliException("--output " + output + ": " + topology + " has no host_out "
                    + "[[module]] whose audio it would hold");
        }
        // the input is read a block at a time as the run plays it, never whole
        try (Wav.Reader in = input == null ? null : Wav.Reader.open(input, t.format())) {
            return run(t, c, in);
        }
    }

    private int run(Topology t, SchedulerConfig.Clock c, Wav.Reader in) {
        final int ticks = ticks(in, t);
        if (dpMargin != null && (dpMargin < 0 || dpMargin > SofRuntimeBuilder.MAX_DP_MARGIN)) {
            throw new CliException("--dp-margin " + dpMargin + ": must be 0 to " + SofRuntimeBuilder.MAX_DP_MARGIN
                    + " periods");
        }
        final int rt = rtPriority.checked();
        fits(ticks, t.format().periodBytes(SchedulerConfig.DEFAULT_PERIOD_MICROS));
        writable("--output", output); // before the run, which may take an hour, not after it
        writable("--report", html);
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final boolean terminal = System.console() != null;
        final long start = System.nanoTime();
        try (Session s = Session.open(t, c, ticks + 1000, List.of(), ProxyVariant.SHARED_WORKER,
                dpMargin, rt)) {
            final Map<String, Path> files = files(s);
            distinct(files);
            // each host_out streams to its file as the run drains it: no copy of the audio in
            // memory, however long the run
            final Runner r = new Runner(s, in, files, html != null);
            final PrintWriterProgress bar = new PrintWriterProgress(err,
                    !quiet && !live && terminal);
            final Runner.Progress progress = live
                    ? new LiveView(s, json ? err : out, terminal, System::nanoTime) : bar;
            final int ran;
            final boolean interrupted;
            try (Interruption signal = Interruption.install(r)) {
                ran = runThenClose(r, ticks, c, progress);
                final long wall = System.nanoTime() - start;
                bar.done();
                interrupted = signal.fired();
                final RunReport report = RunReport.collect(s, r, c, ran, wall,
                        described(r.outputBytes(), files));
                final List<String> bad = unexpectedFaults(report);
                if (json) {
                    JsonReport.print(JsonReport.run(report, bad, interrupted), out);
                } else if (!quiet) {
                    TextReport.print(report, out);
                }
                if (html != null) {
                    HtmlReport.write(report, html);
                }
                if (interrupted) {
                    err.println("sofj: interrupted after " + ran + " of " + ticks + " ms of "
                            + "audio; wrote the output and the report of what was processed");
                    err.flush();
                    return Main.EXIT_INTERRUPTED;
                }
                checkFaults(bad, t);
            }
        }
        return 0;
    }

    /**
     * Runs, then finishes the WAV files (their headers' sizes) whether the run returned or threw;
     * a failure to finish them is added to the run's own.
     */
    private static int runThenClose(Runner r, int ticks, SchedulerConfig.Clock c,
            Runner.Progress progress) {
        final int ran;
        try {
            ran = r.run(ticks, c, progress);
        } catch (RuntimeException | Error e) {
            try {
                r.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        r.close();
        return ran;
    }

    /** @return the FAULTED instances --allow-faults does not allow, in topology order */
    private List<String> unexpectedFaults(RunReport report) {
        return report.modules().stream().filter(m -> m.report().faulted())
                .map(RunReport.ModuleRow::name)
                .filter(n -> !allowFaults.contains(ALL) && !allowFaults.contains(n)).toList();
    }

    /** A FAULTED instance not allowed by --allow-faults fails the run, naming each one. */
    private static void checkFaults(List<String> bad, Topology t) {
        if (!bad.isEmpty()) {
            throw new CliException(t.file() + ": " + bad.size() + " instance"
                    + (bad.size() == 1 ? "" : "s") + " FAULTED: " + String.join(", ", bad)
                    + " (give --allow-faults" + (bad.size() == 1 ? " " + bad.get(0) : "")
                    + " if the topology expects it)", Main.EXIT_REFUSED);
        }
    }

    static SchedulerConfig.Clock clock(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "virtual": return SchedulerConfig.Clock.VIRTUAL;
            case "wall": return SchedulerConfig.Clock.WALL;
            default: throw new CliException("--clock " + value + ": must be virtual or wall");
        }
    }

    private int ticks(Wav.Reader in, Topology t) {
        if (seconds != null) {
            if (!(seconds > 0 && seconds <= 3600)) {
                throw new CliException("--seconds " + seconds + ": must be in (0, 3600]");
            }
            return (int) Math.ceil(seconds * 1000);
        }
        if (in == null) {
            return (int) (DEFAULT_SECONDS * 1000);
        }
        final int period = t.format().periodBytes(SchedulerConfig.DEFAULT_PERIOD_MICROS);
        return (int) ((in.bytes() + period - 1) / period) + TAIL_TICKS;
    }

    /**
     * @return the WAV file of each host_out, by instance name, in topology order: the first
     *     gets --output, the others {@link #sibling}s; empty without --output
     */
    private Map<String, Path> files(Session s) {
        final Map<String, Path> files = new LinkedHashMap<>();
        if (output != null) {
            for (String name : s.named(HostEndpoints.HOST_OUT)) {
                files.put(name, files.isEmpty() ? output : sibling(output, name));
            }
        }
        return files;
    }

    /**
     * Refuses files that are one another before anything is written: an output or the report
     * that is the input (the run reads the input as it plays it, and an output opened on it
     * would truncate it under the reader), or two of the files written.
     */
    private void distinct(Map<String, Path> files) {
        final Map<String, Path> named = new LinkedHashMap<>();
        if (input != null) {
            named.put("--input", input);
        }
        files.forEach((name, file) -> named.put(file.equals(output) ? "--output"
                : "--output (host_out " + name + ")", file));
        if (html != null) {
            named.put("--report", html);
        }
        final List<Map.Entry<String, Path>> all = List.copyOf(named.entrySet());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (same(all.get(i).getValue(), all.get(j).getValue())) {
                    throw new CliException(all.get(j).getKey() + " " + all.get(j).getValue()
                            + ": is the file of " + all.get(i).getKey() + " "
                            + all.get(i).getValue() + "; give each its own");
                }
            }
        }
    }

    /** Whether two paths are one regular file (or one path); a device such as /dev/null is not. */
    private static boolean same(Path a, Path b) {
        if (Files.exists(a) && !Files.isRegularFile(a)) {
            return false;
        }
        try {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())
                    || Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false; // cannot tell: the writes will say what fails
        }
    }

    /**
     * Refuses, before anything runs, a run whose output would not fit a WAV file: a host_out
     * writes a period a tick at most (on the wall clock, for up to
     * {@link Runner#WALL_SLACK_TICKS} ticks more).
     */
    private void fits(int ticks, int periodBytes) {
        final long most = (long) (ticks + Runner.WALL_SLACK_TICKS) * periodBytes;
        if (output != null && most > Wav.MAX_WRITE_BYTES) {
            throw new CliException("--seconds " + ticks / 1000.0 + ": " + output + " could get "
                    + most + " bytes of samples, more than the " + Wav.MAX_WRITE_BYTES
                    + " a WAV file holds: at most " + (Wav.MAX_WRITE_BYTES / periodBytes
                    - Runner.WALL_SLACK_TICKS) / 1000 + " s of this format");
        }
    }

    /** @return what the report says of each host_out's audio: its file and bytes, or none */
    private static Map<String, String> described(Map<String, Long> bytes,
            Map<String, Path> files) {
        final Map<String, String> out = new LinkedHashMap<>();
        bytes.forEach((name, n) -> out.put(name, files.containsKey(name)
                ? files.get(name) + " (" + n + " bytes)" : "(discarded: no --output)"));
        return out;
    }

    /**
     * Refuses an output path the run could not write at its end: an existing directory or
     * read-only file, or a place where no file can be made (a parent that is a file, a
     * read-only or special file system). Leaves nothing behind: the probe file is deleted, and
     * missing parent directories are made only when the output is written.
     */
    static void writable(String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new CliException(option + " " + file + ": is a directory");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new CliException(option + " " + file + ": is not writable");
        }
        Path dir = file.toAbsolutePath().getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CliException(option + " " + file + ": cannot be written: " + dir
                    + " is not a directory");
        }
        try {
            Files.delete(Files.createTempFile(dir, ".sofj-", ".probe"));
        } catch (IOException | RuntimeException e) {
            final String reason = e instanceof FileSystemException
                    && ((FileSystemException) e).getReason() != null
                    ? ((FileSystemException) e).getReason() : "the file system refused a new file";
            throw new CliException(option + " " + file + ": cannot be written in " + dir + " ("
                    + reason + ")");
        }
    }

    /**
     * @param output the --output file
     * @param name   a host_out instance name
     * @return {@code OUT-<name>.wav} beside it
     */
    static Path sibling(Path output, String name) {
        final String f = output.getFileName().toString();
        final int dot = f.lastIndexOf('.');
        final String stem = dot < 0 ? f : f.substring(0, dot);
        return output.resolveSibling(stem + "-" + name + (dot < 0 ? "" : f.substring(dot)));
    }
}
