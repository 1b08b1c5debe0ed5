package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.host.HostPort;

/**
 * The bytes and the event log (with the host ports' xrun counts) of {@code bench --render}'s
 * chains without the FIR, pinned as SHA-256 digests taken on 2026-11-30 before the tick, the
 * CLI's render loop and the modules' inner loops were made faster (issue 16): the virtual clock
 * must render the same audio and the same events, tick for tick, as before. (The FIR's own
 * output is pinned by its reference tests, within 1 LSB of the direct form.)
 */
final class RenderGoldenTest {
    private static final Path JAR = Cli.PLUGINS.resolve("plugins-sample.jar");
    private static final int TICKS = 3000;

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "chain {0}")
    @CsvSource({
        "1, 2998, 6269bf1ebd113b6aa0000b3ca80480ea138c143559f86df7f892ea2d3da56b67, "
            + "7e294b6c39f5fbb1eae5bbae9c491d6c731b3dd52085f9218a19c176e236870a",
        "2, 3000, 56a3784fdec9cb96afbb3604e797f27682256d64481622bc5f908f9a95d65aae, "
            + "7e294b6c39f5fbb1eae5bbae9c491d6c731b3dd52085f9218a19c176e236870a",
    })
    void shouldRenderTheSameBytesAndEventsAsBefore(int chain, int periods, String audio,
            String events) {
        final RenderBench.Chain c = RenderBench.chains().get(chain);
        final MessageDigest bytes = sha256();
        final MessageDigest log = sha256();
        try (Session s = Session.open(new RenderBench(JAR, 1).topology(c),
                SchedulerConfig.Clock.VIRTUAL, TICKS, List.of())) {
            final Runner r = new Runner(s, null);
            // in two calls, as the bench runs its warm-up and its rounds
            assertEquals(TICKS / 3, r.run(TICKS / 3, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE));
            assertEquals(TICKS - TICKS / 3, r.run(TICKS - TICKS / 3,
                    SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE));
            final byte[] out = r.outputs().get("out");
            // the eq_iir (DP) chain starts two periods late (SOF's DP start-up delay)
            assertEquals(periods * s.periodBytes, out.length, "periods out");
            bytes.update(out);
            log.update(r.hostXruns().toString().getBytes(StandardCharsets.UTF_8));
            for (RuntimeEvent e : s.runtime.events()) {
                log.update((e.kind() + " " + e.componentId() + " " + e.pipelineId() + " "
                        + e.tick() + " " + e.detail() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        assertEquals(audio, HexFormat.of().formatHex(bytes.digest()), "host_out bytes");
        assertEquals(events, HexFormat.of().formatHex(log.digest()), "event log");
    }

    /**
     * {@code sofj run} streams each host_out to its WAV file a buffer at a time instead of
     * keeping the run's audio: the file holds the pinned bytes of the chain (its header's sizes
     * filled in), and the levels metered on the way are the ones the kept audio gives.
     */
    @Test
    void shouldStreamThePinnedBytesToTheFileAndMeterTheKeptAudiosLevels(@TempDir Path dir) {
        final RenderBench.Chain c = RenderBench.chains().get(1);
        final Path wav = dir.resolve("streamed.wav");
        final Map<String, double[]> streamedLevels;
        try (Session s = Session.open(new RenderBench(JAR, 1).topology(c),
                SchedulerConfig.Clock.VIRTUAL, TICKS, List.of())) {
            final Runner r = new Runner(s, null, Map.of("out", wav), true);
            r.run(TICKS / 3, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            r.run(TICKS - TICKS / 3, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            r.close();
            assertEquals(0, r.outputs().get("out").length, "nothing kept in memory");
            assertEquals(Map.of("out", 2998L * s.periodBytes), r.outputBytes());
            streamedLevels = r.levels();
        }
        final byte[] pcm = Pcm.bytes(wav);
        assertEquals("6269bf1ebd113b6aa0000b3ca80480ea138c143559f86df7f892ea2d3da56b67",
                HexFormat.of().formatHex(sha256().digest(pcm)), "the file's samples");
        final Map<String, double[]> keptLevels;
        try (Session s = Session.open(new RenderBench(JAR, 1).topology(c),
                SchedulerConfig.Clock.VIRTUAL, TICKS, List.of())) {
            final Runner r = new Runner(s, null);
            r.run(TICKS, SchedulerConfig.Clock.VIRTUAL, Runner.Progress.NONE);
            keptLevels = r.levels();
        }
        assertEquals(299, keptLevels.get("out").length, "2,998 ms: 299 whole 10 ms windows");
        assertArrayEquals(keptLevels.get("out"), streamedLevels.get("out"));
    }

    /** The benches drain without keeping: every tick's period still leaves the port. */
    @Test
    void shouldDrainEveryPeriodButKeepNothingWhenOutputIsNotKept() {
        final RenderBench.Chain c = RenderBench.chains().get(2);
        try (Session s = Session.open(new RenderBench(JAR, 1).topology(c),
                SchedulerConfig.Clock.VIRTUAL, TICKS, List.of())) {
            final Runner r = new Runner(s, null, false);
            assertEquals(TICKS, r.run(TICKS, SchedulerConfig.Clock.VIRTUAL,
                    Runner.Progress.NONE));
            assertEquals(0, r.outputs().get("out").length);
            // the port holds about a hundred periods: not drained, it would overrun at once
            final HostPort port = s.endpoints.port(s.components.get("out"));
            assertEquals(0, port.overruns());
            assertEquals(0, port.available());
        }
    }
}
