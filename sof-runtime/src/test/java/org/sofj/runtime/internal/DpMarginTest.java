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

    /**
     * Both rings of a DP instance get the margin's room: the output for the primed silence, the
     * input as headroom, so that while the task is late its producer keeps writing (the periods
     * it would otherwise drop are what a late DP run catches up on).
     */
    @ParameterizedTest(name = "margin {0}")
    @ValueSource(ints = {0, 4})
    void shouldGiveBothRingsOfADpInstanceTheMarginsRoom(int margin) {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().dpMargin(margin))) {
            fx.kernel.createPipeline(1, 0);
            final int a = fx.create("pass", 0, 1, ProcDomain.LL);
            final int dp = fx.create("pass", 1, 1, ProcDomain.DP);
            final int b = fx.create("pass", 2, 1, ProcDomain.LL);
            fx.kernel.bind(a, 0, dp, 0);
            fx.kernel.bind(dp, 0, b, 0);
            final Component c = fx.component(dp);
            final int block = Math.max(c.baseConfig.ibs(), c.baseConfig.obs());
            final int room = ((3 + margin) * block + 63) / 64 * 64; // SOF's three blocks + margin
            assertEquals(room, c.inputs.get(0).ring.size(), "input ring");
            assertEquals(room, c.outputs.get(0).ring.size(), "output ring");
        }
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
