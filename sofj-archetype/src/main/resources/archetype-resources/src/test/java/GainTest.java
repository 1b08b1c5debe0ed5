package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.testkit.Conformance;
import org.sofj.testkit.ConformanceOptions;
import org.sofj.testkit.HarnessResult;
import org.sofj.testkit.ModuleHarness;
import org.sofj.testkit.Pcm;
import org.sofj.testkit.Signals;

final class GainTest {
    private static final AudioFormat F = AudioFormat.of(48000, 2, SampleFormat.S16_LE);

    @Test
    void shouldHalveTheLevel() {
        final byte[] in = Signals.sine(F, 4800, 1000, 0.5);   // 100 ms
        final HarnessResult r = ModuleHarness.builder()
                .module(new GainProvider(), "${moduleName}")
                .format(F)
                .input(0, in)
                .build()
                .run()
                .assertNoFaults();
        final int[] x = Pcm.toInts(in, SampleFormat.S16_LE);
        final int[] y = r.output().ints();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] >> 1, y[i], "sample " + i);
        }
    }

    @Test
    void shouldConform() {
        Conformance.assertConforms(new GainProvider(), "${moduleName}",
                ConformanceOptions.builder().format(F).build());
    }
}
