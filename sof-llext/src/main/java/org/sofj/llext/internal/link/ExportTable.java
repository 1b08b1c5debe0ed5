package org.sofj.llext.internal.link;

import java.util.List;
import java.util.Objects;

/**
 * What a library's bytecode may reference: the llext analog of the kernel's export table.
 *
 * <p>A reference is a class (internal name, {@code java/lang/String}) and optionally a member
 * name. It is decided by the first matching rule of {@link #deny} (denied, with that rule's
 * family), else by {@link #allow} (allowed), else refused as {@link #fallback}. Patterns:
 * {@code a/b/**} a package and its subpackages, {@code a/b/*} one package, {@code a/b/C} one class
 * and its nested classes, {@code a/b/File*} classes whose simple name starts so, {@code a/b/C#m}
 * one member (all overloads), {@code a/b/C#get*} members starting so; the part before {@code #}
 * may be any class pattern ({@code java/util/**#parallelStream}). An allow entry with a member
 * part admits the class as a type and only the members it names.
 *
 * @param mode     the module mode this table is for, used in messages
 * @param allow    allowed packages, classes and members
 * @param deny     denied families, checked first
 * @param fallback why a reference no entry allows is refused
 */
public record ExportTable(String mode, List<String> allow, List<Rule> deny, String fallback) {

    /** @throws NullPointerException if a component is null */
    public ExportTable {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * One family of denied references.
     *
     * @param family   what it is, e.g. {@code reflection}
     * @param patterns what it matches; a pattern starting with {@code !} is an exception: what it
     *                 matches is not in the family
     */
    public record Rule(String family, List<String> patterns) {

        /** Copies the patterns. */
        public Rule {
            patterns = List.copyOf(patterns);
        }

        /** @return whether {@code owner#member} matches a pattern and no {@code !} exception */
        boolean matches(String owner, String member) {
            boolean hit = false;
            for (String p : patterns) {
                if (p.startsWith("!")) {
                    if (ExportTable.matches(p.substring(1), owner, member)) {
                        return false;
                    }
                } else {
                    hit |= ExportTable.matches(p, owner, member);
                }
            }
            return hit;
        }
    }

    /**
     * Decides one reference.
     *
     * @param owner  a class's internal name, not an array
     * @param member a member name, or {@code null} for a reference to the class itself
     * @return {@code null} if allowed, else why not
     */
    public String decide(String owner, String member) {
        final String denied = denied(owner, member);
        return denied != null ? denied : allows(owner, member) ? null : fallback;
    }

    /** @return {@code denied (family)} of the first deny rule matching, else {@code null} */
    String denied(String owner, String member) {
        for (Rule r : deny) {
            if (r.matches(owner, member)) {
                return "denied (" + r.family() + ")";
            }
        }
        return null;
    }

    /** @return whether an allow entry admits the class ({@code member == null}) or member */
    boolean allows(String owner, String member) {
        for (String p : allow) {
            final int hash = p.indexOf('#');
            if (hash < 0 ? matches(p, owner, null) : member == null
                    ? matches(p.substring(0, hash), owner, null) : matches(p, owner, member)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(String pattern, String owner, String member) {
        final int hash = pattern.indexOf('#');
        if (hash >= 0) {
            return member != null && matches(pattern.substring(0, hash), owner, null)
                    && glob(pattern.substring(hash + 1), member);
        }
        if (pattern.endsWith("/**")) {
            final String pkg = pattern.substring(0, pattern.length() - 2);
            return owner.startsWith(pkg);
        }
        if (pattern.endsWith("/*")) {
            final String pkg = pattern.substring(0, pattern.length() - 1);
            return owner.startsWith(pkg) && owner.indexOf('/', pkg.length()) < 0;
        }
        if (pattern.endsWith("*")) {
            final String prefix = pattern.substring(0, pattern.length() - 1);
            return owner.startsWith(prefix) && owner.indexOf('/', prefix.length()) < 0;
        }
        return owner.equals(pattern) || owner.startsWith(pattern + "$");
    }

    private static boolean glob(String pattern, String name) {
        return pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                : name.equals(pattern);
    }
}
