package org.sofj.llext.internal.load;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.InsnList;
import org.objectweb.asm.tree.JumpInsnNode;
import org.objectweb.asm.tree.LabelNode;
import org.objectweb.asm.tree.LookupSwitchInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TableSwitchInsnNode;
import org.objectweb.asm.tree.TryCatchBlockNode;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.pack.PluginJar;

/**
 * Inserts the preemption check ({@link org.sofj.api.spi.Preemption#poll}) into the classes of a
 * library with user-mode modules, as they are defined: at every method entry (but a leaf's,
 * below), before every backward branch (a {@code goto}, conditional jump, {@code jsr} or switch
 * with a target at or before itself, and every {@code ret}) and at the entry of every exception
 * handler that can do more than rethrow. Every cycle of a method's control flow passes one of
 * them (fall-through only goes forward; a cycle through a handler enters the handler), and
 * endless recursion passes method entries (a leaf calls no method that could call it back), so a
 * thread running the library's code reaches a check within a bounded number of its own
 * instructions, however it loops.
 *
 * <p>A module that catches the preemption's error cannot keep it:
 * <ul>
 * <li>a handler's check is cut out of every range of the method's exception table, so when it
 *     throws it leaves the method: no handler (one that covers itself, or two that cover each
 *     other) can catch the error over and over;</li>
 * <li>a <em>rethrowing</em> handler gets no check: straight-line code of at most
 *     {@link #RETHROW_LIMIT} instructions (local loads and stores, stack moves, {@code
 *     monitorexit}) that ends in {@code athrow}, such as javac's release of a {@code synchronized}
 *     block's monitor, which must run before the error leaves the frame (an error thrown out of a
 *     frame that still holds a monitor becomes an {@code IllegalMonitorStateException}). Its code
 *     is cut out of the ranges of handlers at or before it, so a chain of rethrows moves strictly
 *     forward through the method and ends.</li>
 * </ul>
 *
 * <p>A back edge gets no check where its loop provably ends after a bounded number of
 * iterations of bounded work ({@link BoundedLoops}): the innermost counted loops that C2
 * vectorises, where a volatile read per iteration would cost the most. Such a loop is
 * strip-mined instead ({@link StripMining}): chunks of at most {@link StripMining#CHUNK}
 * iterations of its unchanged body with a check between two, and one at its entry where
 * another loop's chunk or a call may have run since the last check ({@link ChunkEntries}), so
 * a thread runs at most one chunk and straight-line code between two checks, whatever count
 * the rule proves. A loop that provably runs at most a chunk ({@link
 * BoundedLoops#withinChunk}: constant start and bound) keeps no chunk at all, only that entry
 * check where needed; a class initialiser checks before it returns. A
 * method that runs a bounded number of instructions and returns ({@link LeafMethods}: no
 * backward branch, handler, allocation or call but to such leaves and a few {@code Math}
 * methods) gets no check at all:
 * it cannot loop or recurse, and the code that calls it has its own checks. Such a leaf is what
 * a sample conversion or a rounding step is, called once per sample; a check at its entry would
 * put a volatile read inside every loop that calls it.
 *
 * <p>The check is one {@code invokestatic} of a method without arguments or result: no operand
 * stack, no local, no branch of its own, so no stack map frame changes and the class's maximums
 * stay valid. The signature, the hashes and the link check see the library's own bytes; only the
 * defined classes carry the checks (and lose type annotations on exception handlers, which
 * change nothing the code does). Cold path (library load).
 */
final class PreemptionPoints {
    static final String OWNER = "org/sofj/api/spi/Preemption";
    static final String POLL = "poll";
    /** The most instructions a handler without a check may run before its {@code athrow}. */
    static final int RETHROW_LIMIT = 16;

    private PreemptionPoints() {
    }

    /**
     * @param library the library's name, for the error
     * @param entries the plugin jar's entries
     * @return the entries with every class entry (but {@code module-info.class}) rewritten
     */
    static SortedMap<String, byte[]> insert(String library, SortedMap<String, byte[]> entries) {
        return insert(library, entries, Map.of());
    }

    /**
     * @param library the library's name, for the error
     * @param entries the plugin jar's entries
     * @param read    class entries already read from exactly these bytes, by entry name, as
     *                {@code ClassReader.accept(node, EXPAND_FRAMES)} reads them (the link check
     *                reads them so); they are changed here. Any other class entry is read here
     * @return the entries with every class entry (but {@code module-info.class}) rewritten
     */
    static SortedMap<String, byte[]> insert(String library, SortedMap<String, byte[]> entries,
            Map<String, ClassNode> read) {
        return rewrite(library, entries, read).entries();
    }

