package org.sofj.llext.internal.link;

import java.util.Set;

import org.objectweb.asm.Type;

/**
 * Decides the references of one class against an export table and records refusals in source
 * terms. A member reference is resolved through the class hierarchy first and decided as the
 * member that declares it; the class it was written against must be allowed as well.
 */
final class References {
    private final ExportTable table;
    private final Hierarchy hierarchy;
    private final Set<Violation> found;
    private String sourceFile;
    private String from = "";
    private int line = -1;

    References(ExportTable table, Hierarchy hierarchy, Set<Violation> found) {
        this.table = table;
        this.hierarchy = hierarchy;
        this.found = found;
    }

    /** The class's source file name, from its debug info. */
    void sourceFile(String name) {
        sourceFile = name;
    }

    /** Where the next references are made; resets the source line. */
    void from(String where) {
        from = where;
        line = -1;
    }

    /** The source line of the next references, from the class's debug info. */
    void line(int number) {
        line = number;
    }

    void refuse(String what, String reason) {
        final String at = line < 0 ? from : sourceFile != null
                ? from + " (" + sourceFile + ":" + line + ")" : from + " (line " + line + ")";
        found.add(new Violation(at, what, reason));
    }

    /** A class by internal name. */
    void type(String internalName) {
        if (hierarchy.isOwn(internalName)) {
            return;
        }
        final String why = table.decide(internalName, null);
        if (why != null) {
            refuse("references " + SourceTerms.type(internalName), why);
        }
    }

    /** A class by internal name or an array descriptor ({@code [Ljava/lang/String;}). */
    void typeOrArray(String type) {
        if (type.startsWith("[")) {
            descriptor(type);
        } else {
            type(type);
        }
    }

    /**
     * A field (descriptor without parentheses) or method of {@code owner}, decided as the member
     * it resolves to.
     */
    void member(String owner, String name, String descriptor) {
        if (owner.startsWith("[")) {
            descriptor(owner);
            return;
        }
        final boolean field = !descriptor.startsWith("(");
        final String declaring = field ? hierarchy.field(owner, name, descriptor)
                : hierarchy.method(owner, name, descriptor);
        final String target = hierarchy.visible(owner, declaring);
        final boolean ownOwner = hierarchy.isOwn(owner);
        if (hierarchy.isOwn(target)) {
            return;
        }
        String shown = target;
        String why = table.denied(target, name);
        if (why == null && !ownOwner && !owner.equals(target)) {
            why = table.denied(owner, name);
            shown = owner;
        }
        if (why == null && !table.allows(target, name)) {
            why = table.fallback();
            shown = target;
        }
        if (why == null && !ownOwner && !owner.equals(target) && !table.allows(owner, null)) {
            why = table.fallback();
            shown = owner;
        }
        if (why != null) {
            refuse("references " + SourceTerms.member(shown, name, descriptor), why);
        }
    }

    /** Every class a field or method descriptor mentions. */
    void descriptor(String descriptor) {
        final Type t = Type.getType(descriptor);
        if (t.getSort() == Type.METHOD) {
            for (Type a : t.getArgumentTypes()) {
                value(a);
            }
            value(t.getReturnType());
        } else {
            value(t);
        }
    }

    private void value(Type t) {
        final Type e = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        if (e.getSort() == Type.OBJECT) {
            type(e.getInternalName());
        }
    }
}
