package org.sofj.llext;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files javac will not write, made with ASM for link-check tests. */
final class TestClasses {
    private TestClasses() {
    }

    /** @return a class named {@code java.lang.Thread} with {@code Thread(Runnable)} and
     *     {@code start()}, as a library would smuggle it in to pass for its own */
    static byte[] fakeThread() {
        final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "java/lang/Thread", null, "java/lang/Object",
                null);
        final MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>",
                "(Ljava/lang/Runnable;)V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        final MethodVisitor start = cw.visitMethod(Opcodes.ACC_PUBLIC, "start", "()V", null,
                null);
        start.visitCode();
        start.visitInsn(Opcodes.RETURN);
        start.visitMaxs(0, 0);
        start.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /** @return {@code test.plugin.BadBoot}, whose {@code run()} links an {@code invokedynamic}
     *     through its own bootstrap method */
    static byte[] ownBootstrap() {
        final String owner = "test/plugin/BadBoot";
        final String bsmDesc = "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;"
                + "Ljava/lang/invoke/MethodType;)Ljava/lang/invoke/CallSite;";
        final ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, owner, null,
                "java/lang/Object", null);
        final MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run",
                "()V", null, null);
        run.visitCode();
        run.visitInvokeDynamicInsn("x", "()V", new Handle(Opcodes.H_INVOKESTATIC, owner,
                "bootstrap", bsmDesc, false));
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        final MethodVisitor bsm = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
                "bootstrap", bsmDesc, null, null);
        bsm.visitCode();
        bsm.visitInsn(Opcodes.ACONST_NULL);
        bsm.visitInsn(Opcodes.ARETURN);
        bsm.visitMaxs(0, 0);
        bsm.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