    /**
     * The rewritten entries and the trees they were written from.
     *
     * @param entries the entries with every class entry (but {@code module-info.class})
     *                rewritten
     * @param classes the classes the JVM defines from them (each entry whose name is its class's),
     *                by internal name, each the tree its rewritten bytes were written from: what
     *                the allocation proof reads instead of parsing those bytes again
     */
    record Rewritten(SortedMap<String, byte[]> entries, Map<String, ClassNode> classes) {
    }

    /**
     * {@link #insert(String, SortedMap, Map)}, which also hands on the trees it wrote.
     *
     * @param library the library's name, for the error
     * @param entries the plugin jar's entries
     * @param read    as {@code insert}'s
     * @return the rewritten entries and the trees of the classes they define
     */
    static Rewritten rewrite(String library, SortedMap<String, byte[]> entries,
            Map<String, ClassNode> read) {
        final SortedMap<String, byte[]> out = new TreeMap<>(entries);
        final Map<String, ClassNode> classes = new HashMap<>();
        final Map<String, ClassNode> byEntry = new TreeMap<>();
        for (var e : entries.entrySet()) {
            final String name = e.getKey();
            if (!PluginJar.isClass(name) || name.endsWith("module-info.class")) {
                continue;
            }
            final ClassNode given = read.get(name);
            final ClassNode node = given != null ? given : parse(library, name, e.getValue());
            byEntry.put(name, node);
            // the class the JVM defines from this entry, if any: its name must be the entry's
            if (name.equals(node.name + ".class")) {
                classes.put(node.name, node);
            }
        }
        final LeafMethods leaves = new LeafMethods(classes);
        for (var e : byEntry.entrySet()) {
            final byte[] shipped = entries.get(e.getKey());
            out.put(e.getKey(), write(library, e.getKey(), e.getValue(), leaves, shipped));
        }
        return new Rewritten(out, classes);
    }

    /** @return the class with the checks inserted (its leaves: its own methods only) */
    static byte[] insert(byte[] classBytes) {
        final ClassNode node = parse(classBytes);
        return writeWithin(node, new LeafMethods(Map.of(node.name, node)), classBytes);
    }

    /**
     * Writes {@code node} with its checks; a method that strip-mining pushes past the JVM's
     * 64 KiB code limit (each strip-mined loop adds some 39 bytes where a back edge's check adds
     * 3) is written again from {@code shipped} with a check on each of its loops' back edges
     * instead, as it would have been before strip-mining; one that is too large even so throws.
     * On return {@code node} holds the methods as written.
     */
    private static byte[] writeWithin(ClassNode node, LeafMethods leaves, byte[] shipped) {
        final Set<String> unmined = new HashSet<>();
        ClassNode n = node;
        while (true) {
            try {
                final byte[] written = write(n, leaves, unmined);
                node.methods = n.methods;
                return written;
            } catch (MethodTooLargeException e) {
                if (!unmined.add(e.getMethodName() + e.getDescriptor())) {
                    throw e; // too large with checks on its back edges too
                }
                n = parse(shipped);
            }
        }
    }

    private static ClassNode parse(byte[] classBytes) {
        final ClassNode node = new ClassNode();
        // expanded frames: StripMining adds frames of its own, and a local to those in a loop
        new ClassReader(classBytes).accept(node, ClassReader.EXPAND_FRAMES);
        return node;
    }

    private static ClassNode parse(String library, String entry, byte[] classBytes) {
        try {
            return parse(classBytes);
        } catch (RuntimeException ex) { // ASM's answer to bytes it cannot parse
            throw refused(library, entry, ex);
        }
    }

    private static byte[] write(String library, String entry, ClassNode node,
            LeafMethods leaves, byte[] shipped) {
        try {
            return writeWithin(node, leaves, shipped);
        } catch (RuntimeException ex) {
            throw refused(library, entry, ex);
        }
    }

    private static LibraryLoadException refused(String library, String entry, RuntimeException ex) {
        return new LibraryLoadException(-Errno.ENOEXEC, "library " + library + ": class entry "
                + entry + " cannot be given preemption checks: " + ex, ex);
    }

    /**
     * Inserts the checks into {@code node}'s methods but its leaves; {@code leaves} was built
     * from the classes as shipped, before any of them was rewritten.
     */
    private static byte[] write(ClassNode node, LeafMethods leaves, Set<String> unmined) {
        for (MethodNode m : node.methods) {
            if (m.instructions.size() > 0 && !leaves.isLeaf(node, m)) {
                points(node.name, m, leaves, (node.version & 0xFFFF) >= Opcodes.V1_6,
                        !unmined.contains(m.name + m.desc));
            }
        }
        final ClassWriter writer = new ClassWriter(0);
        node.accept(writer);
        return writer.toByteArray();
    }

