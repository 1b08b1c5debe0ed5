package org.sofj.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Topology;

/**
 * {@code sofj bench --render}: how many times faster than real time the virtual clock renders
 * three chains, and (when {@code sox} is on the PATH) how fast sox renders the same chains, in one
 * run. The chains: the README pipeline (tone -> gain -> eq_iir (DP, user) -> passthru -> fir (DP,
 * user) -> host_out), the same without the FIR, and tone -> gain -> host_out (LL only), all 48 kHz
 * stereo S32 from the sample plugin jar (packed and signed on the fly, as {@code [[library]]
 * jar = ...} does).
 *
 * <p>Each chain runs as {@code sofj run} runs it (the same session, tick probe and host_out
 * drain; the drained bytes are not kept, so memory stays flat and no array growth falls inside a
 * timed round): {@link #warmUpTicks} ticks first, then {@link #ROUNDS} timed rounds of
 * {@code seconds * 1000 / ROUNDS} ticks; the best round counts, by the wall clock and (a second
 * column, for machines shared with other work) by the CPU time of its Java threads. Each chain
 * gets {@link #TRIALS} such sessions, taken in turn across the chains; the table gives the median
 * of their best rounds, and lines per chain give each trial's, by the wall clock and by CPU
 * time, with a {@link MachineSpeed} reading taken around it and a note for each trial that
 * disagrees with the chain's best. For sox, a run of 1 s of audio is
 * subtracted from a run of {@code seconds + 1} so its start-up does not count (best of
 * {@link #ROUNDS} each).
 */
final class RenderBench {
    /**
     * The most ticks before timing, which let the JIT compile the tick ({@link #warmUpTicks}).
     * Each session loads the sample jar into a new layer, so its modules' classes start
     * interpreted: the LL-only chain alone in a JVM took 100,000-150,000 ticks to reach its
     * steady cost on a loaded 2-CPU machine (5,000, the earlier fixed count, timed mostly
     * interpreted and C1-compiled code).
     */
    static final int WARM_UP_TICKS = 200_000;
    /**
     * After the fixed warm-up, at most this many times its ticks more, in steps of a twentieth of
     * it, until the JIT has no compile under way or queued ({@link #settle}).
     */
    static final int SETTLE_MAX = 10;
    /** Timed rounds per chain and trial; the best counts. */
    static final int ROUNDS = 3;
    /**
     * Trials per chain, each in a fresh session (so a fresh layer of the sample jar and its own
     * compiled copy of the modules); the median counts. One trial can run 1.4-1.8x slower than
     * another of the same build, with the same compiled code, when the machine itself runs
     * slower for a while (docs/BENCHMARKS.md, "The slow trials are the host"), so one session
     * per chain made a row swing between runs (the LL-only row read 1,500x-2,100x); each trial
     * is printed with a {@link MachineSpeed} reading taken around it.
     */
    static final int TRIALS = 3;
    /** The FIR's table in the sample jar. */
    static final String TAPS = "META-INF/sofj/fir/lowpass-1024.taps";
    private static final String EQ = "010000009c20d042b510b3860dc38837b510b386a9e3583a";

    /** One chain: its label, its modules (connected in order) and the sox effects that match. */
    record Chain(String label, List<Topology.Module> modules, String sox) {
    }

    private final Path jar;
    private final int seconds;
    private final MachineSpeed speed = new MachineSpeed();

    RenderBench(Path jar, int seconds) {
        this.jar = jar;
        this.seconds = seconds;
    }

    /**
     * @param seconds the audio a run times
     * @return the warm-up before timing: as many ticks as the timed audio, at most
     *     {@link #WARM_UP_TICKS} (a short run, such as a test's, stays short)
     */
    static int warmUpTicks(int seconds) {
        return (int) Math.min(WARM_UP_TICKS, seconds * 1000L);
    }

