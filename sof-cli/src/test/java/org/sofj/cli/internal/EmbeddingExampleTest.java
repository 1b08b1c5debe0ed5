package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The code of docs/embedding.md, run as written (between the {@code // doc:} markers): load a
 * signed library, build tone -> eq_iir (DP, user mode) -> passthru -> host_out from code, run one
 * second of virtual time and read the audio and the report. Public API only.
 */
final class EmbeddingExampleTest {
    @Test
    void shouldRunTheEmbeddingGuidesPipelineFromCode(@TempDir Path dir) {
        Cli.workspace(dir);
        final Path lib = dir.resolve("target/sofj/sample.sofjlib");
        final Path pub = dir.resolve("target/sofj/dev.pub");
        // doc: begin
        HostEndpoints endpoints = new HostEndpoints();
        try (SofRuntime rt = SofRuntime.builder()
                .trustedKeys(LibraryKeys.trustedKeys(List.of(pub)))
                .builtIn(endpoints)                       // host_in / host_out as library 0
                .build()) {                               // virtual clock, 1 core, 1 s proxy timeout
            rt.loadLibrary(1, lib);                       // verifies signature, hashes, link check
            rt.createPipeline(1, 0);
            AudioFormat f = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
            int period = f.bytesPerPeriod(1000);          // one 1 ms tick
            BaseConfig cfg = new BaseConfig(0, period, period, 0, 0, f);
            int tone = rt.initInstance(new InstanceSpec(rt.moduleId(1, "tone"), 0, 0, 1,
                    ProcDomain.LL, cfg, new byte[0], 0, 0));
            int eq = rt.initInstance(new InstanceSpec(rt.moduleId(1, "eq_iir"), 0, 0, 1,
                    ProcDomain.DP, cfg, new byte[0], 8192, 0));
            int pass = rt.initInstance(new InstanceSpec(rt.moduleId(1, "passthru"), 0, 0, 1,
                    ProcDomain.LL, cfg, new byte[0], 0, 0));
            int out = rt.initInstance(new InstanceSpec(rt.moduleId(0, HostEndpoints.HOST_OUT),
                    0, 0, 1, ProcDomain.LL, cfg, new byte[0], 0, 0));
            rt.setConfiguration(tone, 0, HexFormat.of().parseHex("c0b6060000000040"));
            rt.setConfiguration(eq, 0, HexFormat.of().parseHex(
                    "010000009c20d042b510b3860dc38837b510b386a9e3583a"));
            rt.bind(tone, 0, eq, 0);
            rt.bind(eq, 0, pass, 0);
            rt.bind(pass, 0, out, 0);
            rt.setPipelineState(1, PipelineState.RESET);   // completes the pipeline, as SOF needs
            rt.setPipelineState(1, PipelineState.RUNNING);

            HostPort speaker = endpoints.port(out);
            byte[] pcm = new byte[48000 * f.frameBytes()];   // one second
            int got = 0;
            for (int t = 0; t < 1000; t++) {
                rt.runTicks(1);                            // virtual time: one tick per call
                got += speaker.read(pcm, got, pcm.length - got);
            }
            InstanceReport r = rt.report(eq);
            System.out.printf("eq: %s mode, p99 %d ns, faulted %b%n",
                    r.userMode() ? "user" : "kernel", r.processTime().p99(), r.faulted());
            // doc: end
            assertTrue(r.userMode());
            assertFalse(r.faulted());
            assertTrue(got > pcm.length / 2, "audio came out: " + got);
            final ByteBuffer b = ByteBuffer.wrap(pcm, 0, got).order(ByteOrder.LITTLE_ENDIAN);
            int peak = 0;
            while (b.remaining() >= 4) {
                peak = Math.max(peak, Math.abs(b.getInt()));
            }
            assertTrue(peak > 1 << 24, "the tone got through: " + peak);
            assertEquals(1000, rt.ticks());
        }
    }
}
