package org.sofj.testkit;

import java.util.Objects;

/**
 * The outcome of one {@link Check}.
 *
 * @param check  the check
 * @param status passed, failed or skipped
 * @param detail on failure what went wrong and where (call, pin, sample, allocation); on a skip
 *               the reason; on a pass what was verified
 */
public record CheckResult(Check check, Status status, String detail) {

    /** Outcomes. */
    public enum Status {
        /** The module did what the check asks. */
        PASSED,
        /** It did not; {@link CheckResult#detail()} says what and where. */
        FAILED,
        /** The check does not apply, or the options skip it; the detail says why. */
        SKIPPED
    }

    /**
     * Validates.
     *
     * @param check the check
     * @param status passed, failed or skipped
     * @param detail on failure what went wrong and where (call, pin, sample, allocation); on a skip
     *     the reason; on a pass what was verified
     */
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return check + " " + status + ": " + detail;
    }
}
