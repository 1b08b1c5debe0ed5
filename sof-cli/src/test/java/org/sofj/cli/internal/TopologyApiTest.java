package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Deployment;
import org.sofj.runtime.topology.Topology;
import org.sofj.runtime.topology.TopologyException;

/**
 * The public topology API (org.sofj.runtime.topology) with the real sample library: a file and
 * the same graph built in code play the same bytes; a refused deployment leaves the runtime as it
 * was; a library is found by name in the library path.
 */
final class TopologyApiTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    /** Deploys {@code t}, runs 300 virtual ticks and returns what host_out "out" played. */
    private static byte[] play(Topology t) {
        final HostEndpoints endpoints = new HostEndpoints();
        try (SofRuntime rt = SofRuntime.builder().cores(t.cores())
                .trustedKeys(LibraryKeys.trustedKeys(t.trustFiles())).builtIn(endpoints)
                .build()) {
            final Deployment d = Deployment.deploy(rt, t);
            final byte[] pcm = new byte[1 << 20];
            int got = 0;
            for (int i = 0; i < 300; i++) {
                rt.runTicks(1);
                got += endpoints.port(d.component("out")).read(pcm, got, pcm.length - got);
            }
            for (String name : d.components().keySet()) {
                assertTrue(!rt.report(d.component(name)).faulted(), name);
            }
            return Arrays.copyOf(pcm, got);
        }
    }

    @Test
    void shouldPlayTheSameBytesFromAFileAndFromTheSameGraphBuiltInCode() {
        final Topology file = Topology.read(dir.resolve("examples/tone-eq-fir.toml"));
        final HexFormat hex = HexFormat.of();
        final Topology code = Topology.builder(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
                .library(1, dir.resolve("target/sofj/sample.sofjlib"),
                        dir.resolve("target/sofj/dev.pub"))
                .pipeline(1, 0)
                .module("tone", "tone", 1, ProcDomain.LL, hex.parseHex("c0b6060000000040"))
                .module("gain", "gain", 1, ProcDomain.LL, hex.parseHex("0000800000000000"))
                .module(new Topology.Module("eq", "eq_iir", 1, 1, ProcDomain.DP, 0, 8192, 0,
                        hex.parseHex("010000009c20d042b510b3860dc38837b510b386a9e3583a"),
                        new byte[0]))
                .module("pass", "passthru", 1, ProcDomain.LL, null)
                .module("fir", "fir", 1, ProcDomain.DP, null)
                .module("out", "host_out", 0, ProcDomain.LL, null)
                .connect("tone", "gain").connect("gain", "eq").connect("eq", "pass")
                .connect("pass", "fir").connect("fir", "out")
                .build();
        final byte[] a = play(file);
        assertTrue(a.length > 200 * 384, "audio came out: " + a.length);
        assertArrayEquals(a, play(code));
    }

    @Test
    void shouldUndoWhatItMadeWhenAStepIsRefused() {
        // eq (DP) straight into fir (DP): SOF refuses a DP -> DP bind, so the deployment fails
        // at its fourth connection, after loading the library and creating every instance
        final Topology bad = Topology.builder(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
                .library(1, dir.resolve("target/sofj/sample.sofjlib"), null)
                .pipeline(1, 0)
                .module("tone", "tone", 1, ProcDomain.LL, null)
                .module(new Topology.Module("eq", "eq_iir", 1, 1, ProcDomain.DP, 0, 8192, 0, null,
                        new byte[0]))
                .module("fir", "fir", 1, ProcDomain.DP, null)
                .connect("tone", "eq").connect("eq", "fir")
                .build();
        final HostEndpoints endpoints = new HostEndpoints();
        try (SofRuntime rt = SofRuntime.builder().trustedKeys(LibraryKeys.trustedKeys(
                List.of(dir.resolve("target/sofj/dev.pub")))).builtIn(endpoints).build()) {
            final TopologyException e = assertThrows(TopologyException.class,
                    () -> Deployment.deploy(rt, bad));
            assertTrue(e.getMessage().startsWith("(code): [[connection]] #2 eq:0 -> fir:0: "
                    + "refused: "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertEquals(List.of(), rt.instances(), "no instance is left");
            // the pipeline id and the library id are free again: the same ids deploy
            final Topology good = Topology.builder(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
                    .library(1, dir.resolve("target/sofj/sample.sofjlib"), null)
                    .pipeline(1, 0)
                    .module("tone", "tone", 1, ProcDomain.LL, null)
                    .module("out", "host_out", 0, ProcDomain.LL, null)
                    .connect("tone", "out").build();
            assertEquals(2, Deployment.deploy(rt, good).components().size());
        }
    }

    @Test
    void shouldFindALibraryByNameInTheLibraryPath() throws IOException {
        final Path libs = Files.createDirectories(dir.resolve("libs"));
        Files.copy(dir.resolve("target/sofj/sample.sofjlib"), libs.resolve("sample.sofjlib"));
        Files.copy(dir.resolve("target/sofj/dev.pub"), libs.resolve("sample.pub"));
        final Path toml = dir.resolve("examples/by-name.toml");
        Files.writeString(toml, Files.readString(dir.resolve("examples/tone-eq-fir.toml"))
                .replace("file = \"../target/sofj/sample.sofjlib\"\ntrust = \"../target/sofj/dev.pub\"",
                        "name = \"sample\""));
        final Topology t = Topology.read(toml, List.of(dir.resolve("nowhere"), libs));
        assertEquals(libs.resolve("sample.sofjlib"), t.libraries().get(0).file());
        assertEquals(libs.resolve("sample.pub"), t.libraries().get(0).trust());
        assertArrayEquals(play(Topology.read(dir.resolve("examples/tone-eq-fir.toml"))), play(t));

        final TopologyException e = assertThrows(TopologyException.class,
                () -> Topology.read(toml, List.of(dir.resolve("nowhere"))));
        assertEquals(toml + ": [[library]] #1: key \"name\" = \"sample\": no sample.sofjlib with "
                + "its sample.pub in the library path [" + dir.resolve("nowhere") + "] (system "
                + "property sofj.library.path; the installed bin/sofj sets it)", e.getMessage());
    }

    /**
     * MOD_LARGE_CONFIG_SET fragments out of order (MIDDLE or LAST with no FIRST, FIRST twice),
     * with sizes that lie (a FIRST announcing more or less than follows, past the 8 KiB blob
     * limit, a LAST past its FIRST's size) and random bytes, sent as raw frames to the sample
     * modules of a running pipeline. SOF hands each fragment to the module (module_set_large_config
     * checks only the fragment's size), and so does sofj: every reply is a status, never a thrown
     * exception, no instance is FAULTED or lost, and the pipeline still ticks.
     */
    @Test
    void shouldAnswerEveryConfigFragmentWithAStatusAndKeepEveryInstanceAlive() {
        final Topology t = Topology.read(dir.resolve("examples/tone-eq-fir.toml"));
        final org.sofj.runtime.ipc.Ipc4Codec codec = org.sofj.runtime.ipc.Ipc4Codec.standard();
        final int[] sizes = {0, 1, 3, 4, 8, 20, 24, 64, 4095, 4096, 8192, 8193, 100_000};
        try (SofRuntime rt = SofRuntime.builder().cores(t.cores())
                .trustedKeys(LibraryKeys.trustedKeys(t.trustFiles())).builtIn(new HostEndpoints())
                .build()) {
            final Deployment d = Deployment.deploy(rt, t);
            final List<Integer> instances = rt.instances();
            final java.util.Random r = new java.util.Random(1);
            final List<String> names = List.of("tone", "gain", "eq", "fir");
            int accepted = 0;
            for (int step = 0; step < 600; step++) {
                final int comp = d.component(names.get(r.nextInt(names.size())));
                final boolean first = r.nextBoolean();
                final boolean last = r.nextBoolean();
                final int offset = sizes[r.nextInt(sizes.length)];
                final byte[] payload = new byte[first && last ? Math.min(offset, 4096)
                        : Math.min(4096, sizes[r.nextInt(sizes.length)])];
                r.nextBytes(payload);
                final org.sofj.runtime.ipc.Ipc4Frame frame;
                try {
                    frame = codec.encode(new org.sofj.runtime.ipc.ModLargeConfigSet(
                            org.sofj.api.ModuleIds.moduleIdOf(comp),
                            org.sofj.api.ModuleIds.instanceId(comp), r.nextInt(4) == 0
                                    ? r.nextInt(256) : 0, first, last, offset, payload));
                } catch (IllegalArgumentException e) {
                    continue; // a SINGLE whose payload is not its size: no frame carries it
                }
                final String what = "step " + step + " comp 0x" + Integer.toHexString(comp)
                        + (first ? " first" : "") + (last ? " last" : "") + " data_off_size="
                        + offset + " payload=" + payload.length;
                final org.sofj.runtime.ipc.Ipc4Frame reply = rt.ipc(frame);
                accepted += (reply.primary() & 0xFFFFFF) == 0 ? 1 : 0;
                rt.runTicks(2);
                assertEquals(instances, rt.instances(), what);
                for (String name : names) {
                    assertTrue(!rt.report(d.component(name)).faulted(), what + ": " + name);
                }
            }
            assertTrue(accepted > 50, "some fragments accepted: " + accepted);
        }
    }
}
