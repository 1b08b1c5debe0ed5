package org.sofj.llext.internal.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one link check.
 *
 * @param jarName    the name refusals give the plugin jar
 * @param mode       {@code user-mode} or {@code kernel-mode}: the rules applied
 * @param violations the refused references, in scan order
 */
public record LinkResult(String jarName, String mode, List<Violation> violations) {

    /** @throws NullPointerException if a component is null */
    public LinkResult {
        Objects.requireNonNull(jarName, "jarName");
        Objects.requireNonNull(mode, "mode");
        violations = List.copyOf(violations);
    }

    /** @return whether nothing was refused */
    public boolean passed() {
        return violations.isEmpty();
    }

    /** @return one line per refusal, each starting with the jar's name */
    public List<String> lines() {
        final List<String> lines = new ArrayList<>(violations.size());
        for (Violation v : violations) {
            lines.add(jarName + ": " + v);
        }
        return List.copyOf(lines);
    }
}
