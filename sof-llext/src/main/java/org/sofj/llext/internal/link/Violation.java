package org.sofj.llext.internal.link;

/**
 * A reference the link check refused.
 *
 * @param fromClass  the referencing class, binary name
 * @param fromMember the referencing method ({@code name(desc)}), field, or {@code <class>} for
 *                   the class header (superclass, interfaces)
 * @param reference  what it references: a class, or {@code class.member(desc)}
 * @param reason     why it is refused, e.g. {@code denied (reflection)}
 */
public record Violation(String fromClass, String fromMember, String reference, String reason) {

    @Override
    public String toString() {
        return fromClass + "." + fromMember + " references " + reference + ": " + reason;
    }
}
