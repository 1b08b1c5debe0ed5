package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/** Every sample plugin passes the conformance suite, as a module author would run it. */
final class SampleConformanceTest {

    private static ConformanceOptions options(String module) {
        final ConformanceOptions.Builder b = ConformanceOptions.builder();
        switch (module) {
            case "mixer":
                b.sources(2);
                break;
            case "fir":
                b.initBlob(SamplePlugins.firTable(512));
                break;
            case "gain":
                b.config(0, Pcm.fromInts(new int[] {1 << 23, 5})); // -6 dB over a 5 ms ramp
                break;
            case "eq_iir":
                b.config(0, Pcm.fromInts(new int[] {1, 1 << 29, 1 << 29, 0, 0, 0}));
                break;
            default:
                break;
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gain", "eq_iir", "mixer", "tone", "passthru", "fir"})
    void shouldPassEveryCheckWhenTheModuleIsASamplePlugin(String module) {
        final ConformanceReport report = Conformance.assertConforms(SamplePlugins.provider(),
                module, options(module));
        assertEquals(Check.values().length, report.results().size());
        final boolean user = module.equals("eq_iir") || module.equals("fir");
        assertEquals(user ? CheckResult.Status.PASSED : CheckResult.Status.SKIPPED,
                report.result(Check.USER_MODE).status(), report.toString());
        if (!user) {
            assertTrue(report.result(Check.USER_MODE).detail().matches("not applicable: "
                    + "META-INF/sofj/modules.toml in plugins-sample\\S* says user_mode = 0"
                    + " \\(kernel mode\\)"), report.toString());
        }
        assertEquals(CheckResult.Status.PASSED, report.result(Check.LINK_CHECK).status(),
                report.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"S16_LE", "FLOAT_LE"})
    void shouldPassEveryCheckWhenTheFormatIsNotS32(String format) {
        Conformance.assertConforms(SamplePlugins.provider(), "eq_iir", ConformanceOptions
                .builder().format(AudioFormat.of(48000, 1, SampleFormat.valueOf(format)))
                .config(0, Pcm.fromInts(new int[] {1, 1 << 29, 1 << 29, 0, 0, 0})).build());
    }
}