    /** @return the three chains */
    static List<Chain> chains() {
        final Topology.Module tone = module("tone", "tone", ProcDomain.LL, "c0b6060000000040");
        final Topology.Module gain = module("gain", "gain", ProcDomain.LL, "0000800000000000");
        final Topology.Module eq = module("eq", "eq_iir", ProcDomain.DP, EQ);
        final Topology.Module pass = module("pass", "passthru", ProcDomain.LL, null);
        final Topology.Module fir = module("fir", "fir", ProcDomain.DP, null);
        final Topology.Module out = new Topology.Module("out", "host_out", 0, 1, ProcDomain.LL, 0,
                0, 0, null, new byte[0]);
        final String synth = "sine 440 vol 0.5 gain -6";
        final String equalizer = " equalizer 1000 1q 6";
        return List.of(
                new Chain("README pipeline (eq_iir, fir: DP, user)",
                        List.of(tone, gain, eq, pass, fir, out), synth + equalizer + " fir %s"),
                new Chain("without the FIR", List.of(tone, gain, eq, pass, out),
                        synth + equalizer),
                new Chain("LL only (tone -> gain -> host_out)", List.of(tone, gain, out), synth));
    }

    private static Topology.Module module(String name, String type, ProcDomain d, String hex) {
        return new Topology.Module(name, type, 1, 1, d, 0, 0, 0,
                hex == null ? null : java.util.HexFormat.of().parseHex(hex), new byte[0]);
    }

    /** @return the chain as a topology of the sample jar */
    Topology topology(Chain c) {
        return inOrder("(bench --render)", List.of(new Topology.Library(1, null, null, jar)),
                c.modules());
    }

    /**
     * @param name    what messages call the topology
     * @param libs    its libraries
     * @param modules one pipeline's modules, each connected to the next (pin 0 to pin 0)
     * @return 48 kHz stereo S32, one pipeline on core 0
     */
    static Topology inOrder(String name, List<Topology.Library> libs,
            List<Topology.Module> modules) {
        final List<Topology.Connection> links = new ArrayList<>();
        for (int i = 0; i + 1 < modules.size(); i++) {
            links.add(new Topology.Connection(i + 1, modules.get(i).name(), 0,
                    modules.get(i + 1).name(), 0));
        }
        return new Topology(Path.of(name), AudioFormat.of(48000, 2, SampleFormat.S32_LE), libs,
                List.of(new Topology.Pipeline(1, 0)), modules, links);
    }

    /**
     * Renders {@code c} on the virtual clock.
     *
     * @return the best of {@link #ROUNDS} rounds: seconds of audio per second of wall time, and
     *     per second of CPU time of the Java threads ({@link #cpuNanos})
     */
    Rate sofj(Chain c) {
        return sofj(c, seconds * 1000 / ROUNDS);
    }

