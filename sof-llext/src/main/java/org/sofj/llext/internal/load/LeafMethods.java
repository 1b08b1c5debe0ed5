package org.sofj.llext.internal.load;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The methods of a library that run a bounded number of instructions and then return or throw,
 * so they need no preemption check of their own, and a counted loop may call them
 * ({@link BoundedLoops}). A method is such a <em>leaf</em> when its code, as the library ships
 * it, has:
 * <ul>
 * <li>only forward jumps: no backward branch, switch, subroutine or exception handler, so every
 *     instruction runs at most once per call;</li>
 * <li>no call but to the cheap leaf methods of {@code Math} and {@code StrictMath} (not the
 *     transcendental ones) and the {@code Float}/{@code Double} bit conversions, or an {@code invokestatic} of a leaf that a
 *     class of the caller's own package declares (that class's bytes are this library's, since a
 *     package belongs to one module, and a static method declared in the named class is the one
 *     the call resolves to); calls form no cycle;</li>
 * <li>no allocation, monitor, {@code invokedynamic} or dynamic constant, and it is not
 *     {@code synchronized};</li>
 * <li>a weight of at most {@link #MAX_WEIGHT}: its own instructions plus the weight of each
 *     leaf it calls, counted per call site.</li>
 * </ul>
 * A thread in a leaf therefore reaches its caller again within {@link #MAX_WEIGHT} of the
 * library's instructions (and as many cheap calls into the JDK); the caller's own checks (its
 * entry, its back edges) still bound everything around the call: between two checks a method's
 * straight-line code (at most 65,535 bytes) can call at most some 2<sup>16</sup> leaves,
 * 2<sup>26</sup> instructions, the longest stretch without a check (a strip-mined loop's is
 * 2<sup>23</sup>: {@link StripMining}).
 * Cold path (library load).
 */
final class LeafMethods {
    /**
     * The most instructions a leaf may run, its callees' included. A loop without a check counts
     * the weight of each leaf it calls against its own, smaller budget
     * ({@link BoundedLoops#MAX_INSTRUCTIONS}); outside such loops a leaf only delays its
     * caller's next check, by about a microsecond at most.
     */
    static final int MAX_WEIGHT = 1024;

    private static final Set<String> JDK_OWNERS = Set.of("java/lang/Math", "java/lang/StrictMath");
    /**
     * The methods of {@code Math} and {@code StrictMath} a leaf or a loop without a check may
     * call: a few compares, bit operations or one instruction each. Not the transcendental ones
     * ({@code sin}, {@code pow}, {@code exp}, ...: tens to hundreds of nanoseconds a call, far
     * more for large arguments, so 2<sup>32</sup> iterations of a body full of them would keep a
     * thread for hours), nor {@code fma} (BigDecimal arithmetic where the CPU has no FMA), nor
     * {@code random} (a seed every thread shares).
     */
    private static final Set<String> JDK_MATH = Set.of("abs", "absExact", "min", "max",
            "floor", "ceil", "rint", "round", "sqrt", "copySign", "signum", "getExponent", "ulp",
            "nextUp", "nextDown", "nextAfter", "scalb", "toRadians", "toDegrees", "toIntExact",
            "addExact", "subtractExact", "multiplyExact", "negateExact", "incrementExact",
            "decrementExact", "multiplyFull", "multiplyHigh", "floorDiv", "floorMod", "ceilDiv",
            "ceilMod", "clamp");
    private static final Set<String> JDK_BITS = Set.of("java/lang/Float.intBitsToFloat",
            "java/lang/Float.floatToRawIntBits", "java/lang/Float.floatToIntBits",
            "java/lang/Double.longBitsToDouble", "java/lang/Double.doubleToRawLongBits",
            "java/lang/Double.doubleToLongBits");
    /** Marks a method whose weight is being worked out: a call back to it is a cycle. */
    private static final int PENDING = -2;
    private static final int NOT_A_LEAF = -1;

    /** The library's classes by internal name, as shipped. */
    private final Map<String, ClassNode> classes;
    /** Weights worked out so far, by {@code owner.name+descriptor}; {@link #NOT_A_LEAF} if none. */
    private final Map<String, Integer> weights = new HashMap<>();

    /**
     * Works out every method's weight at once, so the classes may be rewritten afterwards.
     *
     * @param classes the library's classes by internal name, as shipped (not yet rewritten)
     */
    LeafMethods(Map<String, ClassNode> classes) {
        this.classes = classes;
        for (ClassNode c : classes.values()) {
            for (MethodNode m : c.methods) {
                weight(c, m);
            }
        }
    }

    /** @return whether the call is to one of the JDK's leaf methods (counted as one instruction) */
    static boolean jdkLeaf(MethodInsnNode call) {
        return call.getOpcode() == Opcodes.INVOKESTATIC && (JDK_OWNERS.contains(call.owner)
                && JDK_MATH.contains(call.name) || JDK_BITS.contains(call.owner + "." + call.name));
    }

    /**
     * @param caller the internal name of the calling class
     * @param call   a call in its code
     * @return the weight of the library leaf the call runs, or {@code -1} if it is not a call
     *     of a library leaf (a JDK leaf is not one either: see {@link #jdkLeaf})
     */
    int weight(String caller, MethodInsnNode call) {
        if (call.getOpcode() != Opcodes.INVOKESTATIC || call.itf
                || !packageOf(call.owner).equals(packageOf(caller))) {
            return NOT_A_LEAF;
        }
        final ClassNode owner = classes.get(call.owner);
        if (owner == null) {
            return NOT_A_LEAF;
        }
        for (MethodNode m : owner.methods) {
            if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
                return (m.access & Opcodes.ACC_STATIC) == 0 ? NOT_A_LEAF : weight(owner, m);
            }
        }
        return NOT_A_LEAF;
    }

    /** @return whether {@code m} of {@code owner} is a leaf (it needs no entry check) */
    boolean isLeaf(ClassNode owner, MethodNode m) {
        return weight(owner, m) >= 0;
    }

    private int weight(ClassNode owner, MethodNode m) {
        final String key = owner.name + "." + m.name + m.desc;
        final Integer known = weights.get(key);
        if (known != null) {
            return known == PENDING ? NOT_A_LEAF : known;
        }
        weights.put(key, PENDING);
        final int w = measure(owner.name, m);
        weights.put(key, w);
        return w;
    }

    private int measure(String owner, MethodNode m) {
        if ((m.access & (Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
                || !m.tryCatchBlocks.isEmpty() || m.instructions.size() == 0) {
            return NOT_A_LEAF;
        }
        final InsnList code = m.instructions;
        int w = 0;
        for (int i = 0; i < code.size(); i++) {
            final AbstractInsnNode n = code.get(i);
            if (n.getOpcode() < 0) {
                continue; // labels, line numbers, frames
            }
            w++;
            if (n instanceof MethodInsnNode) {
                final MethodInsnNode call = (MethodInsnNode) n;
                if (!jdkLeaf(call)) {
                    final int callee = weight(owner, call);
                    if (callee < 0) {
                        return NOT_A_LEAF;
                    }
                    w += callee;
                }
            } else if (n instanceof JumpInsnNode) {
                if (n.getOpcode() == Opcodes.JSR
                        || code.indexOf(((JumpInsnNode) n).label) <= i) {
                    return NOT_A_LEAF;
                }
            } else if (!plain(n)) {
                return NOT_A_LEAF;
            }
            if (w > MAX_WEIGHT) {
                return NOT_A_LEAF;
            }
        }
        return w;
    }

    /**
     * @return whether {@code n} (not a call or jump) may sit in a leaf or a counted loop: no
     *     switch, subroutine return, monitor, allocation, {@code invokedynamic} or dynamic
     *     constant
     */
    static boolean plain(AbstractInsnNode n) {
        if (n instanceof LdcInsnNode) {
            final Object c = ((LdcInsnNode) n).cst;
            return !(c instanceof ConstantDynamic || c instanceof Handle);
        }
        switch (n.getOpcode()) {
            case Opcodes.INVOKEDYNAMIC:
            case Opcodes.TABLESWITCH:
            case Opcodes.LOOKUPSWITCH:
            case Opcodes.JSR:
            case Opcodes.RET:
            case Opcodes.MONITORENTER:
            case Opcodes.MONITOREXIT:
            case Opcodes.NEW:
            case Opcodes.NEWARRAY:
            case Opcodes.ANEWARRAY:
            case Opcodes.MULTIANEWARRAY:
                return false;
            default:
                return true;
        }
    }

    private static String packageOf(String internalName) {
        final int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
    }
}
