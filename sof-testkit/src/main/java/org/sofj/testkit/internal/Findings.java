package org.sofj.testkit.internal;

import org.sofj.testkit.Check;
import org.sofj.testkit.CheckResult;

/** Collects a check's violations: counts all, keeps the first few for the report. */
final class Findings {
    private static final int KEEP = 5;

    private final Check check;
    private final StringBuilder first = new StringBuilder();
    private int count;

    Findings(Check check) {
        this.check = check;
    }

    void add(String what) {
        if (count < KEEP) {
            first.append(count == 0 ? "" : "; ").append(what);
        }
        count++;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * @param passDetail what was verified, for a pass
     * @return the result
     */
    CheckResult result(String passDetail) {
        if (count == 0) {
            return new CheckResult(check, CheckResult.Status.PASSED, passDetail);
        }
        return new CheckResult(check, CheckResult.Status.FAILED, count + " violation(s): " + first
                + (count > KEEP ? "; ..." : ""));
    }

    static CheckResult failed(Check check, String detail) {
        return new CheckResult(check, CheckResult.Status.FAILED, detail);
    }

    static CheckResult skipped(Check check, String reason) {
        return new CheckResult(check, CheckResult.Status.SKIPPED, reason);
    }
}
