package org.sofj.llext.internal.link;

import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Visits one method's instructions, handing each reference to {@link References}. */
final class MethodScanner extends MethodVisitor {
    private final References refs;
    private final String method;

    MethodScanner(References refs, String method) {
        super(Opcodes.ASM9);
        this.refs = refs;
        this.method = method;
    }

    private References at() {
        refs.from(method);
        return refs;
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        at().typeOrArray(type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        at().member(owner, name, descriptor);
        refs.descriptor(descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
            boolean isInterface) {
        at().member(owner, name, descriptor);
        refs.descriptor(descriptor);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap,
            Object... arguments) {
        final String key = bootstrap.getOwner() + "#" + bootstrap.getName();
        if (!LinkChecker.BOOTSTRAPS.contains(key)) {
            at().refuse(References.dotted(bootstrap.getOwner()) + "." + bootstrap.getName()
                    + " (invokedynamic bootstrap)", "denied (method handles)");
        }
        at().descriptor(descriptor);
        for (Object arg : arguments) {
            constant(arg);
        }
    }

    @Override
    public void visitLdcInsn(Object value) {
        if (value instanceof Handle || value instanceof ConstantDynamic) {
            at().refuse("constant " + value, "denied (method handles)");
        } else {
            constant(value);
        }
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
        at().descriptor(descriptor);
    }

    private void constant(Object value) {
        if (value instanceof Handle h) {
            at().member(h.getOwner(), h.getName(), h.getDesc());
            refs.descriptor(h.getDesc());
        } else if (value instanceof Type t) {
            at().descriptor(t.getDescriptor());
        } else if (value instanceof ConstantDynamic c) {
            at().refuse("dynamic constant " + c.getName(), "denied (method handles)");
        }
    }
}
