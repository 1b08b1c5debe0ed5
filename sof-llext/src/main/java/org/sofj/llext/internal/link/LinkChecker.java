package org.sofj.llext.internal.link;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.SourceManifest;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * Scans a library's classes with ASM and lists every reference its {@link ExportTable} refuses:
 * superclass and interfaces, field and method descriptors, {@code new}/casts/{@code instanceof},
 * field and method instructions (owner, member and descriptor), class literals,
 * {@code invokedynamic} bootstraps and their handle arguments, method handle and dynamic
 * constants, and native methods. Annotations, debug info and catch types are not linked and not
 * checked.
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
     * @throws LibraryLoadException {@code -ENOEXEC} if an entry is not a class file
     */
    public static LinkResult check(PluginJar jar, SourceManifest source, String jarName) {
        final boolean user = source.modules().stream().anyMatch(m -> m.description().userMode());
        final ExportTable table = user ? ExportTables.USER : ExportTables.KERNEL;
        return new LinkResult(jarName, table.mode(), check(jar.classes(), table));
    }

    /**
     * @param classes entry name to class bytes, every class of the library
     * @param table   the export table to check against
     * @return the refused references, in scan order, without duplicates
     * @throws LibraryLoadException {@code -ENOEXEC} if an entry is not a class file
     */
    public static List<Violation> check(Map<String, byte[]> classes, ExportTable table) {
        final List<ClassReader> readers = new ArrayList<>();
        final Set<String> own = new HashSet<>();
        for (Map.Entry<String, byte[]> e : classes.entrySet()) {
            try {
                final ClassReader r = new ClassReader(e.getValue());
                readers.add(r);
                own.add(r.getClassName());
            } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException ex) {
                throw new LibraryLoadException(-Errno.ENOEXEC, "link check: " + e.getKey()
                        + " is not a valid class file", ex);
            }
        }
        final Set<Violation> found = new LinkedHashSet<>();
        for (ClassReader r : readers) {
            final References refs = new References(table, own, found, r.getClassName());
            r.accept(new Scanner(refs), ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        return List.copyOf(found);
    }

    /** Visits one class, handing what it references to {@link References}. */
    private static final class Scanner extends ClassVisitor {
        private final References refs;

        Scanner(References refs) {
            super(Opcodes.ASM9);
            this.refs = refs;
        }

        @Override
        public void visit(int version, int access, String name, String signature,
                String superName, String[] interfaces) {
            refs.from("<class>");
            if (superName != null) {
                refs.type(superName);
            }
            for (String i : interfaces) {
                refs.type(i);
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor,
                String signature, Object value) {
            refs.from("field " + name);
            refs.descriptor(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor,
                String signature, String[] exceptions) {
            refs.from(name + descriptor);
            refs.descriptor(descriptor);
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                refs.refuse("native method " + name + descriptor, "denied (native code)");
            }
            return new MethodScanner(refs, name + descriptor);
        }
    }
}
