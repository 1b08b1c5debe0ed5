package org.sofj.llext.internal.link;

import java.util.Set;

import org.objectweb.asm.Type;

/** Decides the references of one class against an export table and records refusals. */
final class References {
    private final ExportTable table;
    private final Set<String> own;
    private final Set<Violation> found;
    private final String className;
    private String from = "<class>";

    References(ExportTable table, Set<String> own, Set<Violation> found, String className) {
        this.table = table;
        this.own = own;
        this.found = found;
        this.className = dotted(className);
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }

    void from(String member) {
        from = member;
    }

    void refuse(String reference, String reason) {
        found.add(new Violation(className, from, reference, reason));
    }

    /** A class by internal name. */
    void type(String internalName) {
        if (own.contains(internalName)) {
            return;
        }
        final String why = table.decide(internalName, null);
        if (why != null) {
            refuse(dotted(internalName), why);
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

    /** A field or method of {@code owner}. */
    void member(String owner, String name, String descriptor) {
        if (owner.startsWith("[")) {
            descriptor(owner);
            return;
        }
        if (own.contains(owner)) {
            return;
        }
        final String why = table.decide(owner, name);
        if (why != null) {
            refuse(dotted(owner) + "." + name + descriptor, why);
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
