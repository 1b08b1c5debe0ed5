package org.sofj.llext.internal.link;

/**
 * Something the link check refused, in source terms.
 *
 * @param where  the referencing code: a method with its parameter types and, when the class has
 *               debug info, its source line ({@code test.plugin.Bad.run() (Bad.java:3)}), a
 *               field, a class declaration, or a jar entry
 * @param what   what it does: {@code references java.lang.System.exit(int)},
 *               {@code overrides java.lang.Object.finalize()}, ...
 * @param reason the rule: {@code denied (family)} or why nothing allows it
 */
public record Violation(String where, String what, String reason) {

    @Override
    public String toString() {
        return where + " " + what + ": " + reason;
    }
}
