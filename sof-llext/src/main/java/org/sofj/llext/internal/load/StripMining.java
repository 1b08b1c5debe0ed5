package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.FrameNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.InsnNode;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.VarInsnNode;

/**
 * Rewrites a counted loop that {@link BoundedLoops} proves ends so that a thread in it reaches
 * a preemption check at least every {@link #CHUNK} iterations, while its inner loop stays the
 * counted loop C2 vectorises (one exit test against a limit it does not change):
 * <pre>
 * TOP:   [poll]                                       only where {@link ChunkEntries} asks
 *        iload v [k op] BOUND if_icmpge EXIT          the original test, as it was
 * CHUNK: L = (int) min(x + CHUNK * c, BOUND, MAX_VALUE - c + 1)   in long, x = v [+-k]
 *        if (L &lt;= x) L = MIN_VALUE                   x + c wraps: one iteration
 * BODY:  body  iinc v c  tail                          as they were
 *        iload v [k op] iload L if_icmplt BODY        the inner loop's one test
 *        iload v [k op] BOUND if_icmpge EXIT          the original test again
 *        poll                                         between two chunks
 *        goto CHUNK
 * EXIT:
 * </pre>
 * A loop that ends within its first chunk runs no check of its own: the one before it (the
 * method's entry, an enclosing loop's back edge, a handler's entry) is at most that chunk and
 * straight-line code away, because {@link ChunkEntries} gives the loop a check at {@code TOP}
 * (reached only from outside: the back edge goes to {@code CHUNK}) wherever another loop's
 * chunk or a call may have run since the last check.
 *
 * <p>Why it computes what the original computes: the original test runs before every chunk,
 * so the first iteration of a chunk runs exactly when the original would run it. Inside a
 * chunk {@code L} is at most the bound, so an iteration the inner test lets run is one the
 * original test lets run; and {@code L} is at most {@code MAX_VALUE - c + 1}, so {@code x}
 * grows by {@code c} without wrapping until the inner test fails (then the original test
 * decides again). Where {@code x} is already above that ({@code x + c} wraps, which only an
 * odd step or an indexed loop near {@code MAX_VALUE} can reach), {@code L} is {@code MIN_VALUE}
 * and the chunk is that one iteration, as the original runs it. The bound holds only invariant
 * int locals, constants and the {@code arraylength} of invariant arrays (the rule), so
 * evaluating it again gives the value the test saw, and the test has already thrown if it
 * throws. The body, the increment, the tail, the counter after the loop and every exception
 * the body throws are the original's. A chunk runs at most {@link #CHUNK} iterations: {@code L
 * <= x + CHUNK * c}. Cold path (library load).
 */
final class StripMining {
    /**
     * log2 of {@link #CHUNK}, chosen by measurement (docs/BENCHMARKS.md, "Strip-mining"): a
     * chunk costs some 20-100 ns (the check, the limit, the exit's mispredicted branch and C2's
     * pre- and post-loops around the vectorised one), 19-53% more time for a vectorised
     * {@code y[i] += k * x[i]} over 65,536 floats in chunks of 2<sup>12</sup>, within the
     * shared machine's noise in chunks of 2<sup>16</sup>. The larger chunk costs time between
     * two checks: 2<sup>16</sup> iterations of at most 128 instructions.
     */
    static final int CHUNK_LOG = 16;
    /** The most iterations a strip-mined loop runs between two preemption checks. */
    static final int CHUNK = 1 << CHUNK_LOG;
    /**
     * The operand stack the limit's computation needs: two longs. It evaluates the bound above
     * one long where the original test has one int below it, so a method needs one slot more
     * than before or this, whichever is more.
     */
    static final int MAX_STACK = 4;
    /** The most locals a method may have (an unsigned 16-bit count): the limit needs one more. */
    static final int MAX_LOCALS = 0xFFFF;

    private StripMining() {
    }

