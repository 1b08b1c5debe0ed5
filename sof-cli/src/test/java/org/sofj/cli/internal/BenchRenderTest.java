package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Topology;

/** {@code sofj bench --render} and {@code --isolation}: what they run and what they print. */
final class BenchRenderTest {
    private static final Path JAR = Cli.PLUGINS.resolve("plugins-sample.jar");

    /** name, type, domain and config of each module: what makes two chains the same work. */
    private static List<String> shape(List<Topology.Module> modules) {
        return modules.stream().map(m -> m.name() + " " + m.type() + " " + m.domain() + " "
                + (m.config() == null ? "-" : HexFormat.of().formatHex(m.config())) + " "
                + m.initData().length).collect(Collectors.toList());
    }

    @Test
    void shouldRenderTheReadmePipelineModuleForModule() {
        final Topology readme = Topology.read(Cli.REPO.resolve("examples/tone-eq-fir.toml"));
        final RenderBench.Chain chain = RenderBench.chains().get(0);
        assertEquals(shape(readme.modules()), shape(chain.modules()));
        final Topology bench = new RenderBench(JAR, 1).topology(chain);
        assertEquals(readme.format(), bench.format());
        assertEquals(readme.connections().stream().map(c -> c.from() + ">" + c.to()).toList(),
                bench.connections().stream().map(c -> c.from() + ">" + c.to()).toList());
    }

    @Test
    void shouldDropTheFirThenEveryDpModuleInTheOtherChains() {
        final List<RenderBench.Chain> chains = RenderBench.chains();
        final List<Topology.Module> full = chains.get(0).modules();
        assertEquals(full.stream().filter(m -> !m.type().equals("fir")).toList(),
                chains.get(1).modules());
        assertEquals(List.of("tone", "gain", "host_out"),
                chains.get(2).modules().stream().map(Topology.Module::type).toList());
        assertTrue(chains.get(2).modules().stream().allMatch(m -> m.domain() == ProcDomain.LL));
        assertTrue(chains.get(0).sox().contains("fir %s") && !chains.get(1).sox().contains("fir"));
    }

    @Test
    void shouldGiveSoxTheFirsOwnTaps(@TempDir Path dir) throws IOException {
        final Path file = new RenderBench(JAR, 1).writeSoxTaps(dir);
        final double[] sox = Files.readAllLines(file).stream().mapToDouble(Double::parseDouble)
                .toArray();
        final int[] taps;
        try (ZipFile z = new ZipFile(JAR.toFile());
                InputStream in = z.getInputStream(z.getEntry(RenderBench.TAPS))) {
            final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            taps = new int[b.getInt()];
            Arrays.setAll(taps, k -> b.getInt());
        }
        assertEquals(1024, sox.length);
        for (int k = 0; k < taps.length; k++) {
            assertEquals(taps[k], Math.round(sox[k] * 2147483648.0), "tap " + k);
        }
    }

    @Test
    void shouldNoteATrialWhoseSettleReachedItsCap() {
        final int cap = RenderBench.settleCap(200_000);
        assertEquals(2_000_000, cap);
        final List<RenderBench.Chain> chains = RenderBench.chains().subList(1, 3);
        final RenderBench.Rate[][] trials = {
            {new RenderBench.Rate(900, 900, 0, 1), new RenderBench.Rate(2500, 2500, 330_000, 1)},
            {new RenderBench.Rate(900, 900, 10_000, 1), new RenderBench.Rate(1800, 1800, cap, 1)}};
        final String out = RenderBench.settleLines(chains, trials, cap);
        assertTrue(out.startsWith("ticks past the warm-up until the JIT was idle, per trial of "
                + "each chain: 0 10000; 330000 2000000" + System.lineSeparator()), out);
        assertEquals(2, out.lines().count(), out);
        assertTrue(out.lines().skip(1).findFirst().orElseThrow().startsWith("note: LL only "
                + "(tone -> gain -> host_out), trial 2: the JIT was still busy after 2000000 "
                + "ticks"), out);
    }

    /** Virtual clock, 1 s of audio per chain and column: bounded by the tick count. */
    @Test
    void shouldPrintThreeChainsAndFourIsolationColumns() {
        final Cli.Result r = Cli.check(Cli.run("bench", "--render", "--isolation", "--seconds",
                "1", "--plugin", JAR.toString()));
        final String out = r.out();
        final Pattern rate = Pattern.compile(" +\\d+x +\\d+x +(\\d+x +\\d+\\.\\d\\dx|n/a)$");
        for (String chain : new String[] {"README pipeline", "without the FIR", "LL only"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(chain) && rate.matcher(l).find()),
                    out);
        }
        // one rate per trial of each chain by wall and CPU time, each trial in a fresh session,
        // and the machine-speed loop's reading around each trial
        for (String chain : new String[] {"README pipeline", "without the FIR", "LL only"}) {
            for (String line : new String[] {"per trial \\(wall x real\\), ",
                "per trial \\(CPU x real\\), "}) {
                final Pattern each = Pattern.compile("^" + line + Pattern.quote(chain)
                        + ".*:( \\d+x){" + RenderBench.TRIALS + "}$");
                assertTrue(out.lines().anyMatch(l -> each.matcher(l).find()), out);
            }
            final Pattern machine = Pattern.compile("^machine-speed loop per trial \\(us of CPU, "
                    + "median around the rounds\\), " + Pattern.quote(chain) + ".*:( [1-9]\\d*){"
                    + RenderBench.TRIALS + "}$");
            assertTrue(out.lines().anyMatch(l -> machine.matcher(l).find()), out);
        }
        final Pattern micros = Pattern.compile(" +\\d+\\.\\d\\d +\\d+\\.\\d\\d +-?\\d+\\.\\d\\d +-?\\d+"
                + "\\.\\d\\d$");
        for (String column : new String[] {"kernel LL", "user DP", "child process"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(column)
                    && micros.matcher(l).find()), out);
        }
        // one ratio per trial of the in-process columns, each taken in fresh layers
        final Pattern trials = Pattern.compile("^user LL / kernel LL per trial \\(wall\\):"
                + "( (\\d+\\.\\d\\dx|n/a)){" + IsolationBench.TRIALS + "}$");
        assertTrue(out.lines().anyMatch(l -> trials.matcher(l).find()), out);
        // and the machine-speed loop's reading around each trial
        final Pattern speeds = Pattern.compile("^machine-speed loop per trial \\(us of CPU, median "
                + "around the rounds\\):( [1-9]\\d*){" + IsolationBench.TRIALS + "}$");
        assertTrue(out.lines().anyMatch(l -> speeds.matcher(l).find()), out);
        // until the runtime runs user-mode LL modules it refuses them, and the column says why
        assertTrue(out.lines().anyMatch(l -> l.startsWith("user LL") && (micros.matcher(l).find()
                || l.contains("n/a") && l.contains("refused"))), out);
    }
}
