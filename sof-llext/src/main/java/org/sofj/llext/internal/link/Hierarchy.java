package org.sofj.llext.internal.link;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.sofj.api.ModuleDescription;

/**
 * The class hierarchy a library links against: its own classes, then sof-api and the JDK as the
 * loader's layer will see them. Resolves a member reference to the class that declares the member
 * as the JVM does (JVMS 5.4.3.2, 5.4.3.3), so that a call to an inherited method is decided as a
 * call to the method that runs: {@code printStackTrace} on a {@code Throwable} subclass is
 * {@code Throwable.printStackTrace}.
 *
 * <p>Platform classes are read from their class files (class files are never encapsulated) and
 * kept for the life of the JVM: they cannot change under it.
 */
final class Hierarchy {
    private static final Map<String, Node> PLATFORM = new ConcurrentHashMap<>();

    private final Map<String, Node> own;

    /**
     * One class as resolution needs it.
     *
     * @param name       internal name
     * @param access     access flags
     * @param superName  internal name of the superclass, {@code null} for {@code Object}
     * @param interfaces direct superinterfaces
     * @param methods    declared methods as {@code name + descriptor}; an ancestor's private ones
     *                   are left out, they are never inherited
     * @param privates   the declared private methods, {@code name + descriptor}
     * @param fields     declared fields as {@code name:descriptor}
     */
    record Node(String name, int access, String superName, List<String> interfaces,
            Set<String> methods, Set<String> privates, Set<String> fields) {

        static Node of(byte[] bytes) {
            return of(new ClassReader(bytes));
        }

        static Node of(ClassReader reader) {
            final Collector c = new Collector();
            reader.accept(c, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG
                    | ClassReader.SKIP_FRAMES);
            return c.node();
        }

        /** @return the node of a class already read into a tree: the same as from its bytes */
        static Node of(ClassNode tree) {
            final Collector c = new Collector();
            tree.accept(c);
            return c.node();
        }

        boolean isPublic() {
            return (access & Opcodes.ACC_PUBLIC) != 0;
        }
    }

    /** @param own the library's own classes by internal name */
    Hierarchy(Map<String, Node> own) {
        this.own = Map.copyOf(own);
    }

    /** @return whether {@code name} is a class of the library */
    boolean isOwn(String name) {
        return own.containsKey(name);
    }

    /**
     * The class that declares the method a reference resolves to: the owner and its superclasses
     * first, then their superinterfaces, breadth first.
     *
     * @return the declaring class, or {@code owner} if the method is not found
     */
    String method(String owner, String name, String descriptor) {
        final String key = name + descriptor;
        final Node first = node(owner);
        if (first != null && first.privates().contains(key)) {
            return owner;
        }
        final ArrayDeque<String> interfaces = new ArrayDeque<>();
        for (Node n = first; n != null; n = n.superName() == null ? null : node(n.superName())) {
            if (n.methods().contains(key)) {
                return n.name();
            }
            interfaces.addAll(n.interfaces());
        }
        final Set<String> seen = new HashSet<>();
        while (!interfaces.isEmpty()) {
            final Node n = node(interfaces.poll());
            if (n == null || !seen.add(n.name())) {
                continue;
            }
            if (n.methods().contains(key)) {
                return n.name();
            }
            interfaces.addAll(n.interfaces());
        }
        return owner;
    }

    /**
     * The class that declares the field a reference resolves to: the class, its superinterfaces,
     * then its superclass, recursively.
     *
     * @return the declaring class, or {@code owner} if the field is not found
     */
    String field(String owner, String name, String descriptor) {
        final String found = field(owner, name + ":" + descriptor, new HashSet<>());
        return found == null ? owner : found;
    }

    private String field(String cls, String key, Set<String> seen) {
        final Node n = node(cls);
        if (n == null || !seen.add(cls)) {
            return null;
        }
        if (n.fields().contains(key)) {
            return cls;
        }
        for (String i : n.interfaces()) {
            final String found = field(i, key, seen);
            if (found != null) {
                return found;
            }
        }
        return n.superName() == null ? null : field(n.superName(), key, seen);
    }

    /**
     * The class a member reference is decided against: the declaring class when it is public or
     * the library's own, else the last public class on the superclass path from {@code owner} to
     * it ({@code StringBuilder.length()} is declared by the package-private
     * {@code AbstractStringBuilder}, and reached through {@code StringBuilder}).
     */
    String visible(String owner, String declaring) {
        final Node d = node(declaring);
        if (d == null || d.isPublic() || isOwn(declaring)) {
            return declaring;
        }
        String last = owner;
        for (Node n = node(owner); n != null && !n.name().equals(declaring);
                n = n.superName() == null ? null : node(n.superName())) {
            if (n.isPublic() || isOwn(n.name())) {
                last = n.name();
            }
        }
        return last;
    }

    private Node node(String name) {
        final Node n = own.get(name);
        if (n != null) {
            return n;
        }
        final Node known = PLATFORM.get(name);
        if (known != null) {
            return known;
        }
        // only classes that exist are kept: a jar naming a million missing classes costs
        // lookups, not memory that outlives the check
        final Node found = platform(name);
        if (found != null) {
            PLATFORM.putIfAbsent(name, found);
        }
        return found;
    }

    private static Node platform(String name) {
        final String file = name + ".class";
        try (InputStream in = name.startsWith("org/sofj/")
                ? ModuleDescription.class.getModule().getResourceAsStream(file)
                : ClassLoader.getPlatformClassLoader().getResourceAsStream(file)) {
            return in == null ? null : Node.of(in.readAllBytes());
        } catch (IOException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return null;
        }
    }

    /** Collects what {@link Node} keeps. */
    private static final class Collector extends ClassVisitor {
        private final Set<String> methods = new HashSet<>();
        private final Set<String> privates = new HashSet<>();
        private final Set<String> fields = new HashSet<>();
        private String name;
        private int access;
        private String superName;
        private String[] interfaces;

        Collector() {
            super(Opcodes.ASM9);
        }

        Node node() {
            return new Node(name, access, superName, List.of(interfaces), Set.copyOf(methods),
                    Set.copyOf(privates), Set.copyOf(fields));
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            this.name = name;
            this.access = access;
            this.superName = superName;
            this.interfaces = interfaces == null ? new String[0] : interfaces;
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            fields.add(name + ":" + descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            (((access & Opcodes.ACC_PRIVATE) != 0) ? privates : methods).add(name + descriptor);
            return null;
        }
    }
}
