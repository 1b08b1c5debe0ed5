package org.sofj.llext.internal.load;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Makes javac's counted {@code for} of any step and counter offset, so {@link StripMiningTest}
 * can compare many shapes without a copy of the same loop for each:
 * <pre>
 * public static long run(int start, int bound, int cap) {
 *     long h = 0;
 *     int n = 0;
 *     int i;
 *     for (i = start; i + OFFSET &lt; BOUND; i += STEP) {
 *         h = h * 31 + i;
 *         if (++n &gt;= cap) {
 *             break;
 *         }
 *     }
 *     return h * 31 + i + ((long) n &lt;&lt; 40);
 * }
 * </pre>
 * where {@code BOUND} is {@code bound}, or {@code (bound >> 1) + (bound - (bound >> 1))} (the
 * same value through an expression of invariant locals). The cap ends ranges that wrap past
 * {@code MAX_VALUE} after a few chunks; the result holds every counter value the loop saw, how
 * many iterations ran and the counter after the loop.
 */
final class CountedLoops {
    static final String NAME = "x/Counted";

    private CountedLoops() {
    }

    /**
     * @param step       the {@code iinc}'s constant, 1 to 32,767
     * @param offset     {@code k} in {@code i + k < BOUND}, 0 for none
     * @param expression whether the bound is an expression rather than the local
     * @return the class {@link #NAME} with that loop in {@code run}
     */
    static byte[] make(int step, int offset, boolean expression) {
        return make(step, offset, expression, Opcodes.V17, false);
    }

    /**
     * @param step       the {@code iinc}'s constant, 1 to 32,767
     * @param offset     {@code k} in {@code i + k < BOUND}, 0 for none
     * @param expression whether the bound is an expression rather than the local
     * @param version    the class file version (below Java 6's, no stack map frames)
     * @param allLocals  whether {@code run} also writes local 65,534, so it has the most
     *                   locals a method can have
     * @return the class {@link #NAME} with that loop in {@code run}
     */
    static byte[] make(int step, int offset, boolean expression, int version,
            boolean allLocals) {
        final ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        w.visit(version, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, NAME, null,
                "java/lang/Object", null);
        final MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run",
                "(III)J", null, null);
        m.visitCode();
        final int h = 3;
        final int n = 5;
        final int i = 6;
        if (allLocals) {
            m.visitInsn(Opcodes.ICONST_0);
            m.visitVarInsn(Opcodes.ISTORE, StripMining.MAX_LOCALS - 1);
        }
        m.visitInsn(Opcodes.LCONST_0);
        m.visitVarInsn(Opcodes.LSTORE, h);
        m.visitInsn(Opcodes.ICONST_0);
        m.visitVarInsn(Opcodes.ISTORE, n);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitVarInsn(Opcodes.ISTORE, i);
        final Label top = new Label();
        final Label next = new Label();
        final Label exit = new Label();
        m.visitLabel(top);
        m.visitVarInsn(Opcodes.ILOAD, i);
        if (offset != 0) {
            m.visitLdcInsn(Math.abs(offset));
            m.visitInsn(offset > 0 ? Opcodes.IADD : Opcodes.ISUB);
        }
        if (expression) {
            m.visitVarInsn(Opcodes.ILOAD, 1);
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.ISHR);
            m.visitVarInsn(Opcodes.ILOAD, 1);
            m.visitVarInsn(Opcodes.ILOAD, 1);
            m.visitInsn(Opcodes.ICONST_1);
            m.visitInsn(Opcodes.ISHR);
            m.visitInsn(Opcodes.ISUB);
            m.visitInsn(Opcodes.IADD);
        } else {
            m.visitVarInsn(Opcodes.ILOAD, 1);
        }
        m.visitJumpInsn(Opcodes.IF_ICMPGE, exit);
        hash(m, h, i);
        m.visitVarInsn(Opcodes.LSTORE, h);
        m.visitIincInsn(n, 1);
        m.visitVarInsn(Opcodes.ILOAD, n);
        m.visitVarInsn(Opcodes.ILOAD, 2);
        m.visitJumpInsn(Opcodes.IF_ICMPLT, next);
        m.visitJumpInsn(Opcodes.GOTO, exit);
        m.visitLabel(next);
        m.visitIincInsn(i, step);
        m.visitJumpInsn(Opcodes.GOTO, top);
        m.visitLabel(exit);
        hash(m, h, i);
        m.visitVarInsn(Opcodes.ILOAD, n);
        m.visitInsn(Opcodes.I2L);
        m.visitIntInsn(Opcodes.BIPUSH, 40);
        m.visitInsn(Opcodes.LSHL);
        m.visitInsn(Opcodes.LADD);
        m.visitInsn(Opcodes.LRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    /** Pushes {@code h * 31 + i}. */
    private static void hash(MethodVisitor m, int h, int i) {
        m.visitVarInsn(Opcodes.LLOAD, h);
        m.visitLdcInsn(31L);
        m.visitInsn(Opcodes.LMUL);
        m.visitVarInsn(Opcodes.ILOAD, i);
        m.visitInsn(Opcodes.I2L);
        m.visitInsn(Opcodes.LADD);
    }
}
