package org.sofj.llext.internal.load;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * A proof, from a module's class bytes, that its {@code process} cannot allocate on the Java
 * heap, so the runtime need not read the thread's allocation counter around its calls (docs/
 * threat-model.md section 5, <em>Allocation budget</em>). It covers {@code process} as the module
 * class resolves it and everything that can run from it in the module's own library: static and
 * special calls as the JVM resolves them, a virtual or interface call as every non-abstract
 * method of that name and descriptor in the library, and the {@code <clinit>} of every library
 * class whose static members it touches (with its library supertypes'). The proof fails, and
 * the runtime reads the counter as before, if any of that code:
 * <ul>
 * <li>has {@code new}, {@code newarray}, {@code anewarray}, {@code multianewarray} or
 *     {@code invokedynamic}, or an {@code ldc} of anything but a number;</li>
 * <li>has an exception handler (a caught implicit exception, or the preemption error, is an
 *     object the module could keep; without a handler anything thrown ends the call, FAULTED);
 *     </li>
 * <li>is native, or calls outside the library anything but the allow-list below, including an
 *     array's {@code clone} and a library call that may resolve to a method the library inherits
 *     from outside it ({@code toString} of {@code Object}, a default method of the api);</li>
 * </ul>
 * or if the library makes an object of one of its own types by {@code invokedynamic} anywhere
 * (a lambda: its class is made by the JDK, so its methods are not in the library's bytes), or has
 * a class the proof cannot read. The allow-list: the arithmetic and bit statics of {@code Math},
 * {@code StrictMath}, {@code Integer}, {@code Long}, {@code Float} and {@code Double} (not
 * {@code Math.random} or {@code fma}), {@code System.arraycopy}, {@code Arrays.fill}, the loader's own preemption
 * check, and the api's hot-path calls whose kernel side allocates nothing (sink, source,
 * {@code AudioRegion}, {@code AudioFormat}'s arithmetic, {@code Samples}, {@code MemoryAccess}):
 * an error any of them throws (a memory fault, a bad argument) ends the call, which has no
 * handler. Which classes form the library: those of the module class's own named module, which
 * must export and open nothing, so no class outside it can extend or implement its types (the
 * loader refuses a library that does; a built-in module is proven only under the same rule).
 * <p>For a library the loader proves, at load, every concrete class with a {@code process} of
 * its own library ({@link #proveAll}, over the trees its rewrite wrote the defined bytes from:
 * no second read) and keeps the verdicts with the library, so asking at an instance's creation
 * is a lookup. A built-in module class is proven on first asking ({@link #prove(Class)}, reading
 * its module's bytes) and its verdict kept per class. Cold path.
 */
final class AllocationProof {
    /** The internal name and descriptor of {@code ProcessingModule.process}. */
    static final String PROCESS = "process";
    static final String PROCESS_DESC =
            "([Lorg/sofj/api/audio/Source;[Lorg/sofj/api/audio/Sink;)I";
    private static final String CLINIT = "<clinit>";
    /** Classes parsed and outside types walked by reflection: the work a lookup must not do. */
    private static final AtomicLong WORK = new AtomicLong();
    /** {@link #reflected}'s answer per outside type: the api's and the JDK's, the same each load. */
    private static final ClassValue<Set<String>> INSTANCE_METHODS = new ClassValue<>() {
        @Override
        protected Set<String> computeValue(Class<?> type) {
            WORK.incrementAndGet();
            return instanceMethods(type);
        }
    };
    private static final ClassValue<Verdict> VERDICTS = new ClassValue<>() {
        @Override
        protected Verdict computeValue(Class<?> type) {
            try {
                return proveLoaded(type);
            } catch (RuntimeException | LinkageError e) {
                return Verdict.no(type.getName() + ": the proof failed: " + e);
            }
        }
    };
    private static final Set<String> SINK = Set.of("getFreeSize", "getBuffer", "commitBuffer",
            "getFreeFrames", "getFreeFramesAligned", "audioFormat", "frameBytes",
            "alignFrameCount", "alignShift", "getMinFreeSpace", "getNumOfProcessedBytes",
            "requestedWriteSize", "isOverrunPermitted", "lastFeedingTimeMicros");
    private static final Set<String> SOURCE = Set.of("getDataAvailable", "getData",
            "releaseData", "getDataFramesAvailable", "getAlignedFramesAvailable",
            "alignFramesRoundUp", "alignFramesRoundDown", "alignFramesRoundNearest",
            "audioFormat", "frameBytes", "alignFrameCount", "alignShift", "getMinAvailable",
            "getNumOfProcessedBytes", "requestedReadSize", "isUnderrunPermitted");
    private static final Set<String> REGION = Set.of("wrap", "address", "bufferStart",
            "bufferSize", "length", "addressAt", "contiguousLength");
    private static final Set<String> FORMAT = Set.of("rate", "channels", "sampleFormat",
            "validBits", "sampleBytes", "frameBytes", "framesPerPeriod", "periodFrames",
            "periodBytes", "bytesPerPeriod");
    private static final Set<String> SAMPLES = Set.of("readInt32", "readFloat", "writeInt32",
            "writeFloat", "floatToInt32", "int32ToFloat", "int32ToS16", "int32ToS24");
    private static final Set<String> ACCESS = Set.of("check", "canAccess", "getByte",
            "putByte", "getShort", "putShort", "getInt", "putInt", "getLong", "putLong",
            "getFloat", "putFloat", "getBytes", "putBytes", "getShorts", "putShorts", "getInts",
            "putInts", "copy", "setMemory");
    /** Instance methods of api types, by internal owner name: kernel work that allocates nothing. */
    private static final Map<String, Set<String>> API_VIRTUAL = Map.of(
            "org/sofj/api/audio/Sink", SINK, "org/sofj/api/audio/Source", SOURCE,
            "org/sofj/api/audio/AudioRegion", REGION, "org/sofj/api/audio/AudioFormat", FORMAT,
            "org/sofj/api/memory/MemoryAccess", ACCESS);
    /** {@code Math} and {@code StrictMath} statics beyond the leaves' ({@link LeafMethods}). */
    private static final Set<String> MATH = Set.of("sin", "cos", "tan", "asin", "acos", "atan",
            "atan2", "exp", "expm1", "log", "log10", "log1p", "pow", "cbrt", "hypot", "sinh",
            "cosh", "tanh", "IEEEremainder");
    private static final Set<String> INTEGRAL = Set.of("bitCount", "reverse", "reverseBytes",
            "rotateLeft", "rotateRight", "highestOneBit", "lowestOneBit", "numberOfLeadingZeros",
            "numberOfTrailingZeros", "signum", "compare", "compareUnsigned", "divideUnsigned",
            "remainderUnsigned", "toUnsignedLong", "min", "max", "sum");
    private static final Set<String> FLOATING = Set.of("isNaN", "isInfinite", "isFinite",
            "compare", "min", "max", "sum");
    /** Statics outside the api and the JDK's number classes, as {@code owner.name}. */
    private static final Set<String> STATICS = Set.of("java/lang/System.arraycopy",
            "java/util/Arrays.fill");

    /** The library's classes by internal name. */
    private final Map<String, ClassNode> classes;
    private final OutsideTypes outside;
    /** Non-abstract instance methods of the library by name, then descriptor. */
    private final Map<String, Map<String, List<Target>>> implementations = new HashMap<>();
    /** The methods a walk reached (by identity: each is one tree's node). */
    private final Set<MethodNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Deque<Target> work = new ArrayDeque<>();
    /** The classes whose static initialisers a walk has added, with their supertypes'. */
    private final Set<String> touched = new HashSet<>();
    /** The owner {@link #touch} last added, to skip its look-ups for the next access. */
    private String lastTouched;
    /** Instance methods the library's classes inherit from outside it, by name, then descriptor. */
    private final Map<String, Set<String>> inherited = new HashMap<>();

    /** A method of the library and the class that declares it. */
    private record Target(ClassNode owner, MethodNode method) {
        /** @return {@code owner.name+descriptor}, as verdicts name a method */
        String key() {
            return owner.name + "." + method.name + method.desc;
        }
    }

    private AllocationProof(Map<String, ClassNode> classes, OutsideTypes outside) {
        this.classes = classes;
        this.outside = outside;
    }

    /**
     * The proof's answer.
     *
     * @param proven whether {@code process} cannot allocate
     * @param reason why not (the first obstacle found, naming the method), or {@code "proven"}
     */
    public record Verdict(boolean proven, String reason) {
        static final Verdict PROVEN = new Verdict(true, "proven");

        static Verdict no(String reason) {
            return new Verdict(false, reason);
        }
    }

    /** What the proof needs to know of a type outside the library. */
    interface OutsideTypes {
        /**
         * @param internalName a type outside the library
         * @return {@code name+descriptor} of every non-abstract, non-private instance method it
         *     and its supertypes declare, or empty if the type cannot be found
         */
        Optional<Set<String>> instanceMethods(String internalName);
    }

    /**
     * The verdict for a loaded module class, worked out once per class over the bytes of its
     * own named module (a library's layer holds the bytes the JVM defined, preemption checks
     * included). Kernel only; runs none of the module's code.
     *
     * @param moduleClass the class of a module object
     * @return the verdict
     */
    public static Verdict prove(Class<?> moduleClass) {
        return VERDICTS.get(moduleClass);
    }

    private static Verdict proveLoaded(Class<?> type) {
        final Module module = type.getModule();
        if (!module.isNamed() || module.getLayer() == null) {
            return Verdict.no(type.getName() + " is not in a named module");
        }
        final ModuleDescriptor d = module.getDescriptor();
        if (d.isAutomatic() || d.isOpen() || !d.opens().isEmpty() || !d.exports().isEmpty()
                || module.getPackages().stream().anyMatch(p -> module.isExported(p)
                        || module.isOpen(p))) {
            return Verdict.no("module " + module.getName() + " exports or opens packages: "
                    + "classes outside it may extend its types");
        }
        final Optional<ResolvedModule> resolved = module.getLayer().configuration()
                .findModule(module.getName());
        if (resolved.isEmpty()) {
            return Verdict.no("module " + module.getName() + " has no contents to read");
        }
        final Map<String, byte[]> bytes = new HashMap<>();
        try (ModuleReader reader = resolved.get().reference().open()) {
            for (String entry : (Iterable<String>) reader.list()::iterator) {
                if (entry.endsWith(".class") && !entry.startsWith("META-INF/")
                        && !entry.equals("module-info.class")) {
                    bytes.put(entry.substring(0, entry.length() - ".class".length()),
                            reader.read(entry).map(AllocationProof::array).orElse(null));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Verdict.no("module " + module.getName() + " cannot be read: " + e);
        }
        final ClassLoader loader = type.getClassLoader();
        return prove(Type.getInternalName(type), bytes, name -> reflected(name, loader));
    }

    private static byte[] array(java.nio.ByteBuffer b) {
        final byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /**
     * Instance methods of an outside type and its supertypes, by reflection (kernel side), walked
     * once per type and kept.
     */
    static Optional<Set<String>> reflected(String internalName, ClassLoader loader) {
        final Class<?> c;
        try {
            c = Class.forName(internalName.replace('/', '.'), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.empty();
        }
        return Optional.of(INSTANCE_METHODS.get(c));
    }

    private static Set<String> instanceMethods(Class<?> c) {
        final Set<String> out = new HashSet<>();
        final Deque<Class<?>> types = new ArrayDeque<>(List.of(c));
        final Set<Class<?>> seen = new HashSet<>();
        while (!types.isEmpty()) {
            final Class<?> t = types.pop();
            if (!seen.add(t)) {
                continue;
            }
            for (Method m : t.getDeclaredMethods()) {
                final int mod = m.getModifiers();
                if (!Modifier.isStatic(mod) && !Modifier.isAbstract(mod)
                        && !Modifier.isPrivate(mod)) {
                    out.add(m.getName() + Type.getMethodDescriptor(m));
                }
            }
            if (t.getSuperclass() != null) {
                types.push(t.getSuperclass());
            }
            types.addAll(List.of(t.getInterfaces()));
        }
        return Set.copyOf(out);
    }

    /**
     * How many classes the proof has parsed and outside types it has walked by reflection in
     * this JVM: a test's seam to show that asking for a loaded library's verdict does neither.
     *
     * @return the count so far
     */
    static long work() {
        return WORK.get();
    }

    /**
     * The proof over a library given as bytes.
     *
     * @param moduleClass the module class's internal name
     * @param library     every class of the library by internal name; a {@code null} value is a
     *     class that cannot be read
     * @param outside     what the proof may learn of types outside the library
     * @return the verdict
     */
    static Verdict prove(String moduleClass, Map<String, byte[]> library, OutsideTypes outside) {
        final Map<String, ClassNode> classes = new HashMap<>();
        for (Map.Entry<String, byte[]> e : library.entrySet()) {
            try {
                final ClassNode c = new ClassNode();
                WORK.incrementAndGet();
                new ClassReader(e.getValue()).accept(c, ClassReader.SKIP_DEBUG
                        | ClassReader.SKIP_FRAMES);
                classes.put(c.name, c);
            } catch (RuntimeException ex) {
                return Verdict.no("class " + e.getKey() + " cannot be read: " + ex);
            }
        }
        return new AllocationProof(classes, outside).run(moduleClass);
    }

    /**
     * The verdicts for a library given as the trees its defined bytes were written from: every
     * concrete class whose {@code process} resolves to a method of the library (any class a
     * provider can return as a module, and a class that merely has such a method), indexed once
     * for all of them. A module class without a verdict has no {@code process} of its own
     * library and is not proven. Runs at load, inside the verification.
     *
     * @param classes every class of the library by internal name, as written (frames, line
     *     numbers and labels are ignored)
     * @param outside what the proof may learn of types outside the library
     * @return verdicts by binary class name ({@code Class.getName()}), sorted
     */
    static Map<String, Verdict> proveAll(Map<String, ClassNode> classes, OutsideTypes outside) {
        final AllocationProof proof = new AllocationProof(classes, outside);
        final Verdict setUp = proof.index();
        final Map<String, Verdict> out = new TreeMap<>();
        for (ClassNode c : classes.values()) {
            if ((c.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_INTERFACE)) == 0
                    && proof.resolve(c.name, PROCESS, PROCESS_DESC) != null) {
                out.put(c.name.replace('/', '.'), setUp != null ? setUp : proof.walk(c.name));
            }
        }
        return out;
    }

    /**
     * {@link #proveAll} for a library the loader verified: its types outside it are the api's
     * and {@code java.base}'s (the link check refused any other), found through the api's loader.
     *
     * @param classes every class the library defines by internal name, as written
     * @return verdicts by binary class name
     */
    static Map<String, Verdict> proveLibrary(Map<String, ClassNode> classes) {
        final ClassLoader api = org.sofj.api.ProcessingModule.class.getClassLoader();
        return proveAll(classes, name -> reflected(name, api));
    }

    private Verdict run(String moduleClass) {
        final Verdict setUp = index();
        return setUp != null ? setUp : walk(moduleClass);
    }

    /** The walk from {@code moduleClass}'s {@code process}, over the library {@link #index}ed. */
    private Verdict walk(String moduleClass) {
        visited.clear();
        work.clear();
        touched.clear();
        lastTouched = null;
        final Target root = resolve(moduleClass, PROCESS, PROCESS_DESC);
        if (root == null) {
            return Verdict.no(moduleClass + " has no process of its own library");
        }
        reach(root);
        while (!work.isEmpty()) {
            final Target t = work.pop();
            final String why = scan(t.method());
            if (why != null) {
                return Verdict.no(t.key() + ": " + why);
            }
        }
        return Verdict.PROVEN;
    }

    /** Indexes the library; a verdict if it is already unprovable, else {@code null}. */
    private Verdict index() {
        final Set<String> outsideSupers = new HashSet<>();
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_STATIC)) == 0) {
                    implementations.computeIfAbsent(m.name, k -> new HashMap<>())
                            .computeIfAbsent(m.desc, k -> new ArrayList<>())
                            .add(new Target(c, m));
                }
                final String lambda = libraryLambda(m);
                if (lambda != null) {
                    return Verdict.no(c.name + "." + m.name + m.desc + " makes a " + lambda
                            + " by invokedynamic, whose class is not in the library");
                }
            }
            final List<String> supers = new ArrayList<>(c.interfaces);
            if (c.superName != null) {
                supers.add(c.superName);
            }
            for (String s : supers) {
                if (!classes.containsKey(s)) {
                    outsideSupers.add(s);
                }
            }
        }
        for (String s : outsideSupers) {
            final Optional<Set<String>> methods = outside.instanceMethods(s);
            if (methods.isEmpty()) {
                return Verdict.no("the library's supertype " + s + " cannot be found");
            }
            for (String nameDesc : methods.get()) {
                final int paren = nameDesc.indexOf('(');
                inherited.computeIfAbsent(nameDesc.substring(0, paren), k -> new HashSet<>())
                        .add(nameDesc.substring(paren));
            }
        }
        return null;
    }

    /** @return the library type an {@code invokedynamic} of {@code m} makes, or {@code null} */
    private String libraryLambda(MethodNode m) {
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            if (i instanceof InvokeDynamicInsnNode indy
                    && !indy.desc.startsWith("Ljava/", indy.desc.lastIndexOf(')') + 1)) {
                // a JDK type (a concatenation's String) is no type of the library: the link
                // check refuses a class of the library in a java package
                final Type made = Type.getReturnType(indy.desc);
                if (made.getSort() == Type.OBJECT && classes.containsKey(made.getInternalName())) {
                    return made.getInternalName();
                }
            }
        }
        return null;
    }

    /**
     * The method a static or special call (or the module class's {@code process}) runs: declared
     * by {@code owner} or its nearest library superclass.
     *
     * @return a non-abstract library method, or {@code null}
     */
    private Target resolve(String owner, String name, String desc) {
        for (ClassNode c = classes.get(owner); c != null; c = classes.get(c.superName)) {
            for (MethodNode m : c.methods) {
                if (m.name.equals(name) && m.desc.equals(desc)) {
                    return (m.access & Opcodes.ACC_ABSTRACT) != 0 ? null : new Target(c, m);
                }
            }
        }
        return null;
    }

    private void reach(Target t) {
        if (visited.add(t.method())) {
            work.push(t);
        }
    }

    /** Adds the static initialisers of {@code owner} and its library supertypes, once a walk. */
    private void touch(String owner) {
        if (owner == lastTouched) {
            return; // the same class's constant as the access before (most are)
        }
        final ClassNode c = classes.get(owner);
        if (c == null || !touched.add(owner)) {
            return;
        }
        lastTouched = owner;
        for (MethodNode m : c.methods) {
            if (m.name.equals(CLINIT)) {
                reach(new Target(c, m));
            }
        }
        touch(c.superName);
        for (String i : c.interfaces) {
            touch(i);
        }
    }

    /** @return why the method may allocate, or {@code null} if nothing in it does */
    private String scan(MethodNode m) {
        if ((m.access & Opcodes.ACC_NATIVE) != 0) {
            return "native";
        }
        if (!m.tryCatchBlocks.isEmpty()) {
            return "has an exception handler (a caught exception is an allocation it keeps)";
        }
        for (AbstractInsnNode i = m.instructions.getFirst(); i != null; i = i.getNext()) {
            final String why = instruction(i);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    private String instruction(AbstractInsnNode i) {
        switch (i.getOpcode()) {
            case Opcodes.NEW:
            case Opcodes.NEWARRAY:
            case Opcodes.ANEWARRAY:
            case Opcodes.MULTIANEWARRAY:
                return "allocates (opcode " + i.getOpcode() + ")";
            case Opcodes.INVOKEDYNAMIC:
                return "invokedynamic " + ((InvokeDynamicInsnNode) i).name;
            case Opcodes.LDC:
                final Object cst = ((LdcInsnNode) i).cst;
                return cst instanceof Number ? null : "ldc of a " + cst.getClass().getSimpleName();
            case Opcodes.GETSTATIC:
            case Opcodes.PUTSTATIC:
                touch(((FieldInsnNode) i).owner);
                return null;
            case Opcodes.INVOKESTATIC:
            case Opcodes.INVOKESPECIAL:
                return direct((MethodInsnNode) i);
            case Opcodes.INVOKEVIRTUAL:
            case Opcodes.INVOKEINTERFACE:
                return virtual((MethodInsnNode) i);
            default:
                return null;
        }
    }

    private String direct(MethodInsnNode call) {
        if (!classes.containsKey(call.owner)) {
            return allowedStatic(call) ? null : "calls " + describe(call);
        }
        final Target target = resolve(call.owner, call.name, call.desc);
        if (target == null) {
            return "calls " + describe(call) + ", not a method of the library";
        }
        if (call.getOpcode() == Opcodes.INVOKESTATIC) {
            touch(call.owner);
        }
        reach(target);
        return null;
    }

    private String virtual(MethodInsnNode call) {
        if (classes.containsKey(call.owner)) {
            if (inherited.getOrDefault(call.name, Set.of()).contains(call.desc)) {
                return "calls " + describe(call) + ", which may run a method the library "
                        + "inherits from outside it";
            }
        } else {
            final Set<String> allowed = API_VIRTUAL.get(call.owner);
            if (allowed == null || !allowed.contains(call.name)) {
                return "calls " + describe(call);
            }
        }
        final Map<String, List<Target>> named = implementations.get(call.name);
        if (named != null) {
            for (Target target : named.getOrDefault(call.desc, List.of())) {
                reach(target);
            }
        }
        return null;
    }

    private static boolean allowedStatic(MethodInsnNode call) {
        if (call.getOpcode() != Opcodes.INVOKESTATIC) {
            return false;
        }
        switch (call.owner) {
            case "java/lang/Math":
            case "java/lang/StrictMath":
                return LeafMethods.jdkLeaf(call) || MATH.contains(call.name);
            case "java/lang/Integer":
            case "java/lang/Long":
                return INTEGRAL.contains(call.name);
            case "java/lang/Float":
            case "java/lang/Double":
                return LeafMethods.jdkLeaf(call) || FLOATING.contains(call.name);
            case "org/sofj/api/audio/Samples":
                return SAMPLES.contains(call.name);
            case PreemptionPoints.OWNER: // the check the rewrite put everywhere
                return PreemptionPoints.POLL.equals(call.name);
            default:
                return STATICS.contains(call.owner + "." + call.name);
        }
    }

    private static String describe(MethodInsnNode call) {
        return call.owner + "." + call.name + call.desc;
    }
}
