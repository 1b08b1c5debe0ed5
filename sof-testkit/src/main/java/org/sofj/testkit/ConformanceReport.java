package org.sofj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Conformance#check} found: one result per {@link Check}, in order.
 *
 * @param moduleName the module checked
 * @param results    one per check
 */
public record ConformanceReport(String moduleName, List<CheckResult> results) {

    /**
     * Copies.
     *
     * @param moduleName the module checked
     * @param results one per check
     */
    public ConformanceReport {
        Objects.requireNonNull(moduleName, "moduleName");
        results = List.copyOf(results);
    }

    /**
     * Looks up the result of one check.
     *
     * @param check a check
     * @return its result
     * @throws IllegalArgumentException naming the check if it was not run
     */
    public CheckResult result(Check check) {
        for (CheckResult r : results) {
            if (r.check() == check) {
                return r;
            }
        }
        throw new IllegalArgumentException("check=" + check + " was not run");
    }

    /** {@return the failed results} */
    public List<CheckResult> failures() {
        final List<CheckResult> out = new ArrayList<>();
        for (CheckResult r : results) {
            if (r.status() == CheckResult.Status.FAILED) {
                out.add(r);
            }
        }
        return out;
    }

    /** {@return whether no check failed} */
    public boolean passed() {
        return failures().isEmpty();
    }

    /**
     * Fails listing every failed check.
     *
     * @return this report if nothing failed
     * @throws AssertionError naming the module and each failure's detail
     */
    public ConformanceReport assertPassed() {
        final List<CheckResult> failed = failures();
        if (!failed.isEmpty()) {
            final StringBuilder b = new StringBuilder("module ").append(moduleName)
                    .append(" failed ").append(failed.size()).append(" conformance check(s):");
            for (CheckResult r : failed) {
                b.append("\n  ").append(r);
            }
            throw new AssertionError(b.toString());
        }
        return this;
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("conformance of ").append(moduleName)
                .append(':');
        for (CheckResult r : results) {
            b.append("\n  ").append(r);
        }
        return b.toString();
    }
}
