package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.IincInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
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
 * where {@code c} is an odd positive constant (any positive one for an indexed loop, below) and
 * {@code iinc v c} is the only write of {@code v}; {@code BOUND} is an expression of its own (no
 * operation in it takes {@code v [+-k]} off the stack) built only of int constants, int locals
 * and the {@code arraylength} of reference locals, none of which the loop writes, with
 * {@code + - * << >> >>> & | ^}; the loop calls nothing but a few cheap leaf methods of
 * {@code Math}, {@code StrictMath} (not the transcendental ones), {@code Float} and
 * {@code Double} ({@link LeafMethods#jdkLeaf}) and the library's own {@linkplain LeafMethods
 * leaves} (static methods of its package without loops or calls of their own, but to other such
 * leaves); it holds at most {@link #MAX_INSTRUCTIONS} instructions, each library leaf it calls
 * counted with its whole weight at every call site; it has no inner loop, switch, subroutine,
 * monitor, allocation or dynamic constant, and no handler starts inside it.
 *
 * <p>Why it ends: every iteration passes the test and then the one {@code iinc} (the tail is
 * reached only through it), the bound is the same at every test, and an odd step visits every
 * {@code int} before it repeats one, so {@code v [+-k]} equals the bound within 2<sup>32</sup>
 * iterations at most, and the loop exits there. Its worst case is therefore 2<sup>32</sup>
 * iterations of at most {@link #MAX_INSTRUCTIONS} instructions of the library, its leaves'
 * included: hours, where each iteration misses the cache many times (docs/threat-model.md), so
 * such a loop is not left unchecked but strip-mined ({@link StripMining}: a check every
 * {@link StripMining#CHUNK} iterations, the inner loop still counted).
 *
 * <p>An <em>indexed</em> loop may take any positive step and twice the instructions: one whose
 * body, before its first jump, reads an array element at index {@code u = v}, {@code v + w} or
 * {@code w + v} ({@code w} a constant or a local the loop never writes; the sum may go through a
 * local written only there). Every iteration that gets past that read had {@code 0 <= u <
 * length <= 2^31 - 1}, and {@code u} grows by exactly the step each iteration; it cannot wrap
 * back into range (a wrap makes it negative, and the read throws), so such a loop runs at most
 * 2<sup>31</sup> iterations of at most {@code 2 * MAX_INSTRUCTIONS}: the same instructions in the
 * worst case as the loops above. Any other loop keeps its check.
 */
final class BoundedLoops {
    /**
     * The most instructions (test, body and tail, and every library leaf called, at each call
     * site) a loop without a check may run per iteration.
     */
    static final int MAX_INSTRUCTIONS = 64;

    private final String owner;
    private final LeafMethods leaves;
    private final InsnList code;
    private final Map<LabelNode, Integer> at;
    /** Labels something jumps to, and handler starts. */
    private final Set<LabelNode> targets = new HashSet<>();
    private final Set<LabelNode> handlers = new HashSet<>();
    /** How many jumps and switch cases land on each label. */
    private final Map<LabelNode, Integer> jumpsTo = new HashMap<>();

    /**
     * @param owner  the internal name of the method's class
     * @param m      the method
     * @param at     the position of each label in its original code
     * @param leaves the library's leaf methods
     */
    BoundedLoops(String owner, MethodNode m, Map<LabelNode, Integer> at, LeafMethods leaves) {
        this.owner = owner;
        this.leaves = leaves;
        this.code = m.instructions;
        this.at = at;
        for (int i = 0; i < code.size(); i++) {
            for (LabelNode l : StripMining.targets(code.get(i))) {
                targets.add(l);
                jumpsTo.merge(l, 1, Integer::sum);
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
     * @return the parts of the loop it closes, if that loop provably ends (in the shape above);
     *     otherwise {@code null}
     */
    Loop loop(JumpInsnNode back, int g) {
        if (back.getOpcode() != Opcodes.GOTO) {
            return null;
        }
        final int top = at.get(back.label);
        final List<AbstractInsnNode> r = new ArrayList<>();
        for (int i = top + 1; i < g; i++) {
            final AbstractInsnNode n = code.get(i);
            if (n.getOpcode() >= 0) {
                r.add(n);
            } else if (n instanceof LabelNode && handlers.contains(n)) {
                return null; // an exception may enter the loop past its test
            }
        }
        if (r.size() > 2 * MAX_INSTRUCTIONS || r.isEmpty()
                || r.get(0).getOpcode() != Opcodes.ILOAD) {
            return null;
        }
        final int v = ((VarInsnNode) r.get(0)).var;
        int k = 1;
        if (k + 1 < r.size() && intConstant(r.get(k))
                && (r.get(k + 1).getOpcode() == Opcodes.IADD
                        || r.get(k + 1).getOpcode() == Opcodes.ISUB)) {
            k += 2;
        }
        final int counter = k;
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
                return null;
            }
        }
        if (k == r.size() || depth != 1 || at.get(((JumpInsnNode) r.get(k)).label) <= g) {
            return null; // no test, one that does not leave the loop, or v inside the bound
        }
        final int test = k;
        final boolean indexed = indexedRead(r, k + 1, v);
        int increments = 0;
        int weight = r.size();
        AbstractInsnNode increment = null;
        for (k++; k < r.size(); k++) {
            final AbstractInsnNode n = r.get(k);
            if (n instanceof MethodInsnNode && !LeafMethods.jdkLeaf((MethodInsnNode) n)) {
                final int callee = leaves.weight(owner, (MethodInsnNode) n);
                if (callee < 0) {
                    return null;
                }
                weight += callee;
            } else if (!LeafMethods.plain(n) || n instanceof JumpInsnNode
                    && at.get(((JumpInsnNode) n).label) <= code.indexOf(n)) {
                return null;
            }
            final int op = n.getOpcode();
            if (op == Opcodes.ISTORE && (((VarInsnNode) n).var == v
                    || ints.contains(((VarInsnNode) n).var))
                    || op == Opcodes.ASTORE && arrays.contains(((VarInsnNode) n).var)) {
                return null;
            }
            if (n instanceof IincInsnNode) {
                final IincInsnNode inc = (IincInsnNode) n;
                if (inc.var == v) {
                    if (inc.incr <= 0 || inc.incr % 2 == 0 && !indexed) {
                        return null;
                    }
                    increments++;
                    increment = n;
                } else if (ints.contains(inc.var)) {
                    return null;
                }
            }
        }
        if (increments != 1 || weight > (indexed ? 2 * MAX_INSTRUCTIONS : MAX_INSTRUCTIONS)) {
            return null;
        }
        // the tail: from the increment to the back edge, straight line, entered only through it
        for (AbstractInsnNode n = increment.getNext(); n != back; n = n.getNext()) {
            if (n instanceof JumpInsnNode || n instanceof LabelNode && targets.contains(n)) {
                return null;
            }
        }
        return new Loop(back.label, r.subList(0, counter), r.subList(counter, test),
                (JumpInsnNode) r.get(test), (IincInsnNode) increment, back);
    }

    /**
     * @param loop a loop {@link #loop} accepted
     * @return whether each of its runs provably has at most {@link StripMining#CHUNK}
     *     iterations, so it needs no chunks: its bound is an int constant {@code B}, its counter
     *     is set to a constant by the {@code istore} right before its head, which nothing but
     *     its back edge jumps to, and with {@code x0} the first {@code v [+-k]} and {@code c}
     *     its step, {@code B - x0 <= CHUNK} and {@code B + c - 1 <= MAX_VALUE}. Then
     *     {@code x = x0 + n c} exactly while {@code x < B} (its next value is at most
     *     {@code B - 1 + c}: no wrap), so a run has at most {@code ceil((B - x0) / c) <= CHUNK}
     *     iterations, as many as one chunk. A bound that is a local or an array's length does
     *     not qualify: a length can be 2<sup>31</sup> - 1.
     */
    boolean withinChunk(Loop loop) {
        if (loop.bound().size() != 1 || !intConstant(loop.bound().get(0))
                || jumpsTo.getOrDefault(loop.top(), 0) != 1
                || handlers.contains(loop.top())) {
            return false;
        }
        final long bound = intValue(loop.bound().get(0));
        final int v = ((VarInsnNode) loop.counter().get(0)).var;
        AbstractInsnNode n = loop.top().getPrevious();
        while (n != null && n.getOpcode() < 0) {
            if (n instanceof LabelNode && targets.contains(n)) {
                return false; // a jump lands between the store and the head
            }
            n = n.getPrevious();
        }
        if (n == null || n.getOpcode() != Opcodes.ISTORE || ((VarInsnNode) n).var != v
                || n.getPrevious() == null || !intConstant(n.getPrevious())) {
            return false;
        }
        int x0 = (int) intValue(n.getPrevious());
        if (loop.counter().size() == 3) {
            final int k = (int) intValue(loop.counter().get(1));
            x0 = loop.counter().get(2).getOpcode() == Opcodes.IADD ? x0 + k : x0 - k;
        }
        final int step = loop.increment().incr;
        return bound - x0 <= StripMining.CHUNK
                && bound + step - 1 <= Integer.MAX_VALUE;
    }

    /** @return the value an int constant pushes, or {@code Long.MIN_VALUE} if it is none */
    private static long intValue(AbstractInsnNode n) {
        final int op = n.getOpcode();
        if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
            return op - Opcodes.ICONST_0;
        }
        if (n instanceof IntInsnNode && op != Opcodes.NEWARRAY) {
            return ((IntInsnNode) n).operand;
        }
        if (n instanceof LdcInsnNode && ((LdcInsnNode) n).cst instanceof Integer) {
            return (Integer) ((LdcInsnNode) n).cst;
        }
        return Long.MIN_VALUE;
    }

    /**
     * The parts of a loop that provably ends, in the original code: its head (what the back
     * edge jumps to), the instructions that push {@code v [+-k]} and those that push the bound,
     * its test, its one increment and its back edge.
     */
    record Loop(LabelNode top, List<AbstractInsnNode> counter, List<AbstractInsnNode> bound,
            JumpInsnNode test, IincInsnNode increment, JumpInsnNode back) {
    }

    /**
     * @param r     the loop's instructions
     * @param from  where its body starts (after the test)
     * @param v     the loop's variable
     * @return whether every iteration that runs the body reads an array element at index
     *     {@code v}, {@code v + w} or {@code w + v} ({@code w} an int constant or a local the loop
     *     never writes; directly, or through a local the loop writes only there): such a read
     *     sits in the body's straight-line start, before its first jump
     */
    private static boolean indexedRead(List<AbstractInsnNode> r, int from, int v) {
        final Map<Integer, Integer> writes = new HashMap<>();
        for (AbstractInsnNode n : r) {
            if (n.getOpcode() == Opcodes.ISTORE) {
                writes.merge(((VarInsnNode) n).var, 1, Integer::sum);
            } else if (n instanceof IincInsnNode) {
                writes.merge(((IincInsnNode) n).var, 2, Integer::sum); // never "once"
            }
        }
        final Set<Integer> derived = new HashSet<>();
        derived.add(v);
        for (int i = from; i < r.size() && !(r.get(i) instanceof JumpInsnNode); i++) {
            final int op = r.get(i).getOpcode();
            if (op == Opcodes.ISTORE && writes.get(((VarInsnNode) r.get(i)).var) == 1
                    && sum(r, i, v, writes)) {
                derived.add(((VarInsnNode) r.get(i)).var);
            } else if (op >= Opcodes.IALOAD && op <= Opcodes.SALOAD && (sum(r, i, v, writes)
                    || r.get(i - 1).getOpcode() == Opcodes.ILOAD
                    && derived.contains(((VarInsnNode) r.get(i - 1)).var))) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the three instructions before {@code i} push {@code v + w} or {@code w + v} */
    private static boolean sum(List<AbstractInsnNode> r, int i, int v, Map<Integer, Integer> writes) {
        if (i < 3 || r.get(i - 1).getOpcode() != Opcodes.IADD) {
            return false;
        }
        final AbstractInsnNode a = r.get(i - 3);
        final AbstractInsnNode b = r.get(i - 2);
        return isLoad(a, v) && invariant(b, v, writes) || isLoad(b, v) && invariant(a, v, writes);
    }

    private static boolean isLoad(AbstractInsnNode n, int var) {
        return n.getOpcode() == Opcodes.ILOAD && ((VarInsnNode) n).var == var;
    }

    private static boolean invariant(AbstractInsnNode n, int v, Map<Integer, Integer> writes) {
        return intConstant(n) || n.getOpcode() == Opcodes.ILOAD && ((VarInsnNode) n).var != v
                && !writes.containsKey(((VarInsnNode) n).var);
    }

    private static boolean intConstant(AbstractInsnNode n) {
        return intValue(n) != Long.MIN_VALUE;
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
