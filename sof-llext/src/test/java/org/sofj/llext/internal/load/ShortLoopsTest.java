package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.sofj.llext.internal.load.PreemptionPointsTest.Rewriting;

/**
 * A counted loop that provably runs at most a chunk each time ({@link BoundedLoops#withinChunk})
 * is left as javac wrote it: no chunk, no check of its own. Those just outside (a bound a chunk
 * and one away, a start farther than a chunk below the bound or not a constant, a step that
 * wraps past the bound) are strip-mined; a counter the body writes keeps its check on the back
 * edge. Each returns what the original returns.
 */
final class ShortLoopsTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // method, strip-mined loops, checked loops, checks
        "constant, 0, 0, 1",
        "offsetStart, 0, 0, 1",
        "exactChunk, 0, 0, 1",
        "chunkPlusOne, 1, 0, 2",
        "farStart, 1, 0, 2",
        "wraps, 1, 0, 2",
        "changedCounter, 0, 1, 2",
        "nested, 0, 0, 2", // the entry's and the outer loop's back edge
        "fromLocal, 1, 0, 2",
        "twoShort, 0, 0, 2", // the entry's and the second loop's way in
    })
    void shouldLeaveAShortLoopAsItWasAndComputeWhatTheOriginalComputes(String method,
            int mined, int checked, int checks) throws Exception {
        final byte[] b = PreemptionPoints.insert(PreemptionPointsTest.bytes("ShortLoops"));
        assertEquals(mined, limits(b, method), method + ": strip-mined loops");
        assertEquals(checked, PreemptionPointsTest.checkedLoops(b, method), method);
        assertEquals(checks, PreemptionPointsTest.polls(b, method), method);
        final Method original = ShortLoops.class.getMethod(method, int.class, int.class);
        final Method copy = new Rewriting(ShortLoops.class).loadClass(ShortLoops.class.getName())
                .getMethod(method, int.class, int.class);
        copy.setAccessible(true); // ShortLoops is not public; its copy is the test loader's
        final Random random = new Random(method.hashCode());
        for (int i = 0; i < 20; i++) {
            final int seed = i < 10 ? 90 + i : random.nextInt();
            final int cap = 1 + random.nextInt(200);
            assertEquals(original.invoke(null, seed, cap), copy.invoke(null, seed, cap),
                    method + "(" + seed + ", " + cap + ")");
        }
    }

    /** @return how many loops of {@code method} compute a chunk's limit (two long mins each) */
    private static int limits(byte[] classBytes, String method) throws IOException {
        final ClassNode c = new ClassNode();
        new ClassReader(classBytes).accept(c, 0);
        int n = 0;
        for (MethodNode m : c.methods) {
            for (AbstractInsnNode i : m.instructions) {
                if (m.name.equals(method) && i instanceof MethodInsnNode
                        && ((MethodInsnNode) i).name.equals("min")
                        && ((MethodInsnNode) i).desc.equals("(JJ)J")) {
                    n++;
                }
            }
        }
        return n / 2;
    }
}
