package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.ModuleProvider;

/**
 * The example of docs/writing-a-module.md, verbatim: its Gain, its provider and its test. If this
 * fails, the page is wrong.
 */
final class DocExampleTest {
    private static final AudioFormat F = AudioFormat.of(48000, 2, SampleFormat.S16_LE);

    /** The page's Gain. */
    static final class Gain implements ProcessingModule {
        private final AudioRegion in = new AudioRegion();
        private final AudioRegion out = new AudioRegion();
        private MemoryAccess mem;
        private int ibs;

        @Override
        public int init(ModuleContext context) {
            mem = context.access();
            ibs = context.baseConfig().ibs();
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final Source source = sources[0];
            final Sink sink = sinks[0];
            int rc = source.getData(ibs, in);
            if (rc < 0) {
                return rc;
            }
            rc = sink.getBuffer(ibs, out);
            if (rc < 0) {
                source.releaseData(0);
                return -Errno.ENOSPC;
            }
            for (int i = 0; i < ibs; i += 2) {
                mem.putShort(out.addressAt(i), (short) (mem.getShort(in.addressAt(i)) >> 1));
            }
            sink.commitBuffer(ibs);
            source.releaseData(ibs);
            return 0;
        }
    }

    /** The page's provider. */
    static final class GainProvider implements ModuleProvider {
        @Override
        public Set<String> moduleNames() {
            return Set.of("gain");
        }

        @Override
        public ProcessingModule create(String name) {
            return new Gain();
        }

        @Override
        public Optional<ModuleDescription> describe(String name) {
            return Optional.of(ModuleDescription.builder("gain",
                    UUID.fromString("3c1b2f4e-8d6a-4b5c-9e7f-0a1b2c3d4e5f"))
                    .userMode(true).ibs(192).obs(192).build());
        }
    }

    @Test
    void shouldHalveTheLevel() {
        final byte[] in = Signals.sine(F, 4800, 1000, 0.5);
        final HarnessResult r = ModuleHarness.builder()
                .module(new GainProvider(), "gain")
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
        final ConformanceReport r = Conformance.assertConforms(new GainProvider(), "gain",
                ConformanceOptions.builder().format(F).build());
        assertEquals(CheckResult.Status.PASSED, r.result(Check.USER_MODE).status(),
                "the page's module is a user-mode module: " + r);
    }
}
