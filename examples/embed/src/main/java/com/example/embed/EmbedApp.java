package com.example.embed;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.JvmFlags;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Deployment;
import org.sofj.runtime.topology.Topology;

/**
 * Loads the sample library and plays one second of tone -> eq_iir (user mode) -> passthru ->
 * host_out twice: from a topology file and from the same graph built in code. Exits 0 when both
 * ran without a fault, produced the tone, and produced the same bytes; 1 otherwise.
 *
 * <p>Arguments: the mode it was started in ({@code module-path} or {@code class-path}), the
 * topology file, the packed sample library and the public key that signed it.
 */
public final class EmbedApp {
    private EmbedApp() {
    }

    /**
     * @param args mode, topology file, sample library, its public key
     */
    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: EmbedApp module-path|class-path TOPOLOGY.toml LIB.sofjlib"
                    + " KEY.pub");
            System.exit(2);
        }
        final String expected = args[0].toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        System.out.println("embed: running on the " + JvmFlags.mode() + " with "
                + JvmFlags.required(JvmFlags.mode(), Runtime.version().feature()));
        check(JvmFlags.mode().name().equals(expected), "started as " + args[0]);

        final Topology fromFile = Topology.read(Path.of(args[1]));
        final HexFormat hex = HexFormat.of();
        final Topology inCode = Topology.builder(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
                .library(1, Path.of(args[2]), Path.of(args[3]))
                .pipeline(1, 0)
                .module("tone", "tone", 1, ProcDomain.LL, hex.parseHex("c0b6060000000040"))
                .module(new Topology.Module("eq", "eq_iir", 1, 1, ProcDomain.DP, 0, 8192, 0,
                        hex.parseHex("010000009c20d042b510b3860dc38837b510b386a9e3583a"),
                        new byte[0]))
                .module("pass", "passthru", 1, ProcDomain.LL, null)
                .module("out", "host_out", 0, ProcDomain.LL, null)
                .connect("tone", "eq").connect("eq", "pass").connect("pass", "out")
                .build();

        final byte[] a = play(fromFile);
        final byte[] b = play(inCode);
        check(Arrays.equals(a, b), "the file and the code played the same " + a.length
                + " bytes");
        System.out.println("embed: passed on the " + JvmFlags.mode());
    }

    /** Deploys {@code t}, runs one second of virtual time, returns what host_out played. */
    private static byte[] play(Topology t) {
        final HostEndpoints endpoints = new HostEndpoints();
        try (SofRuntime rt = SofRuntime.builder().cores(t.cores())
                .trustedKeys(LibraryKeys.trustedKeys(t.trustFiles()))
                .builtIn(endpoints)
                .build()) {
            final Deployment d = Deployment.deploy(rt, t);
            final HostPort speaker = endpoints.port(d.component("out"));
            final byte[] pcm = new byte[48000 * t.format().frameBytes()];
            int got = 0;
            for (int tick = 0; tick < 1000; tick++) {
                rt.runTicks(1);
                got += speaker.read(pcm, got, pcm.length - got);
            }
            final InstanceReport eq = rt.report(d.component("eq"));
            System.out.printf("embed: %s: %d bytes, eq in %s mode, p99 %d ns, faulted %b%n",
                    t.file(), got, eq.userMode() ? "user" : "kernel", eq.processTime().p99(),
                    eq.faulted());
            check(eq.userMode() && !eq.faulted(), "eq ran in user mode without a fault");
            check(got > pcm.length / 2, "audio came out: " + got + " bytes");
            check(peak(pcm, got) > 1 << 24, "the tone got through");
            for (String name : List.of("tone", "pass", "out")) {
                check(!rt.report(d.component(name)).faulted(), name + " did not fault");
            }
            return Arrays.copyOf(pcm, got);
        }
    }

    private static int peak(byte[] pcm, int length) {
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(pcm, 0, length)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int peak = 0;
        while (b.remaining() >= 4) {
            peak = Math.max(peak, Math.abs(b.getInt()));
        }
        return peak;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("embed: FAILED: " + what);
            System.exit(1);
        }
    }
}
