package org.sofj.plugins.sample.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.HeapRegion;

/**
 * Not a test: a CPU-time harness for the sample FIR's whole {@code process} call, as the README
 * pipeline makes it (48 kHz stereo S32, 48-frame periods, the shipped 1024-tap table), on the
 * test fixtures' real simulated memory: the checked ring reads and writes, the sample conversion
 * and the engine. The rings are advanced without data ({@link TestRing#produce}), so the harness
 * itself costs almost nothing. The instance is kernel mode (the fixtures' context), so the user
 * domain's checks and the runtime's DP call are not counted; {@code sofj bench --render} counts
 * them. Prints one line per round of 100,000 periods; the last rounds are the warm ones.
 * Surefire does not run it (its name does not end in {@code Test}):
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
 *   -cp plugins-sample/target/test-classes:[PLUGIN.jar:]sof-bench/target/benchmarks.jar \
 *   org.sofj.plugins.sample.internal.FirModuleCpuTime
 * </pre>
 * (a plugins-sample jar before the benchmarks jar times that jar's FIR.)
 */
public final class FirModuleCpuTime {
    private FirModuleCpuTime() {
    }

    /**
     * @param args none
     * @throws IOException if the shipped table cannot be read
     */
    public static void main(String[] args) throws IOException {
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final byte[] table;
        try (InputStream s = Fir.class.getResourceAsStream("/" + Fir.DEFAULT_TABLE)) {
            table = s.readAllBytes();
        }
        try (Fixture fx = new Fixture()) {
            final AudioFormat f = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
            final int period = 48 * f.frameBytes();
            final long at = fx.put(table, HeapRegion.LIBRARY);
            final Fir fir = new Fir();
            final int rc = fir.init(fx.context("fir", f, period, period,
                    Fixture.ints((int) at, table.length)));
            if (rc != 0) {
                throw new IllegalStateException("fir init: " + rc);
            }
            final TestRing in = fx.ring(period);
            final TestRing out = fx.ring(period);
            final Source[] sources = {in.source};
            final Sink[] sinks = {out.sink};
            // fill the input ring once with a full-scale pattern; later periods reuse its bytes
            final byte[] chunk = new byte[period];
            for (int i = 0; i < period; i++) {
                chunk[i] = (byte) (i * 37 + 11);
            }
            for (int i = 0; i < 3; i++) {
                in.write(chunk);
                in.read(period);
            }
            final int periods = 100_000;
            for (int round = 0; round < 8; round++) {
                final long t0 = mx.getCurrentThreadCpuTime();
                for (int p = 0; p < periods; p++) {
                    in.produce(period);
                    final int r = fir.process(sources, sinks);
                    if (r != 0) {
                        throw new IllegalStateException("fir process: " + r);
                    }
                    out.consume(period);
                }
                final long t1 = mx.getCurrentThreadCpuTime();
                System.out.printf("round %d: %.0f ns of CPU per period%n", round,
                        (t1 - t0) / (double) periods);
            }
        }
    }
}
