package org.sofj.testkit.internal;

import java.util.List;

import org.sofj.api.SofException;
import org.sofj.llext.LinkCheck;
import org.sofj.testkit.Check;
import org.sofj.testkit.CheckResult;

/** {@link Check#LINK_CHECK}: the loader's link check on the library under test. */
public final class LinkChecks {
    /** Before each refused reference: a line of its own, under the check's. */
    static final String LINE = "\n    ";

    private LinkChecks() {
    }

    /**
     * @param lib the library the module comes from
     * @return passed, failed with the loader's lines, or skipped naming why there is no library
     */
    public static CheckResult run(LibraryUnderTest lib) {
        if (lib.notAPlugin() != null) {
            return Findings.skipped(Check.LINK_CHECK, "no plugin library to check: "
                    + lib.notAPlugin());
        }
        final List<String> lines;
        try {
            lines = LinkCheck.check(lib.jar(), lib.name());
        } catch (SofException e) {
            return Findings.failed(Check.LINK_CHECK, e.getMessage());
        }
        if (lines.isEmpty()) {
            return new CheckResult(Check.LINK_CHECK, CheckResult.Status.PASSED, lib.name()
                    + " links against the loader's rules" + (lib.manifest() ? ""
                    : " (user mode as describe() says; it has no manifest of its own)"));
        }
        // one line per reference, as the loader and the Maven plugin print them: six refusals
        // of one call site joined by "; " made one line of a thousand characters
        return Findings.failed(Check.LINK_CHECK, lines.size() + " refused reference(s):"
                + LINE + String.join(LINE, lines));
    }
}
