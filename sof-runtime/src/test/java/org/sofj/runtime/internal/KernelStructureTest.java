package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Pins the kernel's structure (docs/kernel.md) on the compiled classes of
 * {@code org.sofj.runtime.internal}: arrows point one way, facade -> dispatch -> services ->
 * state, so no class but the facade refers to {@link Kernel}, and no class refers to one of a
 * higher layer; and no top-level class has a member named for tests. A nested class counts as its
 * top-level class. The references are read from each class file's constant pool: the classes it
 * names and the types in its descriptors.
 */
final class KernelStructureTest {
    private static final String PACKAGE = "org/sofj/runtime/internal/";

    /**
     * The layers, top first. A class may refer to classes of its own layer or lower ones; a class
     * not listed is in the bottom layer (instances, pipelines, buffers, workers, events), which
     * refers to no listed class.
     */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of("Kernel"),
            Set.of("IpcDispatcher"),
            Set.of("Pipelines"),
            Set.of("Instances"),
            Set.of("Binder", "Configs", "DpTasks", "Drivers"),
            Set.of("Calls", "TickBoundary", "Revocation", "PipelineTask"),
            Set.of("KernelState"));

    @Test
    void shouldLetOnlyTheFacadeReferToKernel() throws IOException {
        final List<String> users = new ArrayList<>();
        references().forEach((from, to) -> {
            if (!from.equals("Kernel") && to.contains("Kernel")) {
                users.add(from);
            }
        });
        assertEquals(List.of(), users, "classes that refer to the facade");
    }

    @Test
    void shouldHaveNoArrowFromALowerLayerToAHigherOne() throws IOException {
        final List<String> upward = new ArrayList<>();
        references().forEach((from, to) -> {
            for (String target : to) {
                if (layer(target) < layer(from)) {
                    upward.add(from + " -> " + target);
                }
            }
        });
        assertEquals(List.of(), upward, "arrows that point up");
    }

    @Test
    void shouldHaveNoTestHooksInProductionClasses() throws IOException, ClassNotFoundException {
        final List<String> hooks = new ArrayList<>();
        for (String name : references().keySet()) {
            final Class<?> c = Class.forName(PACKAGE.replace('/', '.') + name);
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                if (m.getName().endsWith("ForTest") || m.getName().endsWith("ForTests")) {
                    hooks.add(name + "." + m.getName());
                }
            }
            for (java.lang.reflect.Field f : c.getDeclaredFields()) {
                if (f.getName().endsWith("ForTest") || f.getName().endsWith("ForTests")) {
                    hooks.add(name + "." + f.getName());
                }
            }
        }
        assertEquals(List.of(), hooks, "members named for tests");
    }

    /**
     * No package-private or protected method of the package is there for tests alone: each one's
     * name is referenced from a compiled main class of the package (a call, a method reference
     * or its own class's use), or it overrides a supertype's method. Matching by name is coarse
     * (a name used by another method hides a test-only one), but it cannot flag a method that
     * production code calls.
     */
    @Test
    void shouldHaveNoMethodReadOnlyByTests() throws IOException, ClassNotFoundException {
        final Path dir = classes().resolve(PACKAGE);
        final Set<String> referenced = new TreeSet<>();
        final List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                final String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.equals("package-info.class")) {
                    continue;
                }
                referenced.addAll(memberNamesIn(Files.readAllBytes(f)));
                classes.add(Class.forName(PACKAGE.replace('/', '.')
                        + file.substring(0, file.length() - 6)));
            }
        }
        final List<String> testOnly = new ArrayList<>();
        for (Class<?> c : classes) {
            for (java.lang.reflect.Method m : c.getDeclaredMethods()) {
                final int mod = m.getModifiers();
                if (java.lang.reflect.Modifier.isPrivate(mod)
                        || java.lang.reflect.Modifier.isPublic(mod) || m.isSynthetic()
                        || m.isBridge() || referenced.contains(m.getName()) || overrides(m)) {
                    continue;
                }
                testOnly.add(c.getSimpleName() + "." + m.getName());
            }
        }
        assertEquals(List.of(), testOnly, "methods no main class of the package refers to");
    }

    private static boolean overrides(java.lang.reflect.Method m) {
        final List<Class<?>> supers = new ArrayList<>(List.of(m.getDeclaringClass()
                .getInterfaces()));
        for (Class<?> c = m.getDeclaringClass().getSuperclass(); c != null;
                c = c.getSuperclass()) {
            supers.add(c);
            supers.addAll(List.of(c.getInterfaces()));
        }
        for (Class<?> s : supers) {
            try {
                s.getDeclaredMethod(m.getName(), m.getParameterTypes());
                return true;
            } catch (NoSuchMethodException e) {
                // not in this one
            }
        }
        return false;
    }

    @Test
    void shouldSeeTheArrowsThatDoExist() throws IOException {
        final Map<String, Set<String>> refs = references();
        // the reader works: these arrows are the structure itself
        assertTrue(refs.get("Kernel").contains("IpcDispatcher"), refs.get("Kernel").toString());
        assertTrue(refs.get("IpcDispatcher").contains("Pipelines"));
        assertTrue(refs.get("Instances").contains("Binder"));
        assertTrue(refs.get("Binder").contains("KernelState"));
        assertTrue(refs.get("PipelineTask").contains("KernelState"));
    }

    private static int layer(String name) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(name)) {
                return i;
            }
        }
        return LAYERS.size();
    }

    /** @return each top-level class of the package and the other package classes it refers to */
    private static Map<String, Set<String>> references() throws IOException {
        final Path dir = classes().resolve(PACKAGE);
        final Map<String, Set<String>> refs = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                final String file = f.getFileName().toString();
                if (!file.endsWith(".class") || file.equals("package-info.class")) {
                    continue;
                }
                final String from = topLevel(file.substring(0, file.length() - 6));
                final Set<String> to = refs.computeIfAbsent(from, x -> new TreeSet<>());
                for (String name : namesIn(Files.readAllBytes(f))) {
                    final String target = topLevel(name);
                    if (!target.equals(from)) {
                        to.add(target);
                    }
                }
            }
        }
        assertTrue(refs.containsKey("Kernel") && refs.containsKey("KernelState"), refs.keySet()
                .toString());
        return refs;
    }

    /** The main classes' directory: where {@link Kernel} was loaded from. */
    private static Path classes() {
        try {
            final Path p = Path.of(Kernel.class.getProtectionDomain().getCodeSource().getLocation()
                    .toURI());
            assertTrue(Files.isDirectory(p.resolve(PACKAGE)), p + " holds the compiled classes");
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String topLevel(String simpleName) {
        final int nested = simpleName.indexOf('$');
        return nested < 0 ? simpleName : simpleName.substring(0, nested);
    }

    /** The member names a class file's NameAndType entries name (JVMS 4.4.6). */
    private static Set<String> memberNamesIn(byte[] classFile) throws IOException {
        final Pool pool = Pool.read(classFile);
        final Set<String> out = new TreeSet<>();
        for (int index : pool.memberNames) {
            out.add(pool.utf8[index]);
        }
        return out;
    }

    /**
     * A class file's constant pool: its UTF-8 entries, and the indexes of the names its
     * CONSTANT_Class and CONSTANT_NameAndType entries point to (JVMS 4.4).
     */
    private record Pool(String[] utf8, List<Integer> classNames, List<Integer> memberNames) {
        static Pool read(byte[] classFile) throws IOException {
            final DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
            in.readInt(); // magic
            in.readUnsignedShort(); // minor
            in.readUnsignedShort(); // major
            final int count = in.readUnsignedShort();
            final Pool pool = new Pool(new String[count], new ArrayList<>(), new ArrayList<>());
            for (int i = 1; i < count; i++) {
                final int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> pool.utf8[i] = in.readUTF();
                    case 7 -> pool.classNames.add(in.readUnsignedShort());
                    case 12 -> {
                        pool.memberNames.add(in.readUnsignedShort());
                        in.readUnsignedShort(); // the descriptor
                    }
                    case 8, 16, 19, 20 -> in.readUnsignedShort(); // String, MethodType, Module...
                    case 3, 4, 9, 10, 11, 17, 18 -> in.readInt(); // numbers, refs, dynamic
                    case 5, 6 -> {
                        in.readLong();
                        i++; // a long or double takes two entries
                    }
                    case 15 -> {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                    }
                    default -> throw new IOException("constant pool tag " + tag + " at entry "
                            + i);
                }
            }
            return pool;
        }
    }

    private static final Pattern DESCRIPTOR = Pattern.compile(
            "L" + Pattern.quote(PACKAGE) + "([A-Za-z0-9_$]+);");

    /**
     * The simple names of the package's classes a class file names: its CONSTANT_Class entries
     * and the types in its descriptors and signatures (JVMS 4.4).
     */
    private static Set<String> namesIn(byte[] classFile) throws IOException {
        final Pool pool = Pool.read(classFile);
        final String[] utf8 = pool.utf8;
        final List<Integer> classNames = pool.classNames;
        final Set<String> names = new TreeSet<>();
        for (int index : classNames) {
            if (utf8[index].startsWith(PACKAGE)) {
                names.add(utf8[index].substring(PACKAGE.length()));
            }
        }
        for (String s : utf8) {
            if (s != null) {
                final Matcher m = DESCRIPTOR.matcher(s);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
