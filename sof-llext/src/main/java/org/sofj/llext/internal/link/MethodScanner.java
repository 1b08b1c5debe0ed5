package org.sofj.llext.internal.link;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Visits one method's instructions, handing each reference to {@link References}. A lambda's
 * body is a method of the class and is scanned like any other; the method handle a lambda or
 * method reference is made from is checked as a reference to its target.
 */
final class MethodScanner extends MethodVisitor {
    private final References refs;

    MethodScanner(References refs) {
        super(Opcodes.ASM9);
        this.refs = refs;
    }

    @Override
    public void visitLineNumber(int line, Label start) {
        refs.line(line);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        refs.typeOrArray(type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        refs.member(owner, name, descriptor);
        refs.descriptor(descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        refs.member(owner, name, descriptor);
        refs.descriptor(descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
        final String key = bootstrap.getOwner() + "#" + bootstrap.getName();
        if (!LinkChecker.BOOTSTRAPS.contains(key)) {
            refs.refuse("references " + SourceTerms.type(bootstrap.getOwner()) + "."
                    + bootstrap.getName() + " (invokedynamic bootstrap)",
                    "denied (method handles)");
        }
        refs.descriptor(descriptor);
        for (Object arg : arguments) {
            constant(arg);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (value instanceof Handle || value instanceof ConstantDynamic) {
            refs.refuse("loads constant " + value, "denied (method handles)");
        } else {
            constant(value);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        refs.descriptor(descriptor);
    }

    private void constant(Object value) {
        if (value instanceof Handle h) {
            refs.member(h.getOwner(), h.getName(), h.getDesc());
            refs.descriptor(h.getDesc());
        } else if (value instanceof Type t) {
            refs.descriptor(t.getDescriptor());
        } else if (value instanceof ConstantDynamic c) {
            refs.refuse("loads dynamic constant " + c.getName(), "denied (method handles)");
        }
    }
}