    private Rate sofj(Chain c, int round) {
        final int warmUp = warmUpTicks(seconds);
        final int ticks = warmUp + ROUNDS * round;
        try (Session s = Session.open(topology(c), SchedulerConfig.Clock.VIRTUAL, ticks, List.of())) {
            final Runner r = new Runner(s, null, false);
            r.run(warmUp, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            final int step = Math.max(1, warmUp / 20);
            final int more = settle(warmUp, () -> r.run(step, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE));
            final Runnable timed = () -> r.run(round, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE);
            final Best best = new Best();
            final long machine = speed.around(ROUNDS, () -> best.time(timed));
            final Rate rate = best.rate(round);
            return new Rate(rate.wall(), rate.cpu(), more * step, machine);
        }
    }

    /**
     * Runs {@code step} until the JIT is idle ({@link JitQueue#idle}), at most {@link #SETTLE_MAX}
     * times the warm-up's ticks. A trial's modules are fresh classes; when C2 is busy with other
     * work (another session's library load: ASM's {@code ClassReader.readCode} takes it 0.35-0.5 s
     * on this machine), they wait in its queue, and a fixed warm-up then times their C1 code.
     *
     * @param warmUp the fixed warm-up's ticks
     * @param step   runs {@code max(1, warmUp / 20)} more ticks
     * @return how many steps ran
     */
    static int settle(int warmUp, Runnable step) {
        return settle(warmUp, step, JitQueue::idle);
    }

    /**
     * As {@link #settle(int, Runnable)}, asking {@code idle} whether the JIT is idle.
     *
     * @return how many steps ran: none for a warm-up of 0, at most {@code SETTLE_MAX * 20}
     */
    static int settle(int warmUp, Runnable step, BooleanSupplier idle) {
        int steps = 0;
        while (steps < SETTLE_MAX * 20 && warmUp > 0 && !idle.getAsBoolean()) {
            step.run();
            steps++;
        }
        return steps;
    }

    /**
     * @param warmUp the fixed warm-up's ticks
     * @return the most ticks {@link #settle} runs past it
     */
    static int settleCap(int warmUp) {
        return warmUp <= 0 ? 0 : SETTLE_MAX * 20 * Math.max(1, warmUp / 20);
    }

    /**
     * @param chains the chains
     * @param trials each trial's rate of each chain
     * @param cap    {@link #settleCap}
     * @return the line of each trial's ticks past the warm-up until the JIT was idle, and a note
     *     for each trial whose settle reached its cap: its rounds were timed while the JIT was
     *     still busy, so some of its code may still have run compiled by C1 only (the first
     *     cause of docs/BENCHMARKS.md, "Why one trial in three is slow")
     */
    static String settleLines(List<Chain> chains, Rate[][] trials, int cap) {
        final StringBuilder settled = new StringBuilder("ticks past the warm-up until the JIT "
                + "was idle, per trial of each chain:");
        final StringBuilder notes = new StringBuilder();
        for (int i = 0; i < chains.size(); i++) {
            settled.append(i == 0 ? " " : "; ");
            for (int t = 0; t < trials.length; t++) {
                final int n = trials[t][i].settled();
                settled.append(t == 0 ? "" : " ").append(n);
                if (cap > 0 && n >= cap) {
                    notes.append(String.format(Locale.ROOT, "note: %s, trial %d: the JIT was "
                            + "still busy after %d ticks past the warm-up (the cap): its rounds "
                            + "may have timed code C2 had not compiled yet%n",
                            chains.get(i).label(), t + 1, n));
                }
            }
        }
        return settled + System.lineSeparator() + notes;
    }

    /**
     * A rate: how many times real time, by the wall clock and by the process's CPU time.
     *
     * @param wall audio seconds per wall second
     * @param cpu  audio seconds per CPU second of the Java threads, or NaN where not measured
     * @param settled ticks run after the fixed warm-up until the JIT was idle ({@link #settle})
     * @param machine the median of the {@link MachineSpeed#read}s before the first timed round
     *                and after each, ns; 0 where not read
     */
    record Rate(double wall, double cpu, int settled, long machine) {
        /** A rate whose warm-up did not wait for the JIT, without a machine reading. */
        Rate(double wall, double cpu) {
            this(wall, cpu, 0, 0);
        }
    }

    /** @return the median over the trials of chain {@code i}'s rates, wall and CPU apart */
    static Rate median(Rate[][] trials, int i) {
        final double[] wall = new double[trials.length];
        final double[] cpu = new double[trials.length];
        for (int t = 0; t < trials.length; t++) {
            wall[t] = trials[t][i].wall();
            cpu[t] = trials[t][i].cpu();
        }
        return new Rate(median(wall, wall.length), median(cpu, cpu.length));
    }

    /**
     * @param v the values; the first {@code n} are sorted in place
     * @param n how many of them count
     * @return their median, NaN if {@code n} is 0
     */
    static double median(double[] v, int n) {
        Arrays.sort(v, 0, n);
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The best of the rounds timed so far, by the wall clock and by the Java threads' CPU. */
    static final class Best {
        private long wall = Long.MAX_VALUE;
        private long cpu = Long.MAX_VALUE;

        /** Times one round and keeps the best. */
        void time(Runnable round) {
            final long c0 = cpuNanos();
            final long start = System.nanoTime();
            round.run();
            wall = Math.min(wall, System.nanoTime() - start);
            cpu = Math.min(cpu, cpuNanos() - c0);
        }

        /** @param ticks the 1 ms ticks of one round @return the best round as a rate */
        Rate rate(int ticks) {
            return new Rate(ticks * 1e-3 / (wall * 1e-9), cpu <= 0 ? Double.NaN
                    : ticks * 1e-3 / (cpu * 1e-9));
        }
    }

    /**
     * @return the CPU time of every live Java thread (tick, DP, proxy threads; not the JIT's or
     *     GC's), or -1 where the JVM cannot measure it
     */
    static long cpuNanos() {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!bean.isThreadCpuTimeSupported()) {
            return -1;
        }
        if (!bean.isThreadCpuTimeEnabled()) {
            bean.setThreadCpuTimeEnabled(true);
        }
        long sum = 0;
        for (long id : bean.getAllThreadIds()) {
            sum += Math.max(0, bean.getThreadCpuTime(id));
        }
        return sum;
    }

    /** @return the sox executable if {@code sox} is on the PATH, else null */
    static Path findSox() {
        final String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            final Path p = Path.of(dir.isEmpty() ? "." : dir, "sox");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Renders {@code c}'s sox equivalent to /dev/null: 48 kHz stereo 32-bit, the same taps.
     *
     * @return seconds of audio per second of wall time, start-up subtracted
     */
    double sox(Path sox, Chain c, Path taps) {
        long full = Long.MAX_VALUE;
        long one = Long.MAX_VALUE;
        for (int i = 0; i < ROUNDS; i++) {
            full = Math.min(full, soxRun(sox, c, taps, seconds + 1));
            one = Math.min(one, soxRun(sox, c, taps, 1));
        }
        return seconds / (Math.max(1, full - one) * 1e-9);
    }

    private static long soxRun(Path sox, Chain c, Path taps, int seconds) {
        final List<String> cmd = new ArrayList<>(List.of(sox.toString(), "-q", "-n", "-r", "48000",
                "-c", "2", "-b", "32", "-e", "signed-integer", "-t", "raw", "/dev/null", "synth",
                Integer.toString(seconds)));
        cmd.addAll(Arrays.asList(String.format(Locale.ROOT, c.sox(), taps).split(" ")));
        final long start = System.nanoTime();
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10L * seconds + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliException("sox did not finish in time: " + String.join(" ", cmd));
            }
            if (p.exitValue() != 0) {
                throw new CliException("sox failed (exit " + p.exitValue() + "): "
                        + String.join(" ", cmd));
            }
        } catch (IOException e) {
            throw new CliException("cannot run sox: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while waiting for sox");
        }
        return System.nanoTime() - start;
    }

