package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.sofj.api.LibraryLoadException;

/**
 * The checks {@link PreemptionPoints} inserts make code longer: a method whose jumps the checks
 * push past a 16-bit offset still loads and runs, and one they push past the JVM's 64 KiB code
 * limit fails the load in one line naming the class entry and the method, before anything is
 * defined. Both held when tried (regression tests).
 */
final class PreemptionPointsLimitsTest {
    /** These one-instruction loops and the main loop's back edge get a check each (and the
     * entry one): 66 bytes more. */
    private static final int BACK_EDGES = 20;

    @Test
    void shouldWidenTheJumpsTheChecksPushPastASignedShortOffset() throws Exception {
        // 32,754 bytes from the loop's top to its back edge: the checks push it to 32,817,
        // past a signed short, so the goto becomes a goto_w
        final byte[] rewritten = PreemptionPoints.insert(big(10_890));
        final Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass("x.Big", rewritten, 0, rewritten.length);
            }
        }.define();
        assertEquals(-1, c.getMethod("spin", int.class).invoke(null, -1));
    }

    @Test
    void shouldRefuseAMethodTheChecksPushPastTheCodeLimitNamingIt() {
        // 65,489 bytes of code fit; with the checks' 66 more they do not
        final Map<String, byte[]> entries = new TreeMap<>(Map.of("x/Big.class",
                big(21_800)));
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> PreemptionPoints.insert("lib", new TreeMap<>(entries)));
        assertEquals("library lib: class entry x/Big.class cannot be given preemption checks: "
                + "org.objectweb.asm.MethodTooLargeException: Method too large: x/Big.spin (I)I "
                + "(-ENOEXEC)",
                e.getMessage());
    }

    /**
     * {@code static int spin(int v)}: a loop whose test leaves when {@code v < 0}, then
     * {@code iincs} increments of {@code v} and {@link #BACK_EDGES} one-instruction loops.
     */
    private static byte[] big(int iincs) {
        final ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "x/Big", null, "java/lang/Object", null);
        final MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "spin",
                "(I)I", null, null);
        m.visitCode();
        final Label top = new Label();
        final Label exit = new Label();
        m.visitLabel(top);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitJumpInsn(Opcodes.IFLT, exit);
        for (int i = 0; i < iincs; i++) {
            m.visitIincInsn(0, 1);
        }
        for (int j = 0; j < BACK_EDGES; j++) {
            final Label l = new Label();
            m.visitLabel(l);
            m.visitVarInsn(Opcodes.ILOAD, 0);
            m.visitJumpInsn(Opcodes.IFLT, l);
        }
        m.visitJumpInsn(Opcodes.GOTO, top);
        m.visitLabel(exit);
        m.visitVarInsn(Opcodes.ILOAD, 0);
        m.visitInsn(Opcodes.IRETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }
}
