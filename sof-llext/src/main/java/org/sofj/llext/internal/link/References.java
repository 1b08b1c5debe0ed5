package org.sofj.llext.internal.link;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Type;

/**
 * Decides the references of a library's classes against an export table and records refusals in
 * source terms. A member reference is resolved through the class hierarchy first and decided as
 * the member that declares it; the class it was written against must be allowed as well.
 *
 * <p>One object per check: within a check the hierarchy and the table are fixed, so a member's
 * verdict and whether a descriptor names anything refused are computed once and remembered; the
 * place a reference is made is put into words only when something is refused.
 */
final class References {
    /** What {@link #verdicts} holds for an allowed member. */
    private static final String[] ALLOWED = new String[0];
    private static final int CLASS = 0;
    private static final int FIELD = 1;
    private static final int METHOD = 2;

    private final Decisions table;
    private final Hierarchy hierarchy;
    private final Set<Violation> found;
    /** Member reference ({@code owner;name;descriptor}) to {@link #ALLOWED} or {what, why}. */
    private final Map<String, String[]> verdicts = new HashMap<>();
    /** Descriptors that name nothing refused. */
    private final Set<String> cleanDescriptors = new HashSet<>();
    private long refusals;
    private String sourceFile;
    private int fromKind;
    private String fromClass = "";
    private String fromName;
    private String fromDescriptor;
    private int line = -1;

    References(ExportTable table, Hierarchy hierarchy, Set<Violation> found) {
        this.table = Decisions.of(table);
        this.hierarchy = hierarchy;
        this.found = found;
    }

    /** The next references are made by class {@code name} itself; forgets its source file. */
    void fromClass(String name) {
        sourceFile = null;
        from(CLASS, name, null, null);
    }

    /** The class's source file name, from its debug info. */
    void sourceFile(String name) {
        sourceFile = name;
    }

    /** The next references are made by a field's declaration; resets the source line. */
    void fromField(String owner, String field) {
        from(FIELD, owner, field, null);
    }

    /** The next references are made in a method; resets the source line. */
    void fromMethod(String owner, String method, String descriptor) {
        from(METHOD, owner, method, descriptor);
    }

    private void from(int kind, String owner, String name, String descriptor) {
        fromKind = kind;
        fromClass = owner;
        fromName = name;
        fromDescriptor = descriptor;
        line = -1;
    }

    /** @return where the current references are made, in source terms */
    private String where() {
        switch (fromKind) {
            case CLASS:
                return "class " + SourceTerms.ownClass(fromClass);
            case FIELD:
                return SourceTerms.ownClass(fromClass) + "." + fromName + " (field)";
            default:
                return SourceTerms.ownMethod(fromClass, fromName, fromDescriptor);
        }
    }

    /** The source line of the next references, from the class's debug info. */
    void line(int number) {
        line = number;
    }

    void refuse(String what, String reason) {
        refusals++;
        final String from = where();
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
        final String key = owner + ';' + name + ';' + descriptor;
        String[] verdict = verdicts.get(key);
        if (verdict == null) {
            verdict = verdict(owner, name, descriptor);
            verdicts.put(key, verdict);
        }
        if (verdict != ALLOWED) {
            refuse(verdict[0], verdict[1]);
        }
    }

    /** @return {@link #ALLOWED}, or what a member reference is refused as and why */
    private String[] verdict(String owner, String name, String descriptor) {
        final boolean field = !descriptor.startsWith("(");
        final String declaring = field ? hierarchy.field(owner, name, descriptor)
                : hierarchy.method(owner, name, descriptor);
        final String target = hierarchy.visible(owner, declaring);
        final boolean ownOwner = hierarchy.isOwn(owner);
        if (hierarchy.isOwn(target)) {
            return ALLOWED;
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
        return why == null ? ALLOWED
                : new String[] {"references " + SourceTerms.member(shown, name, descriptor), why};
    }

    /** Every class a field or method descriptor mentions. */
    void descriptor(String descriptor) {
        if (cleanDescriptors.contains(descriptor)) {
            return;
        }
        final long before = refusals;
        final Type t = Type.getType(descriptor);
        if (t.getSort() == Type.METHOD) {
            for (Type a : t.getArgumentTypes()) {
                value(a);
            }
            value(t.getReturnType());
        } else {
            value(t);
        }
        if (refusals == before) {
            cleanDescriptors.add(descriptor);
        }
    }

    private void value(Type t) {
        final Type e = t.getSort() == Type.ARRAY ? t.getElementType() : t;
        if (e.getSort() == Type.OBJECT) {
            type(e.getInternalName());
        }
    }
}
