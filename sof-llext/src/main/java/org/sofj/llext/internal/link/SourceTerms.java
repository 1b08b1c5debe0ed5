package org.sofj.llext.internal.link;

import org.objectweb.asm.Type;

/** Writes JVM names and descriptors as a Java programmer reads them. */
final class SourceTerms {
    private SourceTerms() {
    }

    /** @return {@code java/util/Map$Entry} as {@code java.util.Map.Entry} */
    static String type(String internalName) {
        return internalName.replace('/', '.').replace('$', '.');
    }

    /** @return a class of the library by its binary name, {@code test.plugin.Gain$1} */
    static String ownClass(String internalName) {
        return internalName.replace('/', '.');
    }

    /** @return {@code (int, java.lang.String[])} for {@code (I[Ljava/lang/String;)V} */
    static String parameters(String methodDescriptor) {
        final StringBuilder b = new StringBuilder("(");
        final Type[] args = Type.getArgumentTypes(methodDescriptor);
        for (int i = 0; i < args.length; i++) {
            b.append(i == 0 ? "" : ", ").append(args[i].getClassName().replace('$', '.'));
        }
        return b.append(')').toString();
    }

    /**
     * @return {@code java.lang.Thread.start()}, {@code new java.lang.Thread(java.lang.Runnable)}
     *     or, for a field, {@code java.lang.System.out}
     */
    static String member(String owner, String name, String descriptor) {
        if (!descriptor.startsWith("(")) {
            return type(owner) + "." + name;
        }
        if (name.equals("<init>")) {
            return "new " + type(owner) + parameters(descriptor);
        }
        return type(owner) + "." + name + parameters(descriptor);
    }

    /**
     * A method of the library as the place a reference is made.
     *
     * @return {@code test.plugin.Bad.run(int)}, {@code new test.plugin.Bad()},
     *     {@code test.plugin.Bad static initializer}, or {@code test.plugin.Bad.run lambda} for
     *     the body of a lambda written in {@code run}
     */
    static String ownMethod(String owner, String name, String descriptor) {
        final String cls = ownClass(owner);
        if (name.equals("<init>")) {
            return "new " + cls + parameters(descriptor);
        }
        if (name.equals("<clinit>")) {
            return cls + " static initializer";
        }
        if (name.startsWith("lambda$")) {
            final int end = name.indexOf('$', 7);
            return cls + "." + (end > 7 ? name.substring(7, end) : name) + " lambda";
        }
        return cls + "." + name + parameters(descriptor);
    }
}
