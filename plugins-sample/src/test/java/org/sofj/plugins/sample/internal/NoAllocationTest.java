package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.ConfigFragment;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.HeapRegion;

/** {@code process} allocates nothing in steady state, for every module and format. */
final class NoAllocationTest {
    private static final int FRAMES = 48;
    private static final int WARM_UP = 3000;
    private static final int CALLS = 1000;
    private static final int ROUNDS = 5;

    private final Fixture fx = new Fixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @CsvSource({"passthru,S16_LE", "gain,S16_LE", "gain,S32_LE", "gain,FLOAT_LE",
        "eq_iir,S16_LE", "eq_iir,S32_LE", "eq_iir,FLOAT_LE", "mixer,S16_LE", "mixer,S32_LE",
        "mixer,FLOAT_LE", "tone,S16_LE", "tone,S32_LE", "tone,FLOAT_LE", "fir,S16_LE",
        "fir,S32_LE"})
    void shouldAllocateNothingInProcessWhenWarm(String name, SampleFormat sf) {
        final AudioFormat f = AudioFormat.of(48000, 2, sf);
        final int period = FRAMES * f.frameBytes();
        final ProcessingModule m = new SampleModuleProvider().create(name);
        final boolean generator = name.equals("tone");
        final int inputs = generator ? 0 : name.equals("mixer") ? 2 : 1;
        final Fixture.Context ctx;
        if (name.equals("fir")) {
            final int[] words = new int[1 + 1024];
            words[0] = 1024;
            words[1] = 1 << 30;
            final byte[] table = Fixture.ints(words);
            final long at = fx.put(table, HeapRegion.LIBRARY);
            ctx = fx.context(name, f, period, period, Fixture.ints((int) at, table.length));
        } else {
            ctx = fx.context(name, f, generator ? 0 : period, period);
        }
        assertEquals(0, m.init(ctx));
        if (name.equals("gain")) {
            assertEquals(0, m.setConfiguration(0, ConfigFragment.SINGLE, 8,
                    fx.view(Fixture.ints(1 << 23, 10_000)))); // keeps ramping through the test
        } else if (name.equals("eq_iir")) {
            assertEquals(0, m.setConfiguration(0, ConfigFragment.SINGLE, 24,
                    fx.view(Fixture.ints(1, 1 << 29, 1 << 29, 0, 0, 0))));
        }
        final TestRing[] ins = new TestRing[inputs];
        final Source[] sources = new Source[inputs];
        for (int i = 0; i < inputs; i++) {
            ins[i] = fx.ring(period);
            sources[i] = ins[i].source;
        }
        final TestRing out = fx.ring(period);
        final Sink[] sinks = {out.sink};
        assertEquals(0, m.prepare(sources, sinks));
        final com.sun.management.ThreadMXBean bean =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertEquals(0, run(m, ins, sources, sinks, out, period, WARM_UP));
        // A JIT deoptimisation during a round can make an allocation that compiled code had
        // scalar-replaced real for a moment (seen as a one-off 256 B); a process that allocates
        // allocates in every round, so the smallest of a few rounds must be exactly 0.
        long smallest = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS && smallest != 0; round++) {
            final long before = bean.getCurrentThreadAllocatedBytes();
            final int failures = run(m, ins, sources, sinks, out, period, CALLS);
            final long allocated = bean.getCurrentThreadAllocatedBytes() - before;
            assertEquals(0, failures);
            smallest = Math.min(smallest, allocated);
        }
        assertEquals(0, smallest, "bytes allocated by " + CALLS + " process calls of " + name);
    }

    private static int run(ProcessingModule m, TestRing[] ins, Source[] sources, Sink[] sinks,
            TestRing out, int period, int calls) {
        int failures = 0;
        for (int c = 0; c < calls; c++) {
            for (int i = 0; i < ins.length; i++) {
                ins[i].produce(period);
            }
            if (m.process(sources, sinks) != 0) {
                failures++;
            }
            out.consume(period);
        }
        return failures;
    }
}
