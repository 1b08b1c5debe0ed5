package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.sofj.llext.internal.load.PreemptionPointsTest.Rewriting;

/**
 * Strip-mining ({@link StripMining}) in shapes its authors' tests do not have ({@link
 * StripShapes}, and a generated one whose locals need wide instructions): each is
 * strip-mined (no check on its back edge) and returns or throws exactly what it did.
 */
final class StripShapesTest {
    private static final int CASES = 400;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"continueBreak", "labelled", "caught", "siblings", "lambda",
        "built"})
    void shouldComputeWhatTheOriginalComputes(String name) throws Exception {
        final Method original = StripShapes.class.getMethod(name, int.class, int.class,
                int.class);
        final Method copy = rewritten().getMethod(name, int.class, int.class, int.class);
        final Random random = new Random(name.hashCode());
        for (int i = 0; i < CASES; i++) {
            final int start = StripMiningTest.edgy(random);
            final int bound = random.nextBoolean() ? StripMiningTest.edgy(random)
                    : start + random.nextInt(4 * StripMining.CHUNK) - 99;
            final int cap = 1 + random.nextInt(i % 2 == 0 ? 5000 : 3 * StripMining.CHUNK);
            assertEquals(StripMiningTest.outcome(original, start, bound, cap),
                    StripMiningTest.outcome(copy, start, bound, cap),
                    name + "(" + start + ", " + bound + ", " + cap + ")");
        }
    }

    @Test
    void shouldStripMineEachShape() throws IOException {
        final byte[] b = PreemptionPoints.insert(PreemptionPointsTest.bytes("StripShapes"));
        for (String m : new String[] {"<clinit>", "continueBreak", "caught", "longs",
            "lambda$lambda$0"}) {
            assertEquals(0, PreemptionPointsTest.checkedLoops(b, m), m);
            // the entry's and the one between chunks; caught's handler has its own, and a
            // class initialiser checks before it returns
            assertEquals(m.equals("caught") || m.equals("<clinit>") ? 3 : 2,
                    PreemptionPointsTest.polls(b, m), m);
        }
        // the inner loop mined (no check inside it), the outer checked at its back edge: the
        // entry's, the outer back edge's and the one between the inner loop's chunks
        assertEquals(0, PreemptionPointsTest.checkedLoops(b, "labelled"));
        assertEquals(3, PreemptionPointsTest.polls(b, "labelled"));
        // the second sibling may start right after the first's chunk: a check at its entry
        assertEquals(0, PreemptionPointsTest.checkedLoops(b, "siblings"));
        assertEquals(4, PreemptionPointsTest.polls(b, "siblings"));
        final byte[] built = PreemptionPoints.insert(
                PreemptionPointsTest.bytes("StripShapes$Built"));
        assertEquals(0, PreemptionPointsTest.checkedLoops(built, "<init>"));
        assertEquals(2, PreemptionPointsTest.polls(built, "<init>"));
    }

    @Test
    void shouldInitialiseAndReadLongsAsTheOriginal() throws Exception {
        final Class<?> c = rewritten();
        final Method init = c.getMethod("init");
        init.setAccessible(true); // StripShapes is not public; its copy is the loader's
        assertEquals(StripShapes.init(), init.invoke(null));
        final Method original = StripShapes.class.getMethod("longs", long[].class, int.class,
                int.class);
        final Method copy = c.getMethod("longs", long[].class, int.class, int.class);
        final Random random = new Random(11);
        for (int i = 0; i < CASES; i++) {
            final long[] a = random.longs(random.nextInt(3 * StripMining.CHUNK + 9)).toArray();
            final int w = random.nextBoolean() ? StripMiningTest.edgy(random)
                    : random.nextInt(40) - 20;
            final int start = random.nextBoolean() ? StripMiningTest.edgy(random)
                    : random.nextInt(40) - 20;
            assertEquals(StripMiningTest.outcome(original, a, w, start),
                    StripMiningTest.outcome(copy, a, w, start),
                    "longs(" + a.length + ", " + w + ", " + start + ")");
        }
    }

    @Test
    void shouldStripMineALoopWhoseLocalsAreWide() throws Exception {
        final byte[] original = shifted(CountedLoops.make(3, 0, true), 300);
        final byte[] rewritten = PreemptionPoints.insert(original);
        assertEquals(0, PreemptionPointsTest.checkedLoops(rewritten, "run"));
        final Method a = StripMiningTest.run(original);
        final Method b = StripMiningTest.run(rewritten);
        final Random random = new Random(3);
        for (int i = 0; i < CASES; i++) {
            final int start = StripMiningTest.edgy(random);
            final int bound = start + random.nextInt(4 * StripMining.CHUNK) - 99;
            final int cap = 1 + random.nextInt(3 * StripMining.CHUNK);
            assertEquals(StripMiningTest.outcome(a, start, bound, cap),
                    StripMiningTest.outcome(b, start, bound, cap));
        }
    }

    @Test
    void shouldStillLoadAMethodNearTheSizeLimit() throws Exception {
        // as large as a method may be with the entry's check and one back edge's check added
        // (before strip-mining it loaded; strip-mined it would pass 64 KiB: its loop is checked
        // on its back edge instead, PreemptionPoints.writeWithin). The red helper's test
        final byte[] original = padded(CountedLoops.make(1, 0, false), 65_535 - 6);
        final byte[] rewritten = PreemptionPoints.insert(original);
        assertTrue(rewritten.length > 0);
        assertEquals(1, PreemptionPointsTest.checkedLoops(rewritten, "run"));
        assertEquals(StripMiningTest.outcome(StripMiningTest.run(original), 5, 9, 100),
                StripMiningTest.outcome(StripMiningTest.run(rewritten), 5, 9, 100));
    }

    private static Class<?> rewritten() throws ClassNotFoundException {
        return new Rewriting(StripShapes.class).loadClass(StripShapes.class.getName());
    }

    /** @return {@code bytes} with every local of {@code run} from slot 3 on moved up by d */
    private static byte[] shifted(byte[] bytes, int d) {
        return adapt(bytes, m -> new MethodVisitor(Opcodes.ASM9, m) {
            @Override
            public void visitVarInsn(int opcode, int var) {
                super.visitVarInsn(opcode, var < 3 ? var : var + d);
            }

            @Override
            public void visitIincInsn(int var, int increment) {
                super.visitIincInsn(var < 3 ? var : var + d, increment);
            }
        });
    }

    private static byte[] adapt(byte[] bytes,
            UnaryOperator<MethodVisitor> adapter) {
        final ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, w) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor,
                    String signature, String[] exceptions) {
                final MethodVisitor m = super.visitMethod(access, name, descriptor, signature,
                        exceptions);
                return name.equals("run") ? adapter.apply(m) : m;
            }
        }, ClassReader.SKIP_FRAMES);
        return w.toByteArray();
    }

    /** @return {@code bytes} with {@code run} padded by nops at its start to {@code size} */
    private static byte[] padded(byte[] bytes, int size) {
        final int length = codeLength(bytes);
        return adapt(bytes, m -> new MethodVisitor(Opcodes.ASM9, m) {
            @Override
            public void visitCode() {
                super.visitCode();
                for (int i = length; i < size; i++) {
                    super.visitInsn(Opcodes.NOP);
                }
            }
        });
    }

    /** @return the length in bytes of {@code run}'s code */
    private static int codeLength(byte[] bytes) {
        final int[] length = new int[1];
        adapt(bytes, m -> new MethodVisitor(Opcodes.ASM9, m) {
            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                final Label end = new Label();
                super.visitLabel(end);
                length[0] = end.getOffset();
                super.visitMaxs(maxStack, maxLocals);
            }
        });
        return length[0];
    }
}