    /**
     * Writes the FIR's taps from the sample jar as sox's {@code fir} effect reads them: one
     * coefficient per line, the Q1.31 value divided by 2^31.
     *
     * @param dir where to write {@code fir-taps.txt}
     * @return the file
     */
    Path writeSoxTaps(Path dir) {
        try (ZipFile z = new ZipFile(jar.toFile())) {
            final ZipEntry e = z.getEntry(TAPS);
            if (e == null) {
                throw new CliException(jar + ": has no " + TAPS);
            }
            final byte[] table;
            try (InputStream in = z.getInputStream(e)) {
                table = in.readAllBytes();
            }
            final ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
            final int n = b.getInt();
            final StringBuilder text = new StringBuilder();
            for (int k = 0; k < n; k++) {
                text.append(String.format(Locale.ROOT, "%.12e%n", b.getInt() / 2147483648.0));
            }
            final Path out = dir.resolve("fir-taps.txt");
            Files.writeString(out, text);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs every chain, sofj then sox, and prints one table.
     *
     * @param out where to print
     */
    void print(PrintWriter out) {
        final Path sox = findSox();
        out.printf(Locale.ROOT, "sofj bench --render: 48 kHz stereo S32, virtual clock; %d "
                + "trials, each chain in a fresh session: %d s of audio in %d rounds after %d "
                + "warm-up ticks, best round; the median of the trials%n", TRIALS, seconds,
                ROUNDS, warmUpTicks(seconds));
        out.printf(Locale.ROOT, "machine: %d cpus, load average %s%n",
                Runtime.getRuntime().availableProcessors(), loadAverage());
        out.printf(Locale.ROOT, "%-42s %12s %12s %12s %10s%n", "chain", "sofj x real",
                "(CPU time)", "sox x real", "sofj/sox");
        out.flush();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("sofj-bench");
            final Path taps = writeSoxTaps(dir);
            // a first session compiles the kernel's code and the machine-speed loop; untimed, so
            // the first row is not colder
            sofj(chains().get(0), 1);
            speed.warmUp();
            final List<Chain> chains = chains();
            final Rate[][] trials = new Rate[TRIALS][chains.size()];
            for (int t = 0; t < TRIALS; t++) {
                for (int i = 0; i < chains.size(); i++) {
                    trials[t][i] = sofj(chains.get(i));
                }
            }
            for (int i = 0; i < chains.size(); i++) {
                final Chain c = chains.get(i);
                final Rate s = median(trials, i);
                if (sox == null) {
                    out.printf(Locale.ROOT, "%-42s %11.0fx %11.0fx %12s%n", c.label(),
                            s.wall(), s.cpu(), "n/a"); // no trailing blanks
                } else {
                    final double x = sox(sox, c, taps);
                    out.printf(Locale.ROOT, "%-42s %11.0fx %11.0fx %11.0fx %9.2fx%n", c.label(),
                            s.wall(), s.cpu(), x, s.wall() / x);
                }
                out.flush();
            }
            printTrials(out, chains, trials);
            out.print(settleLines(chains, trials, settleCap(warmUpTicks(seconds))));
        } catch (IOException e) {
            throw new CliException("cannot make a scratch directory: " + e.getMessage());
        } finally {
            deleteTree(dir);
        }
        if (sox == null) {
            out.println("(sox is not on the PATH: its column is n/a)");
        } else {
            out.println("(sox: synth -> vol 0.5 -> gain -6 -> equalizer 1000 1q 6 -> fir <the same "
                    + "1024 taps>, to /dev/null, its start-up subtracted, wall clock)");
        }
        out.flush();
    }

    /**
     * Prints each trial's rate by the wall clock and by CPU time, the machine-speed reading
     * around it, and a note for each trial that disagrees with its chain's best
     * ({@link MachineSpeed#notes}).
     */
    private static void printTrials(PrintWriter out, List<Chain> chains, Rate[][] trials) {
        long least = Long.MAX_VALUE;
        for (Rate[] t : trials) {
            for (Rate r : t) {
                least = Math.min(least, r.machine());
            }
        }
        final StringBuilder notes = new StringBuilder();
        for (int i = 0; i < chains.size(); i++) {
            final String label = chains.get(i).label();
            final StringBuilder wall = new StringBuilder("per trial (wall x real), " + label + ":");
            final StringBuilder cpu = new StringBuilder("per trial (CPU x real), " + label + ":");
            final StringBuilder machine = new StringBuilder("machine-speed loop per trial (us "
                    + "of CPU, median around the rounds), " + label + ":");
            final double[] cpuRates = new double[trials.length];
            final long[] readings = new long[trials.length];
            for (int t = 0; t < trials.length; t++) {
                final Rate r = trials[t][i];
                wall.append(String.format(Locale.ROOT, " %.0fx", r.wall()));
                cpu.append(String.format(Locale.ROOT, " %.0fx", r.cpu()));
                machine.append(String.format(Locale.ROOT, " %.0f", r.machine() / 1e3));
                cpuRates[t] = Double.isNaN(r.cpu()) ? r.wall() : r.cpu();
                readings[t] = r.machine();
            }
            out.println(wall);
            out.println(cpu);
            out.println(machine);
            notes.append(MachineSpeed.notes(label, cpuRates, readings, least));
        }
        out.print(notes);
    }

    /** @return the 1-minute load average, or "n/a" where the OS does not say */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
