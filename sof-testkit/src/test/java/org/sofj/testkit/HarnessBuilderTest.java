package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.ipc.ProcDomain;

/** The builder validates at once, refuses a second setting, and checks the graph at build. */
final class HarnessBuilderTest {
    private static final ModuleProvider SAMPLES = SamplePlugins.provider();

    @Test
    void shouldRefuseASecondSettingOfAnOption() {
        final HarnessBuilder b = ModuleHarness.builder().module(SAMPLES, "gain").ticks(5);
        assertThrows(IllegalStateException.class, () -> b.ticks(6));
        b.ibs(192);
        assertThrows(IllegalStateException.class, () -> b.ibs(192));
    }

    @Test
    void shouldRefuseAModuleOptionBeforeAnyModule() {
        assertThrows(IllegalStateException.class, () -> ModuleHarness.builder().config(new byte[8]));
    }

    @Test
    void shouldRefuseAModuleTheProviderDoesNotOffer() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ModuleHarness.builder().module(SAMPLES, "reverb"));
        assertTrue(e.getMessage().contains("reverb"), e.getMessage());
    }

    @Test
    void shouldRefuseLlForAUserModule() {
        assertThrows(IllegalArgumentException.class, () -> ModuleHarness.builder()
                .module(SAMPLES, "eq_iir").domain(ProcDomain.LL));
    }

    @Test
    void shouldRefuseTwoAdjacentDpModulesNamingThem() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ModuleHarness.builder().module(SAMPLES, "eq_iir").module(SAMPLES, "fir")
                        .input(0, new byte[384]).build());
        assertTrue(e.getMessage().contains("eq_iir and fir are both DP"), e.getMessage());
    }

    @Test
    void shouldRefuseAGapInTheInputPins() {
        assertThrows(IllegalArgumentException.class, () -> ModuleHarness.builder()
                .module(SAMPLES, "mixer").input(1, new byte[384]).build());
    }

    @Test
    void shouldRefuseShortSamplesForAnS32Stream() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                ModuleHarness.builder().module(SAMPLES, "gain")
                        .format(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
                        .input(0, new short[4]).build());
        assertTrue(e.getMessage().contains("short[]"), e.getMessage());
    }

    @Test
    void shouldRefuseABlobLargerThanTheHostboxCanHold() {
        assertThrows(IllegalArgumentException.class, () -> ModuleHarness.builder()
                .module(SAMPLES, "fir").initBlob(SamplePlugins.firTable()));
    }

    @Test
    void shouldRefuseARateWithoutWholeFramesPerMillisecond() {
        assertThrows(IllegalArgumentException.class, () -> ModuleHarness.builder()
                .format(AudioFormat.of(44100, 2, SampleFormat.S16_LE)));
    }
}
