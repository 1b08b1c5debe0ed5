package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The DP margin ({@code SofRuntimeBuilder.dpMargin}): a DP module's output ring is primed with
 * that many periods of silence when its pipeline starts, so the audio comes out exactly that many
 * periods later and otherwise unchanged, and its ring has room for them.
 */
final class DpMarginTest {
    private static final int PERIOD = TestModules.TICK;

    @ParameterizedTest(name = "margin {0}")
    @ValueSource(ints = {1, 3, 8})
    void shouldDelayADpOutputByExactlyTheMarginAndChangeNothingElse(int margin) {
        final byte[] pcm = new byte[PERIOD * 10];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (byte) (i * 7 + 3 | 1); // never 0, so the leading silence is the latency
        }
        final byte[] plain = play(pcm, 0);
        final byte[] primed = play(pcm, margin);
        final int plainStart = firstSound(plain);
        final int primedStart = firstSound(primed);
        assertEquals(margin * PERIOD, primedStart - plainStart, "latency added by the margin");
        assertArrayEquals(Arrays.copyOfRange(plain, plainStart, plainStart + pcm.length),
                Arrays.copyOfRange(primed, primedStart, primedStart + pcm.length));
        assertArrayEquals(pcm, Arrays.copyOfRange(primed, primedStart, primedStart + pcm.length));
    }

    private static byte[] play(byte[] pcm, int margin) {
        final HostEndpoints endpoints = new HostEndpoints(1 << 16);
        try (SofRuntime rt = SofRuntime.builder().builtIn(endpoints).builtIn(new TestModules())
                .dpMargin(margin).build()) {
            rt.createPipeline(1, 0);
            rt.setPipelineState(1, PipelineState.RESET);
            final int in = create(rt, HostEndpoints.HOST_IN, ProcDomain.LL);
            final int pass = create(rt, "pass", ProcDomain.DP);
            final int out = create(rt, HostEndpoints.HOST_OUT, ProcDomain.LL);
            rt.bind(in, 0, pass, 0);
            rt.bind(pass, 0, out, 0);
            final HostPort input = endpoints.port(in);
            assertEquals(pcm.length, input.write(pcm, 0, pcm.length));
            rt.setPipelineState(1, PipelineState.RUNNING);
            rt.runTicks(30);
            final HostPort output = endpoints.port(out);
            final byte[] got = new byte[output.available()];
            output.read(got, 0, got.length);
            return got;
        }
    }

    private static int create(SofRuntime rt, String name, ProcDomain domain) {
        return rt.initInstance(new InstanceSpec(rt.moduleId(0, name), 0, 0, 1, domain,
                RuntimeFixture.CONFIG, null, 0, 0));
    }

    private static int firstSound(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == 0) {
            i++;
        }
        return i;
    }
}
