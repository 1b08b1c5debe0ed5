package org.sofj.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each check fails for a module that breaks its rule, and names what and where. */
final class ConformanceFailureTest {
    private static final BrokenModules BROKEN = new BrokenModules();

    private static ConformanceReport check(String module) {
        return Conformance.check(BROKEN, module, ConformanceOptions.defaults());
    }

    private static List<Check> failed(ConformanceReport r) {
        return r.failures().stream().map(CheckResult::check).collect(Collectors.toList());
    }

    @Test
    void shouldPassEveryCheckWhenTheModuleIsCorrect() {
        final ConformanceReport r = check("copy");
        assertTrue(r.passed(), r.toString());
        assertEquals(CheckResult.Status.SKIPPED, r.result(Check.USER_MODE).status());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "leaky   | FREES_EVERYTHING         | HEAP 0x",
        "leaky   | FREES_EVERYTHING         | 256 bytes",
        "allocs  | NO_ALLOCATION_IN_PROCESS | bytes over 1000 calls",
        "holder  | SINK_SOURCE_CONTRACT     | holding 4 bytes of sink 0 (getBuffer without commitBuffer)",
        "short   | IBS_OBS                  | consumed 192 bytes of source 0, expected 384",
        "short   | IBS_OBS                  | produced 192 bytes into sink 0, expected 384",
        "noreset | RESET_CYCLES             | output pin 0 differs from the first run at sample",
        "badrc   | SINK_SOURCE_CONTRACT     | returned -EINVAL",
        "faulty  | USER_MODE                | MEMORY_FAULT"})
    void shouldNameTheFailureWhenAModuleBreaksTheRule(String module, Check check, String detail) {
        final CheckResult r = check(module).result(check);
        assertEquals(CheckResult.Status.FAILED, r.status(), r.toString());
        assertTrue(r.detail().contains(detail), r.toString());
    }

    @Test
    void shouldFailOnlyTheLeakCheckWhenAModuleLeaks() {
        assertEquals(List.of(Check.FREES_EVERYTHING), failed(check("leaky")));
    }

    @Test
    void shouldFailOnlyTheAllocationCheckWhenProcessAllocates() {
        assertEquals(List.of(Check.NO_ALLOCATION_IN_PROCESS), failed(check("allocs")));
    }

    @Test
    void shouldFailOnlyTheRuntimeChecksWhenAUserModuleFaultsInItsDomain() {
        final ConformanceReport r = check("faulty");
        assertEquals(List.of(Check.RESET_CYCLES, Check.USER_MODE), failed(r), r.toString());
    }

    @Test
    void shouldListEveryFailureInTheAssertionErrorWhenAssertingConformance() {
        final AssertionError e = assertThrows(AssertionError.class, () ->
                Conformance.assertConforms(BROKEN, "short", ConformanceOptions.defaults()));
        assertTrue(e.getMessage().startsWith("module short failed"), e.getMessage());
        assertTrue(e.getMessage().contains("IBS_OBS FAILED"), e.getMessage());
    }

    @Test
    void shouldReportASkipWithItsReasonWhenTheOptionsSkipACheck() {
        final ConformanceReport r = Conformance.check(BROKEN, "leaky", ConformanceOptions
                .builder().skip(Check.FREES_EVERYTHING, "freed by mod_free_all on purpose")
                .build());
        assertEquals(CheckResult.Status.SKIPPED, r.result(Check.FREES_EVERYTHING).status());
        assertTrue(r.result(Check.FREES_EVERYTHING).detail().contains("on purpose"));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void shouldFailEveryDirectCheckNamingInitWhenInitFails() {
        final ConformanceReport r = Conformance.check(BROKEN, "copy", ConformanceOptions
                .builder().ibs(384).obs(192).build());
        assertEquals(CheckResult.Status.FAILED, r.result(Check.IBS_OBS).status());
        assertTrue(r.result(Check.IBS_OBS).detail().contains("init returned -EINVAL"),
                r.toString());
        assertTrue(r.result(Check.RESET_CYCLES).detail().contains("refused"), r.toString());
    }
}
