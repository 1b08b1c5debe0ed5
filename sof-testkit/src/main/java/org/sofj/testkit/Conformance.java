package org.sofj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.sofj.api.ModuleDescription;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.testkit.internal.CheckPlan;
import org.sofj.testkit.internal.DirectChecks;
import org.sofj.llext.SourceManifests;
import org.sofj.testkit.internal.IbsObsCheck;
import org.sofj.testkit.internal.LibraryUnderTest;
import org.sofj.testkit.internal.LinkChecks;
import org.sofj.testkit.internal.RuntimeChecks;
import org.sofj.testkit.internal.Stages;

/**
 * The conformance checks every module should pass ({@link Check} says what each verifies):
 *
 * <pre>{@code
 *   Conformance.assertConforms(new MyProvider(), "gain", ConformanceOptions.defaults());
 * }</pre>
 *
 * <p>Checks (a), (b), (c) and (e) run the module directly on the calling thread, outside the
 * runtime, against recording sinks and sources over a simulated memory system of their own
 * (kernel mode, a fresh instance per check); (d) and (f) run it in a real runtime in virtual
 * time, host_in to module to host_out, DP for a user module and LL for a kernel one. A module
 * whose setup fails (an operation returns an error) fails each check with the operation named.
 *
 * <p>The provider must {@link ModuleProvider#describe} the module: it runs in-process.
 */
public final class Conformance {
    private Conformance() {
    }

    /**
     * Runs every check.
     *
     * @param provider   the author's provider
     * @param moduleName the module to check
     * @param options    how to run it
     * @return one result per check, in {@link Check} order
     * @throws IllegalArgumentException if the provider does not offer or describe the module,
     *     or the library's own manifest disagrees with {@code describe} (naming the field and
     *     both values)
     */
    public static ConformanceReport check(ModuleProvider provider, String moduleName,
            ConformanceOptions options) {
        Objects.requireNonNull(options, "options");
        final CheckPlan plan = plan(provider, moduleName, options);
        final List<CheckResult> results = new ArrayList<>();
        results.add(run(Check.SINK_SOURCE_CONTRACT, options, plan));
        results.add(run(Check.NO_ALLOCATION_IN_PROCESS, options, plan));
        results.add(run(Check.FREES_EVERYTHING, options, plan));
        final boolean reset = !options.skips.containsKey(Check.RESET_CYCLES);
        final boolean user = !options.skips.containsKey(Check.USER_MODE)
                && plan.description().userMode();
        final List<CheckResult> runtime = reset || user ? RuntimeChecks.run(plan, reset, user)
                : List.of();
        int next = 0;
        results.add(reset ? runtime.get(next++) : skipped(Check.RESET_CYCLES, options));
        results.add(run(Check.IBS_OBS, options, plan));
        results.add(user ? runtime.get(next) : options.skips.containsKey(Check.USER_MODE)
                ? skipped(Check.USER_MODE, options) : new CheckResult(Check.USER_MODE,
                CheckResult.Status.SKIPPED, "not applicable: " + where(plan.library())
                + " says user_mode = 0 (kernel mode)"));
        results.add(options.skips.containsKey(Check.LINK_CHECK)
                ? skipped(Check.LINK_CHECK, options) : LinkChecks.run(plan.library()));
        return new ConformanceReport(moduleName, results);
    }

    /**
     * Runs every check and fails listing all failures.
     *
     * @param provider   the author's provider
     * @param moduleName the module to check
     * @param options    how to run it
     * @return the report, if nothing failed
     * @throws AssertionError naming each failed check, what went wrong and where
     */
    public static ConformanceReport assertConforms(ModuleProvider provider, String moduleName,
            ConformanceOptions options) {
        return check(provider, moduleName, options).assertPassed();
    }

    private static CheckResult run(Check check, ConformanceOptions options, CheckPlan plan) {
        if (options.skips.containsKey(check)) {
            return skipped(check, options);
        }
        switch (check) {
            case SINK_SOURCE_CONTRACT: return DirectChecks.contract(plan);
            case NO_ALLOCATION_IN_PROCESS: return DirectChecks.noAllocation(plan);
            case FREES_EVERYTHING: return DirectChecks.leaks(plan);
            default: return IbsObsCheck.run(plan);
        }
    }

    private static String where(LibraryUnderTest lib) {
        return lib.manifest() ? SourceManifests.PATH + " in " + lib.name() : "its describe()";
    }

    private static CheckResult skipped(Check check, ConformanceOptions options) {
        return new CheckResult(check, CheckResult.Status.SKIPPED, "skipped by the options: "
                + options.skips.get(check));
    }

    private static CheckPlan plan(ModuleProvider provider, String moduleName,
            ConformanceOptions o) {
        final ModuleDescription d = Stages.describe(provider, moduleName);
        final LibraryUnderTest library = LibraryUnderTest.of(provider, d);
        final List<String> disagree = library.disagreements(provider, d);
        if (!disagree.isEmpty()) {
            throw new IllegalArgumentException(library.name() + ": " + String.join("; ",
                    disagree));
        }
        final int period = Stages.period(o.format);
        final int sources = o.sources >= 0 ? o.sources : d.ibs() == 0 ? 0 : 1;
        final int ibs = o.ibs >= 0 ? o.ibs : sources == 0 ? 0 : period;
        if (sources > 0 && ibs == 0) {
            throw new IllegalArgumentException("sources=" + sources + " needs ibs > 0");
        }
        final int obs = o.obs > 0 ? o.obs : period;
        return new CheckPlan(provider, d, library, o.format, sources, o.sinks, ibs, obs, o.configs,
                o.initData, o.initBlob, o.calls, o.ticks, o.allowedReturns);
    }
}
