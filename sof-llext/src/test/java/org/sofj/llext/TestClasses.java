package org.sofj.llext;

import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Class files javac will not write, made with ASM for link-check tests. */
public final class TestClasses {
    private TestClasses() {
    }

    /**
     * @param name      the class's internal name
     * @param superName its superclass's internal name: another class of the same set makes a
     *                  cycle, which the JVM refuses only when it loads the class
     * @return a class whose static {@code run()} calls a static method {@code missing()} on
     *     itself that no class of the chain declares, so resolving it walks the whole chain
     */
    public static byte[] withSuper(String name, String superName) {
        final ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, superName, null);
        final MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run",
                "()V", null, null);
        run.visitCode();
        run.visitMethodInsn(Opcodes.INVOKESTATIC, name, "missing", "()V", false);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    /**
     * @param name  the class's internal name
     * @param depth how many arrays nest in one invisible annotation value
     * @return a well-formed class whose annotation value is {@code depth} arrays deep (3 bytes
     *     a level): a reader that recurses per level runs out of stack long before the end
     */
    public static byte[] deeplyAnnotated(String name, int depth) {
        final ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name, null, "java/lang/Object", null);
        final org.objectweb.asm.AnnotationVisitor[] levels =
                new org.objectweb.asm.AnnotationVisitor[depth + 1];
        levels[0] = cw.visitAnnotation("L" + name + ";", false);
        for (int i = 1; i <= depth; i++) {
            levels[i] = levels[i - 1].visitArray("v");
        }
        for (int i = depth; i >= 0; i--) {
            levels[i].visitEnd();
        }
        cw.visitEnd();
        return cw.toByteArray();
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

    /**
     * @param name       the class's internal name
     * @param owner      the owner of the method its static {@code run()} calls
     * @param method     the method's name
     * @param descriptor the method's descriptor
     * @param opcode     the call's opcode
     * @return a class whose {@code run()} makes one call, written in bytecode: the method may be
     *     one the compiling JDK does not have (a later JDK's), so javac could not write it
     */
    static byte[] calling(String name, String owner, String method, String descriptor,
            int opcode) {
        final ClassWriter cw = new ClassWriter(0);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL, name, null,
                "java/lang/Object", null);
        final MethodVisitor run = cw.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC, "run",
                "()V", null, null);
        run.visitCode();
        final int args = org.objectweb.asm.Type.getArgumentTypes(descriptor).length
                + (opcode == Opcodes.INVOKESTATIC ? 0 : 1);
        for (int i = 0; i < args; i++) {
            run.visitInsn(Opcodes.ACONST_NULL);
        }
        run.visitMethodInsn(opcode, owner, method, descriptor,
                opcode == Opcodes.INVOKEINTERFACE);
        run.visitInsn(Opcodes.RETURN);
        run.visitMaxs(args, 0);
        run.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
