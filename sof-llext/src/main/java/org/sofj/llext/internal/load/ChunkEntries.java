package org.sofj.llext.internal.load;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;

/**
 * Which strip-mined loops of a method need a check at their entry, so that a thread runs at
 * most one chunk ({@link StripMining#CHUNK} iterations of one loop) between two checks. A
 * strip-mined loop checks only between its chunks, so one that ends within its first chunk
 * runs no check of its own; that is sound only where the last check before its entry is
 * followed by straight-line code alone. A forward data flow over the method's original code
 * tells, at each instruction, whether a chunk may have run since the last check ("dirty"):
 * <ul>
 * <li>clean at the method's entry and at every handler that gets a check, and after every
 *     check the loader puts before a backward branch;</li>
 * <li>dirty after a strip-mined loop (any way out of it), after a call of anything but a leaf
 *     (the callee may have run a chunk after its own last check, and returned), after an
 *     {@code invokedynamic} or a dynamic constant (their bootstrap methods are code too), at a
 *     handler without a check, and everywhere in a method with subroutines;</li>
 * <li>unchanged by anything else: straight-line code, the leaves it calls and {@code
 *     Object}'s constructor (empty). A class
 *     initialiser that such code sets off (a static field, a leaf of another class) ends with a
 *     check ({@link PreemptionPoints}), so the chunk it may run is behind a check too.</li>
 * </ul>
 * A loop whose entry may be dirty gets a check there. Cold path (library load).
 */
final class ChunkEntries {
    private static final byte CLEAN = 1;
    private static final byte DIRTY = 2;

    private ChunkEntries() {
    }

    /**
     * @param owner    the internal name of the method's class
     * @param code     the method's original code
     * @param at       the position of each label in it
     * @param loops    its strip-mined loops, each entered only through its head
     * @param checked  the instructions the loader puts a check right before (backward branches)
     * @param handlers each handler's start, and whether it gets a check
     * @param leaves   the library's leaves
     * @return the loops whose entry may be dirty
     */
    static Set<BoundedLoops.Loop> dirty(String owner, InsnList code, Map<LabelNode, Integer> at,
            List<BoundedLoops.Loop> loops, Set<AbstractInsnNode> checked,
            Map<LabelNode, Boolean> handlers, LeafMethods leaves) {
        final Set<BoundedLoops.Loop> out = new HashSet<>();
        final int size = code.size();
        // -1 outside a loop; else the loop whose head or inside it is
        final int[] loopAt = new int[size];
        Arrays.fill(loopAt, -1);
        for (int l = 0; l < loops.size(); l++) {
            final int back = code.indexOf(loops.get(l).back());
            for (int i = at.get(loops.get(l).top()); i <= back; i++) {
                loopAt[i] = l;
            }
        }
        final byte[] state = new byte[size];
        final ArrayDeque<Integer> work = new ArrayDeque<>();
        merge(state, work, 0, CLEAN);
        for (Map.Entry<LabelNode, Boolean> h : handlers.entrySet()) {
            merge(state, work, at.get(h.getKey()), h.getValue() ? CLEAN : DIRTY);
        }
        while (!work.isEmpty()) {
            final int i = work.poll();
            final AbstractInsnNode n = code.get(i);
            if (n.getOpcode() == Opcodes.JSR || n.getOpcode() == Opcodes.RET) {
                out.addAll(loops); // subroutines: no flow worked out, every loop checked
                return out;
            }
            byte s = checked.contains(n) ? CLEAN : state[i];
            if (loopAt[i] >= 0) {
                if (n == loops.get(loopAt[i]).back()) {
                    continue; // back to its head, which only its entries decide
                }
                s = DIRTY; // a chunk has run, or may by the time it leaves
            } else if (makesDirty(owner, n, leaves)) {
                s = DIRTY;
            }
            for (int next : successors(code, at, n, i)) {
                merge(state, work, next, s);
            }
        }
        for (BoundedLoops.Loop loop : loops) {
            if (state[at.get(loop.top())] != CLEAN) {
                out.add(loop); // unreachable, or dirty
            }
        }
        return out;
    }

    private static void merge(byte[] state, ArrayDeque<Integer> work, int i, byte s) {
        if (s > state[i]) {
            state[i] = s;
            work.add(i);
        }
    }

    /** @return whether running {@code n} may run a chunk of some loop (outside this method) */
    private static boolean makesDirty(String owner, AbstractInsnNode n, LeafMethods leaves) {
        if (n instanceof MethodInsnNode) {
            final MethodInsnNode call = (MethodInsnNode) n;
            return !LeafMethods.jdkLeaf(call) && leaves.weight(owner, call) < 0
                    && !(call.owner.equals("java/lang/Object") && call.name.equals("<init>"));
        }
        return n instanceof InvokeDynamicInsnNode
                || n instanceof LdcInsnNode && ((LdcInsnNode) n).cst instanceof ConstantDynamic;
    }

    /** @return where control may go after {@code n} (at {@code i}), handlers aside */
    private static int[] successors(InsnList code, Map<LabelNode, Integer> at,
            AbstractInsnNode n, int i) {
        final int op = n.getOpcode();
        final boolean falls = i + 1 < code.size() && op != Opcodes.GOTO && op != Opcodes.ATHROW
                && !(op >= Opcodes.IRETURN && op <= Opcodes.RETURN)
                && !(n instanceof TableSwitchInsnNode) && !(n instanceof LookupSwitchInsnNode);
        final List<LabelNode> to;
        if (n instanceof JumpInsnNode) {
            to = List.of(((JumpInsnNode) n).label);
        } else if (n instanceof TableSwitchInsnNode || n instanceof LookupSwitchInsnNode) {
            to = StripMining.targets(n);
        } else {
            to = List.of();
        }
        final int[] out = new int[to.size() + (falls ? 1 : 0)];
        for (int k = 0; k < to.size(); k++) {
            out[k] = at.get(to.get(k));
        }
        if (falls) {
            out[to.size()] = i + 1;
        }
        return out;
    }
}
