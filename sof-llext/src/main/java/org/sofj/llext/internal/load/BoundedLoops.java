package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Which loops of a method provably end, so their back edge needs no preemption check. A loop
 * qualifies only in javac's shape of a counted {@code for}, all of it checked on the bytecode:
 * <pre>
 * TOP:  iload v [const; iadd|isub]  BOUND  if_icmpge EXIT     (loop while v [+-k] &lt; BOUND)
 *       BODY                                                   (forward jumps only)
 *       iinc v c  TAIL                                         (straight line, no jump target)
 *       goto TOP
 * </pre>
 * where {@code c} is an odd positive constant and {@code iinc v c} is the only write of
 * {@code v}; {@code BOUND} is an expression of its own (no operation in it takes {@code v [+-k]}
 * off the stack) built only of int constants, int locals and the {@code arraylength} of reference
 * locals, none of which the loop writes, with {@code + - * << >> >>> & | ^}; the
 * loop holds at most {@link #MAX_INSTRUCTIONS} instructions, no call but to a few cheap leaf
 * methods of {@code Math}, {@code StrictMath} (not the transcendental ones), {@code Float} and
 * {@code Double}, no inner loop, switch,
 * subroutine, monitor, allocation or dynamic constant, and no handler starts inside it.
 *
 * <p>Why it ends: every iteration passes the test and then the one {@code iinc} (the tail is
 * reached only through it), the bound is the same at every test, and an odd step visits every
 * {@code int} before it repeats one, so {@code v [+-k]} equals the bound within 2<sup>32</sup>
 * iterations at most, and the loop exits there. Its worst case is therefore 2<sup>32</sup>
 * iterations of at most {@link #MAX_INSTRUCTIONS} instructions (docs/threat-model.md gives the
 * time that costs). Any other loop keeps its check.
 */
final class BoundedLoops {
    /** The most instructions (test, body and tail) a loop without a check may hold. */
    static final int MAX_INSTRUCTIONS = 64;

    private static final Set<String> LEAF_OWNERS = Set.of("java/lang/Math", "java/lang/StrictMath");
    /**
     * The methods of {@code Math} and {@code StrictMath} a loop without a check may call: a few
     * compares, bit operations or one instruction each. Not the transcendental ones ({@code sin},
     * {@code pow}, {@code exp}, ...: tens to hundreds of nanoseconds a call, far more for large
     * arguments, so 2<sup>32</sup> iterations of a body full of them would keep a thread for
     * hours), nor {@code fma} (BigDecimal arithmetic where the CPU has no FMA), nor
     * {@code random} (a seed every thread shares).
     */
    private static final Set<String> LEAF_MATH = Set.of("abs", "absExact", "min", "max",
            "floor", "ceil", "rint", "round", "sqrt", "copySign", "signum", "getExponent", "ulp",
            "nextUp", "nextDown", "nextAfter", "scalb", "toRadians", "toDegrees", "toIntExact",
            "addExact", "subtractExact", "multiplyExact", "negateExact", "incrementExact",
            "decrementExact", "multiplyFull", "multiplyHigh", "floorDiv", "floorMod", "ceilDiv",
            "ceilMod", "clamp");
    private static final Set<String> LEAF_BITS = Set.of("java/lang/Float.intBitsToFloat",
            "java/lang/Float.floatToRawIntBits", "java/lang/Float.floatToIntBits",
            "java/lang/Double.longBitsToDouble", "java/lang/Double.doubleToRawLongBits",
            "java/lang/Double.doubleToLongBits");

    private final InsnList code;
    private final Map<LabelNode, Integer> at;
    /** Labels something jumps to, and handler starts. */
    private final Set<LabelNode> targets = new HashSet<>();
    private final Set<LabelNode> handlers = new HashSet<>();

    BoundedLoops(MethodNode m, Map<LabelNode, Integer> at) {
        this.code = m.instructions;
        this.at = at;
        for (int i = 0; i < code.size(); i++) {
            final AbstractInsnNode n = code.get(i);
            if (n instanceof JumpInsnNode) {
                targets.add(((JumpInsnNode) n).label);
            } else if (n instanceof TableSwitchInsnNode) {
                targets.add(((TableSwitchInsnNode) n).dflt);
                targets.addAll(((TableSwitchInsnNode) n).labels);
            } else if (n instanceof LookupSwitchInsnNode) {
                targets.add(((LookupSwitchInsnNode) n).dflt);
                targets.addAll(((LookupSwitchInsnNode) n).labels);
            }
        }
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            targets.add(t.handler);
            handlers.add(t.handler);
        }
    }

    /**
     * @param back a backward branch
     * @param g    its position in the method's original code
     * @return whether it closes a loop that provably ends (in the shape above)
     */
    boolean ends(JumpInsnNode back, int g) {
        if (back.getOpcode() != Opcodes.GOTO) {
            return false;
        }
        final int top = at.get(back.label);
        final List<AbstractInsnNode> r = new ArrayList<>();
        for (int i = top + 1; i < g; i++) {
            final AbstractInsnNode n = code.get(i);
            if (n.getOpcode() >= 0) {
                r.add(n);
            } else if (n instanceof LabelNode && handlers.contains(n)) {
                return false; // an exception may enter the loop past its test
            }
        }
        if (r.size() > MAX_INSTRUCTIONS || r.isEmpty()
                || r.get(0).getOpcode() != Opcodes.ILOAD) {
            return false;
        }
        final int v = ((VarInsnNode) r.get(0)).var;
        int k = 1;
        if (k + 1 < r.size() && intConstant(r.get(k))
                && (r.get(k + 1).getOpcode() == Opcodes.IADD
                        || r.get(k + 1).getOpcode() == Opcodes.ISUB)) {
            k += 2;
        }
        final Set<Integer> ints = new HashSet<>();
        final Set<Integer> arrays = new HashSet<>();
        // the bound is an expression of its own: an operation never takes v [+-k] off the
        // stack, or `(v & 1) < 2` and `v * 2 < MAX_VALUE` would pass and never end
        int depth = 0;
        for (; k < r.size() && r.get(k).getOpcode() != Opcodes.IF_ICMPGE; k++) {
            final AbstractInsnNode n = r.get(k);
            final int op = n.getOpcode();
            if (op == Opcodes.ILOAD && ((VarInsnNode) n).var != v) {
                ints.add(((VarInsnNode) n).var);
                depth++;
            } else if (op == Opcodes.ALOAD && k + 1 < r.size()
                    && r.get(k + 1).getOpcode() == Opcodes.ARRAYLENGTH) {
                arrays.add(((VarInsnNode) n).var);
                k++;
                depth++;
            } else if (intConstant(n)) {
                depth++;
            } else if (arithmetic(op) && depth >= 2) {
                depth--;
            } else {
                return false;
            }
        }
        if (k == r.size() || depth != 1 || at.get(((JumpInsnNode) r.get(k)).label) <= g) {
            return false; // no test, one that does not leave the loop, or v inside the bound
        }
        int increments = 0;
        AbstractInsnNode increment = null;
        for (k++; k < r.size(); k++) {
            final AbstractInsnNode n = r.get(k);
            if (!allowedInBody(n) || n instanceof JumpInsnNode
                    && at.get(((JumpInsnNode) n).label) <= code.indexOf(n)) {
                return false;
            }
            final int op = n.getOpcode();
            if (op == Opcodes.ISTORE && (((VarInsnNode) n).var == v
                    || ints.contains(((VarInsnNode) n).var))
                    || op == Opcodes.ASTORE && arrays.contains(((VarInsnNode) n).var)) {
                return false;
            }
            if (n instanceof IincInsnNode) {
                final IincInsnNode inc = (IincInsnNode) n;
                if (inc.var == v) {
                    if (inc.incr <= 0 || inc.incr % 2 == 0) {
                        return false;
                    }
                    increments++;
                    increment = n;
                } else if (ints.contains(inc.var)) {
                    return false;
                }
            }
        }
        if (increments != 1) {
            return false;
        }
        // the tail: from the increment to the back edge, straight line, entered only through it
        for (AbstractInsnNode n = increment.getNext(); n != back; n = n.getNext()) {
            if (n instanceof JumpInsnNode || n instanceof LabelNode && targets.contains(n)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allowedInBody(AbstractInsnNode n) {
        final int op = n.getOpcode();
        if (n instanceof MethodInsnNode) {
            final MethodInsnNode call = (MethodInsnNode) n;
            return op == Opcodes.INVOKESTATIC && (LEAF_OWNERS.contains(call.owner)
                    && LEAF_MATH.contains(call.name)
                    || LEAF_BITS.contains(call.owner + "." + call.name));
        }
        if (n instanceof LdcInsnNode) {
            final Object c = ((LdcInsnNode) n).cst;
            return !(c instanceof ConstantDynamic || c instanceof Handle);
        }
        switch (op) {
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

    private static boolean intConstant(AbstractInsnNode n) {
        final int op = n.getOpcode();
        return op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5
                || n instanceof IntInsnNode && op != Opcodes.NEWARRAY
                || n instanceof LdcInsnNode && ((LdcInsnNode) n).cst instanceof Integer;
    }

    private static boolean arithmetic(int op) {
        switch (op) {
            case Opcodes.IADD:
            case Opcodes.ISUB:
            case Opcodes.IMUL:
            case Opcodes.ISHL:
            case Opcodes.ISHR:
            case Opcodes.IUSHR:
            case Opcodes.IAND:
            case Opcodes.IOR:
            case Opcodes.IXOR:
                return true;
            default:
                return false;
        }
    }
}