    /**
     * @param code   the method's code
     * @param loop   the loop, from {@link BoundedLoops#loop}, entered only through its head
     *               ({@link #enteredInside})
     * @param limit  the local slot for the chunk's limit (an int no frame uses yet)
     * @param frames whether the method carries stack map frames (expanded ones)
     * @param entry  whether a check goes at the loop's entry ({@link ChunkEntries})
     * @return whether the loop was rewritten; if not, nothing was changed (no frame at its
     *     head where frames are needed, or something on the operand stack there)
     */
    static boolean rewrite(InsnList code, BoundedLoops.Loop loop, int limit, boolean frames,
            boolean entry) {
        final FrameNode head = frameAt(loop.top());
        if (frames && (head == null || !head.stack.isEmpty())) {
            return false;
        }
        final int step = loop.increment().incr;
        final LabelNode chunk = new LabelNode();
        final LabelNode body = new LabelNode();
        if (entry) { // at the head, which only the loop's entry reaches now
            code.insertBefore(loop.counter().get(0), PreemptionPoints.poll());
        }
        final InsnList clamp = new InsnList();
        clamp.add(chunk);
        if (frames) {
            clamp.add(withLimit(head, -1));
        }
        clamp.add(copy(loop.counter()));
        clamp.add(new InsnNode(Opcodes.I2L));
        clamp.add(new LdcInsnNode((long) CHUNK * step));
        clamp.add(new InsnNode(Opcodes.LADD));
        clamp.add(copy(loop.bound()));
        clamp.add(new InsnNode(Opcodes.I2L));
        clamp.add(min());
        clamp.add(new LdcInsnNode((long) Integer.MAX_VALUE - step + 1));
        clamp.add(min());
        clamp.add(new InsnNode(Opcodes.L2I));
        clamp.add(new VarInsnNode(Opcodes.ISTORE, limit));
        clamp.add(new VarInsnNode(Opcodes.ILOAD, limit));
        clamp.add(copy(loop.counter()));
        clamp.add(new JumpInsnNode(Opcodes.IF_ICMPGT, body));
        clamp.add(new LdcInsnNode(Integer.MIN_VALUE));
        clamp.add(new VarInsnNode(Opcodes.ISTORE, limit));
        clamp.add(body);
        if (frames) {
            clamp.add(withLimit(head, limit));
            // every frame inside the body: the limit is live through it
            for (AbstractInsnNode n = loop.test().getNext(); n != loop.back(); n = n.getNext()) {
                if (n instanceof FrameNode) {
                    addLimit((FrameNode) n, limit);
                }
            }
        }
        code.insert(loop.test(), clamp);
        // at the bottom: the inner loop's test; past the limit the original test again, and
        // only a loop that goes on passes a check before its next chunk
        final InsnList end = new InsnList();
        end.add(copy(loop.counter()));
        end.add(new VarInsnNode(Opcodes.ILOAD, limit));
        end.add(new JumpInsnNode(Opcodes.IF_ICMPLT, body));
        end.add(copy(loop.counter()));
        end.add(copy(loop.bound()));
        end.add(new JumpInsnNode(Opcodes.IF_ICMPGE, loop.test().label));
        end.add(PreemptionPoints.poll());
        code.insertBefore(loop.back(), end);
        loop.back().label = chunk;
        return true;
    }

    /**
     * @param code the method's code, not yet rewritten
     * @param loop a loop in it
     * @param at   the position of each label in the code
     * @param g    the position of the loop's back edge
     * @return whether a jump or switch outside the loop lands inside it, past its head (a
     *     hostile class file may do that; javac never does): such a loop is not rewritten
     */
    static boolean enteredInside(InsnList code, BoundedLoops.Loop loop,
            Map<LabelNode, Integer> at, int g) {
        final int top = at.get(loop.top());
        final int back = g;
        for (int i = 0; i < code.size(); i++) {
            if (i >= top && i <= back) {
                continue;
            }
            for (LabelNode l : targets(code.get(i))) {
                final int t = at.get(l);
                if (t > top && t < back) {
                    return true;
                }
            }
        }
        return false;
    }

    /** @return the labels a jump or switch may go to */
    static List<LabelNode> targets(AbstractInsnNode n) {
        if (n instanceof JumpInsnNode) {
            return List.of(((JumpInsnNode) n).label);
        }
        final List<LabelNode> out = new ArrayList<>();
        if (n instanceof TableSwitchInsnNode) {
            out.add(((TableSwitchInsnNode) n).dflt);
            out.addAll(((TableSwitchInsnNode) n).labels);
        } else if (n instanceof LookupSwitchInsnNode) {
            out.add(((LookupSwitchInsnNode) n).dflt);
            out.addAll(((LookupSwitchInsnNode) n).labels);
        }
        return out;
    }

    private static MethodInsnNode min() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, "java/lang/Math", "min", "(JJ)J", false);
    }

    private static InsnList copy(List<AbstractInsnNode> insns) {
        final Map<LabelNode, LabelNode> none = new HashMap<>();
        final InsnList out = new InsnList();
        for (AbstractInsnNode n : insns) {
            out.add(n.clone(none));
        }
        return out;
    }

    /** @return the frame at {@code label}, before its first instruction, or {@code null} */
    private static FrameNode frameAt(LabelNode label) {
        for (AbstractInsnNode n = label.getNext(); n != null && n.getOpcode() < 0;
                n = n.getNext()) {
            if (n instanceof FrameNode) {
                return (FrameNode) n;
            }
        }
        return null;
    }

    /** @return a copy of {@code head}, with {@code limit} declared an int unless it is -1 */
    private static FrameNode withLimit(FrameNode head, int limit) {
        final FrameNode f = new FrameNode(Opcodes.F_NEW, 0, null, 0, null);
        f.local = new ArrayList<>(head.local);
        f.stack = new ArrayList<>(head.stack);
        if (limit >= 0) {
            addLimit(f, limit);
        }
        return f;
    }

    /** Declares slot {@code limit} an int in {@code f} (an expanded frame), padding with TOP. */
    private static void addLimit(FrameNode f, int limit) {
        final List<Object> local = new ArrayList<>(f.local);
        int slots = 0;
        for (Object t : local) {
            slots += t == Opcodes.LONG || t == Opcodes.DOUBLE ? 2 : 1;
        }
        for (; slots < limit; slots++) {
            local.add(Opcodes.TOP);
        }
        local.add(Opcodes.INTEGER);
        f.local = local;
    }
}