    private static void points(String owner, MethodNode m, LeafMethods leaves,
            boolean frames, boolean strip) {
        final InsnList code = m.instructions;
        final Map<LabelNode, Integer> at = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            if (code.get(i) instanceof LabelNode) {
                at.put((LabelNode) code.get(i), i);
            }
        }
        // backward branches, by the original positions; a counted loop that provably ends
        // keeps no check (BoundedLoops)
        final BoundedLoops bounded = new BoundedLoops(owner, m, at, leaves);
        final List<AbstractInsnNode> backward = new ArrayList<>();
        final List<BoundedLoops.Loop> mined = new ArrayList<>();
        for (int i = 0; i < code.size(); i++) {
            final AbstractInsnNode n = code.get(i);
            if (n instanceof JumpInsnNode && at.get(((JumpInsnNode) n).label) <= i
                    && !counted(code, bounded, at, (JumpInsnNode) n, i, mined)
                    || n instanceof TableSwitchInsnNode && anyBefore(at, i,
                            ((TableSwitchInsnNode) n).dflt, ((TableSwitchInsnNode) n).labels)
                    || n instanceof LookupSwitchInsnNode && anyBefore(at, i,
                            ((LookupSwitchInsnNode) n).dflt, ((LookupSwitchInsnNode) n).labels)
                    || n.getOpcode() == Opcodes.RET) {
                backward.add(n);
            }
        }
        // a strip-mined loop checks between its chunks only, and at its entry where a chunk or
        // a call may have run since the last check (ChunkEntries)
        final Map<LabelNode, Boolean> handlers = new HashMap<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            handlers.put(t.handler, rethrow(firstInsn(t.handler)) == null);
        }
        final Set<BoundedLoops.Loop> entries = ChunkEntries.dirty(owner, code, at, mined,
                new HashSet<>(backward), handlers, leaves);
        for (AbstractInsnNode n : backward) {
            code.insertBefore(n, poll());
        }
        // strip-mined loops share one new local for their limits: none contains another (a
        // method that already has the most locals a frame can hold checks every iteration)
        final int limit = m.maxLocals;
        final boolean mines = strip && limit < StripMining.MAX_LOCALS;
        boolean chunked = false;
        for (BoundedLoops.Loop loop : mined) {
            if (bounded.withinChunk(loop)) {
                // as javac wrote it: a run is at most a chunk; a check on its way in (only
                // the store before its head leads there) where ChunkEntries asks
                if (entries.contains(loop)) {
                    code.insertBefore(loop.top(), poll());
                }
            } else if (!mines || !StripMining.rewrite(code, loop, limit, frames,
                    entries.contains(loop))) {
                code.insertBefore(loop.back(), poll());
            } else {
                chunked = true;
            }
        }
        if ("<clinit>".equals(m.name)) {
            initialiserEnds(code);
        }
        if (chunked) {
            m.maxLocals = limit + 1;
            m.maxStack = Math.max(m.maxStack + 1, StripMining.MAX_STACK);
        }
        // handlers: a check cut out of every range, or (rethrowing) no check and the code cut
        // out of the ranges of handlers at or before it
        final Map<LabelNode, LabelNode[]> cuts = new HashMap<>();
        final Map<LabelNode, Boolean> rethrowing = new HashMap<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            if (cuts.containsKey(t.handler)) {
                continue;
            }
            final AbstractInsnNode first = firstInsn(t.handler);
            final AbstractInsnNode athrow = rethrow(first);
            final LabelNode from = new LabelNode();
            final LabelNode to = new LabelNode();
            if (athrow == null) {
                code.insertBefore(first, from);
                code.insertBefore(first, poll());
                code.insertBefore(first, to);
            } else {
                code.insertBefore(first, from);
                code.insert(athrow, to);
            }
            cuts.put(t.handler, new LabelNode[] {from, to});
            rethrowing.put(t.handler, athrow != null);
        }
        code.insert(poll()); // the method's entry, before any range starts
        final Map<AbstractInsnNode, Integer> pos = new HashMap<>();
        for (int i = 0; i < code.size(); i++) {
            pos.put(code.get(i), i);
        }
        final List<TryCatchBlockNode> table = new ArrayList<>();
        for (TryCatchBlockNode t : m.tryCatchBlocks) {
            final int s = pos.get(t.start);
            final int e = pos.get(t.end);
            final List<LabelNode[]> overlapping = new ArrayList<>();
            for (Map.Entry<LabelNode, LabelNode[]> c : cuts.entrySet()) {
                final LabelNode[] cut = c.getValue();
                final boolean applies = !rethrowing.get(c.getKey())
                        || pos.get(t.handler) <= pos.get(c.getKey());
                if (applies && pos.get(cut[0]) < e && pos.get(cut[1]) > s) {
                    overlapping.add(cut);
                }
            }
            overlapping.sort((a, b) -> Integer.compare(pos.get(a[0]), pos.get(b[0])));
            LabelNode from = t.start;
            for (LabelNode[] cut : overlapping) {
                if (pos.get(cut[0]) > pos.get(from)) {
                    range(code, pos, table, from, cut[0], t);
                }
                if (pos.get(cut[1]) > pos.get(from)) {
                    from = cut[1];
                }
            }
            if (e > pos.get(from)) {
                range(code, pos, table, from, t.end, t);
            }
        }
        m.tryCatchBlocks = table; // the entries' type annotations are not carried over
    }

    /**
     * A check before each return of a class initialiser: code that sets one off (a static
     * field, a leaf of another class) is straight-line code to {@link ChunkEntries}, so the
     * chunk the initialiser may have run must be behind a check when it returns. Once a class.
     */
    private static void initialiserEnds(InsnList code) {
        for (AbstractInsnNode n : code.toArray()) {
            if (n.getOpcode() == Opcodes.RETURN) {
                code.insertBefore(n, poll());
            }
        }
    }

    /**
     * @return whether {@code back} (at {@code g}) closes a loop that provably ends and is
     *     entered only through its head: it is strip-mined (added to {@code mined}), not checked
     *     at its back edge
     */
    private static boolean counted(InsnList code, BoundedLoops bounded,
            Map<LabelNode, Integer> at, JumpInsnNode back, int g, List<BoundedLoops.Loop> mined) {
        final BoundedLoops.Loop loop = bounded.loop(back, g);
        if (loop == null || StripMining.enteredInside(code, loop, at, g)) {
            return false;
        }
        mined.add(loop);
        return true;
    }

    /** Adds {@code [from, to)} of {@code t} to the table if it holds an instruction. */
    private static void range(InsnList code, Map<AbstractInsnNode, Integer> pos,
            List<TryCatchBlockNode> table, LabelNode from, LabelNode to, TryCatchBlockNode t) {
        for (int i = pos.get(from); i < pos.get(to); i++) {
            if (code.get(i).getOpcode() >= 0) {
                table.add(new TryCatchBlockNode(from, to, t.handler, t.type));
                return;
            }
        }
    }

    /** @return the first instruction at or after {@code label} (after its frame) */
    private static AbstractInsnNode firstInsn(LabelNode label) {
        AbstractInsnNode n = label;
        while (n.getOpcode() < 0) {
            n = n.getNext();
        }
        return n;
    }

    /**
     * @return the {@code athrow} that ends a rethrowing handler starting at {@code first}, or
     *     {@code null} if the handler can do anything else
     */
    private static AbstractInsnNode rethrow(AbstractInsnNode first) {
        int count = 0;
        for (AbstractInsnNode n = first; n != null && count <= RETHROW_LIMIT; n = n.getNext()) {
            final int op = n.getOpcode();
            if (op < 0) {
                continue; // labels, line numbers, frames
            }
            count++;
            if (op == Opcodes.ATHROW) {
                return n;
            }
            final boolean local = op >= Opcodes.ILOAD && op <= Opcodes.ALOAD
                    || op >= Opcodes.ISTORE && op <= Opcodes.ASTORE;
            final boolean stack = op >= Opcodes.POP && op <= Opcodes.SWAP
                    || op == Opcodes.ACONST_NULL || op == Opcodes.NOP;
            if (!local && !stack && op != Opcodes.MONITOREXIT) {
                return null;
            }
        }
        return null;
    }

    private static boolean anyBefore(Map<LabelNode, Integer> at, int i, LabelNode dflt,
            List<LabelNode> labels) {
        if (at.get(dflt) <= i) {
            return true;
        }
        for (LabelNode l : labels) {
            if (at.get(l) <= i) {
                return true;
            }
        }
        return false;
    }

    /** @return a new check: the call of {@link org.sofj.api.spi.Preemption#poll} */
    static MethodInsnNode poll() {
        return new MethodInsnNode(Opcodes.INVOKESTATIC, OWNER, POLL, "()V", false);
    }
}
