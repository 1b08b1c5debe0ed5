package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The bound strip-mining promises, run: a thread in the library's code runs at most one chunk
 * ({@link StripMining#CHUNK} iterations of one loop) between two checks, though a loop checks
 * only between its own chunks ({@link ChunkEntries} gives a check to a loop entered after
 * another's chunk or a call). {@link ChunkBound} is rewritten as the loader does, with each
 * check redirected to {@link ChunkProbe#poll}, which measures the iterations since the last.
 */
final class ChunkBoundTest {
    private static final String BOUND = "org.sofj.llext.internal.load.ChunkBound";

    @ParameterizedTest(name = "{0}")
    @CsvSource({"siblings, 3", "afterCall, 2", "aroundLeaf, 2", "afterLeaf, 1", "handler, 2",
        "nested, 4"})
    void shouldRunAtMostOneChunkBetweenTwoChecks(String method, int loops) throws Exception {
        final Class<?> c = probed();
        final int n = StripMining.CHUNK; // each loop one whole chunk: none checks on its own
        ChunkProbe.reset();
        final boolean nested = method.equals("nested");
        final Method m = nested ? c.getMethod(method, int.class, int.class)
                : c.getMethod(method, int.class);
        m.setAccessible(true); // ChunkBound is not public; this copy is the test loader's
        if (nested) {
            m.invoke(null, n, loops - 1);
        } else {
            m.invoke(null, n);
        }
        ChunkProbe.poll(); // the caller's next check, once the call is back
        assertEquals(loops * n, ChunkProbe.count, method + " ran its loops");
        assertTrue(ChunkProbe.gap <= StripMining.CHUNK, method + ": " + ChunkProbe.gap
                + " iterations between two checks");
    }

    @Test
    void shouldCheckOnlyTheEntriesThatFollowAChunkOrACall() throws IOException {
        final byte[] b = PreemptionPoints.insert(PreemptionPointsTest.bytes("ChunkBound"));
        // a leaf is straight-line code: the loop after it starts right after the entry's
        // check, and runs none of its own but between its chunks
        assertEquals(2, PreemptionPointsTest.polls(b, "afterLeaf"));
        assertEquals(2, PreemptionPointsTest.polls(b, "one"));
        // the entry's, the second loop's entry (after the first's chunk) and one per loop
        assertEquals(4, PreemptionPointsTest.polls(b, "aroundLeaf"));
        assertEquals(3, PreemptionPointsTest.polls(b, "afterCall"));
        assertEquals(6, PreemptionPointsTest.polls(b, "siblings"));
        for (String m : new String[] {"siblings", "afterCall", "aroundLeaf", "handler"}) {
            assertEquals(0, PreemptionPointsTest.checkedLoops(b, m), m);
        }
    }

    /** @return {@link ChunkBound} as the loader rewrites it, its checks on {@link ChunkProbe} */
    private static Class<?> probed() throws IOException, ClassNotFoundException {
        final ClassNode node = new ClassNode();
        new ClassReader(PreemptionPoints.insert(PreemptionPointsTest.bytes("ChunkBound")))
                .accept(node, 0);
        for (MethodNode m : node.methods) {
            for (AbstractInsnNode n : m.instructions) {
                if (n instanceof MethodInsnNode
                        && ((MethodInsnNode) n).owner.equals(PreemptionPoints.OWNER)) {
                    ((MethodInsnNode) n).owner = ChunkProbe.class.getName().replace('.', '/');
                }
            }
        }
        final ClassWriter w = new ClassWriter(0);
        node.accept(w);
        final byte[] bytes = w.toByteArray();
        return new ClassLoader(ChunkBoundTest.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve)
                    throws ClassNotFoundException {
                if (!name.equals(BOUND)) {
                    return super.loadClass(name, resolve);
                }
                synchronized (getClassLoadingLock(name)) {
                    final Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, bytes, 0, bytes.length);
                }
            }
        }.loadClass(BOUND);
    }

    static {
        assertEquals(BOUND, ChunkBound.class.getName()); // a rename must change BOUND too
    }
}
