package org.sofj.llext.internal.link;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * Scans a library's classes with ASM and lists everything its {@link ExportTable} refuses.
 *
 * <p>First the jar itself: every entry holding class-file bytes (magic {@code 0xCAFEBABE}) or
 * named {@code *.class} must be a class of the module, stored under its own name, in a package
 * the module descriptor declares and not in a package of the platform ({@link #RESERVED});
 * only the root {@code module-info.class} is exempt. Only such classes count as the library's
 * own. Then every own class: superclass and interfaces, field and method descriptors,
 * {@code new}/casts/{@code instanceof}, field and method instructions (resolved through the
 * class hierarchy), class literals, {@code invokedynamic} bootstraps and their handle arguments,
 * method handle and dynamic constants, native methods, and, in user mode, {@code finalize}
 * overrides. Annotations, generic signatures and catch types are not linked and not checked.
 */
public final class LinkChecker {
    /** The only {@code invokedynamic} bootstraps allowed: lambdas, string concatenation and the
     * methods {@code javac} generates for records. */
    public static final Set<String> BOOTSTRAPS = Set.of(
            "java/lang/invoke/LambdaMetafactory#metafactory",
            "java/lang/invoke/LambdaMetafactory#altMetafactory",
            "java/lang/invoke/StringConcatFactory#makeConcatWithConstants",
            "java/lang/invoke/StringConcatFactory#makeConcat",
            "java/lang/runtime/ObjectMethods#bootstrap");

    /** Package prefixes no class of a library may be named into: the JDK's and sofj's own. */
    public static final List<String> RESERVED = List.of("java.", "javax.", "jdk.", "sun.",
            "com.sun.", "org.sofj.");

    /** Under {@code org.sofj.}, the packages of sofj's own plugin libraries, which are
     * libraries like any other. */
    public static final String PLUGINS = "org.sofj.plugins.";

    private static final String DESCRIPTOR = "module-info.class";
    private static final int MAGIC = 0xCAFEBABE;

    private LinkChecker() {
    }

    /**
     * The loader's link check of a plugin jar: the user-mode table when any module of its source
     * manifest is {@code user_mode = 1} (the jar is one unit of code), else the kernel-mode table.
     *
     * @param jar     the plugin jar
     * @param source  its parsed source manifest
     * @param jarName the name refusals give the jar
     * @return the verdict
     */
    public static LinkResult check(PluginJar jar, SourceManifest source, String jarName) {
        return check(jar, source, jarName, null);
    }

    /**
     * The same check, which also hands on each class it read: a library with user-mode modules
     * reads every class again for its preemption checks, and that read (a tree with expanded
     * frames) serves the check too, so each class is read once. A class whose tree cannot be read
     * is checked as without {@code trees} (it is refused the same way) and is not put there.
     *
     * @param jar     the plugin jar
     * @param source  its parsed source manifest
     * @param jarName the name refusals give the jar
     * @param trees   where to put, by entry name, each of the module's own classes read as
     *                {@code ClassReader.accept(node, EXPAND_FRAMES)} reads it, unchanged; or
     *                {@code null} to read them only as the check needs
     * @return the verdict
     */
    public static LinkResult check(PluginJar jar, SourceManifest source, String jarName,
            Map<String, ClassNode> trees) {
        final boolean user = source.modules().stream().anyMatch(m -> m.description().userMode());
        final ExportTable table = user ? ExportTables.USER : ExportTables.KERNEL;
        return new LinkResult(jarName, table.mode(),
                check(jar.entries(), jar.descriptor(), table, user, trees));
    }

    /**
     * @param entries    every entry of the jar, name to bytes
     * @param descriptor the jar's module descriptor
     * @param table      the export table to check against
     * @param user       whether user-mode rules beyond the table apply ({@code finalize})
     * @return the refusals, in scan order, without duplicates
     */
    static List<Violation> check(Map<String, byte[]> entries, ModuleDescriptor descriptor,
            ExportTable table, boolean user) {
        return check(entries, descriptor, table, user, null);
    }

    private static List<Violation> check(Map<String, byte[]> entries,
            ModuleDescriptor descriptor, ExportTable table, boolean user,
            Map<String, ClassNode> trees) {
        final Set<Violation> found = new LinkedHashSet<>();
        final Map<String, ClassReader> own = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            final ClassReader r = ownClass(e.getKey(), e.getValue(), descriptor, found);
            if (r != null) {
                own.put(r.getClassName(), r);
            }
        }
        final Map<String, Hierarchy.Node> nodes = new LinkedHashMap<>();
        for (Map.Entry<String, ClassReader> e : own.entrySet()) {
            final ClassNode tree = trees == null ? null : tree(e.getValue());
            if (tree != null) {
                trees.put(e.getKey() + ".class", tree);
            }
            try {
                nodes.put(e.getKey(), tree != null ? Hierarchy.Node.of(tree)
                        : Hierarchy.Node.of(e.getValue()));
            } catch (RuntimeException | StackOverflowError bad) {
                found.add(malformed(e.getKey() + ".class", bad));
            }
        }
        final List<String> cyclic = circular(nodes);
        for (String c : cyclic) {
            found.add(new Violation("entry " + c + ".class", "is a malformed class file (its "
                    + "superclass chain is circular: " + chain(nodes, c) + ")",
                    "denied (malformed class file)"));
        }
        nodes.keySet().removeAll(cyclic);
        final Hierarchy hierarchy = new Hierarchy(nodes);
        final References refs = new References(table, hierarchy, found);
        for (String name : nodes.keySet()) {
            final ClassNode tree = trees == null ? null : trees.get(name + ".class");
            try {
                if (tree != null) {
                    tree.accept(new Scanner(refs, user, name));
                } else {
                    own.get(name).accept(new Scanner(refs, user, name), ClassReader.SKIP_FRAMES);
                }
            } catch (RuntimeException | StackOverflowError bad) {
                // ASM reads lazily: a bad constant deep in a method shows only now
                found.add(malformed(name + ".class", bad));
            }
        }
        return List.copyOf(found);
    }

    /**
     * @return the class read into a tree with expanded frames, or {@code null} if ASM cannot
     *     read it so (the check then reads it as it always has, and refuses it the same way)
     */
    private static ClassNode tree(ClassReader reader) {
        final ClassNode node = new ClassNode();
        try {
            reader.accept(node, ClassReader.EXPAND_FRAMES);
            return node;
        } catch (RuntimeException | StackOverflowError e) {
            return null;
        }
    }

    /**
     * The classes whose superclass chain comes back to themselves through the library's own
     * classes. The JVM refuses such a class only when it loads it (ClassCircularityError); the
     * check resolves members along the chain before that and would walk it for ever, so they are
     * refused as malformed and are not the module's own.
     *
     * @return their internal names, in scan order
     */
    private static List<String> circular(Map<String, Hierarchy.Node> nodes) {
        final List<String> result = new ArrayList<>();
        for (String start : nodes.keySet()) {
            final Set<String> seen = new HashSet<>();
            String at = nodes.get(start).superName();
            while (at != null && nodes.containsKey(at) && seen.add(at) && !at.equals(start)) {
                at = nodes.get(at).superName();
            }
            if (start.equals(at)) {
                result.add(start);
            }
        }
        return result;
    }

    /** @return {@code start}'s superclass chain up to its return to {@code start}, in source
     *     terms */
    private static String chain(Map<String, Hierarchy.Node> nodes, String start) {
        final StringBuilder b = new StringBuilder(SourceTerms.ownClass(start));
        String at = nodes.get(start).superName();
        while (!at.equals(start)) {
            b.append(", ").append(SourceTerms.ownClass(at));
            at = nodes.get(at).superName();
        }
        return b.append(", ").append(SourceTerms.ownClass(start)).toString();
    }

    /** @return the entry's class, read, if it is one of the module's own classes, else null
     *     (refused, or not a class) */
    private static ClassReader ownClass(String name, byte[] bytes, ModuleDescriptor descriptor,
            Set<Violation> found) {
        final boolean magic = bytes.length >= 4 && ((bytes[0] & 0xFF) << 24
                | (bytes[1] & 0xFF) << 16 | (bytes[2] & 0xFF) << 8 | (bytes[3] & 0xFF)) == MAGIC;
        if (name.equals(DESCRIPTOR) || !magic && !name.endsWith(".class")) {
            return null;
        }
        // the entry's name as shown: a signed jar may name an entry with a line feed, which would
        // forge a line of the one-reference-a-line list
        final String entry = "entry " + PluginJar.shown(name);
        final ClassReader r;
        try {
            r = new ClassReader(bytes);
            r.getClassName();
        } catch (RuntimeException | StackOverflowError e) {
            found.add(malformed(name, e));
            return null;
        }
        final String cls = r.getClassName();
        if (name.endsWith(DESCRIPTOR) || !name.equals(cls + ".class")) {
            found.add(new Violation(entry, "holds the class file of "
                    + SourceTerms.ownClass(cls) + " under a name the loader does not scan",
                    "denied (hidden class file)"));
            return null;
        }
        final int slash = cls.lastIndexOf('/');
        final String pkg = slash < 0 ? "" : cls.substring(0, slash).replace('/', '.');
        final String where = "class " + SourceTerms.ownClass(cls);
        for (String reserved : RESERVED) {
            if ((pkg + ".").startsWith(reserved) && !(pkg + ".").startsWith(PLUGINS)) {
                found.add(new Violation(where, "is named into package " + pkg
                        + ", which belongs to the platform", "denied (class outside the "
                        + "module's packages)"));
                return null;
            }
        }
        if (!descriptor.packages().contains(pkg)) {
            found.add(new Violation(where, "is in package " + (pkg.isEmpty() ? "(unnamed)" : pkg)
                    + ", which module " + descriptor.name() + " does not declare (it declares "
                    + String.join(", ", new TreeSet<>(descriptor.packages())) + ")",
                    "denied (class outside the module's packages)"));
            return null;
        }
        return r;
    }

    /**
     * A class ASM cannot read. A {@link StackOverflowError} is caught here too: ASM reads
     * (and skips) annotation values recursively, so a value nested deeply enough exhausts the
     * stack of the thread that checks; the recursion touches nothing but the reader, so the
     * thread unwinds intact and the class is refused.
     */
    private static Violation malformed(String entry, Throwable e) {
        return new Violation("entry " + PluginJar.shown(entry), "is a malformed class file ("
                + (e instanceof StackOverflowError ? "nested too deeply to read: " : "") + e + ")",
                "denied (malformed class file)");
    }

    /** Visits one class, handing what it references to {@link References}. */
    private static final class Scanner extends ClassVisitor {
        private final References refs;
        private final boolean user;
        private final String name;

        Scanner(References refs, boolean user, String name) {
            super(Opcodes.ASM9);
            this.refs = refs;
            this.user = user;
            this.name = name;
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            refs.fromClass(name);
            if (superName != null) {
                refs.type(superName);
            }
            for (String i : interfaces) {
                refs.type(i);
            }
        }

        @Override
        public void visitSource(String source, String debug) {
            refs.sourceFile(source);
        }

        @Override
        public FieldVisitor visitField(int access, String field, String descriptor,
                String signature, Object value) {
            refs.fromField(name, field);
            refs.descriptor(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String method, String descriptor,
                String signature, String[] exceptions) {
            refs.fromMethod(name, method, descriptor);
            refs.descriptor(descriptor);
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                refs.refuse("is a native method", "denied (native code)");
            }
            if (user && method.equals("finalize") && descriptor.equals("()V")
                    && (access & Opcodes.ACC_STATIC) == 0) {
                refs.refuse("overrides java.lang.Object.finalize()", "denied (finalizers)");
            }
            return new MethodScanner(refs);
        }
    }
}
