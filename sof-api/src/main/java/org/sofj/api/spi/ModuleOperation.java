package org.sofj.api.spi;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.sofj.api.BindInfo;
import org.sofj.api.ConfigFragment;
import org.sofj.api.ModuleContext;
import org.sofj.api.ProcessingMode;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;

/**
 * The operations of {@link ProcessingModule}, and which of them a module class overrides: the
 * runtime's proxy short-circuits an absent optional operation without reaching the module's
 * thread, as SOF's proxy checks its {@code module_interface} pointers.
 */
public enum ModuleOperation {
    /** {@code init}, required. */
    INIT("init", ModuleContext.class),
    /** {@code prepare}. */
    PREPARE("prepare", Source[].class, Sink[].class),
    /** {@code process}, required. */
    PROCESS("process", Source[].class, Sink[].class),
    /** {@code is_ready_to_process}. */
    IS_READY_TO_PROCESS("isReadyToProcess", Source[].class, Sink[].class),
    /** {@code set_configuration}. */
    SET_CONFIGURATION("setConfiguration", int.class, ConfigFragment.class, int.class,
            MemoryView.class),
    /** {@code get_configuration}. */
    GET_CONFIGURATION("getConfiguration", int.class, MemoryView.class),
    /** {@code set_processing_mode}. */
    SET_PROCESSING_MODE("setProcessingMode", ProcessingMode.class),
    /** {@code get_processing_mode}. */
    GET_PROCESSING_MODE("getProcessingMode"),
    /** {@code reset}. */
    RESET("reset"),
    /** {@code free}. */
    FREE("free"),
    /** {@code bind}. */
    BIND("bind", BindInfo.class),
    /** {@code unbind}. */
    UNBIND("unbind", BindInfo.class),
    /** {@code trigger}. */
    TRIGGER("trigger", TriggerCommand.class);

    private final String methodName;
    private final Class<?>[] parameterTypes;

    ModuleOperation(String methodName, Class<?>... parameterTypes) {
        this.methodName = methodName;
        this.parameterTypes = parameterTypes;
    }

    /**
     * The operations {@code moduleClass} implements itself (required ones always count): those
     * whose public method is not the {@link ProcessingModule} default. Cold path; uses reflection
     * on public members only.
     *
     * @param moduleClass a module class
     * @return a new mutable set
     * @throws NullPointerException if {@code moduleClass} is null
     */
    public static Set<ModuleOperation> implementedBy(Class<? extends ProcessingModule> moduleClass) {
        Objects.requireNonNull(moduleClass, "moduleClass");
        final Set<ModuleOperation> result = EnumSet.noneOf(ModuleOperation.class);
        for (ModuleOperation op : values()) {
            try {
                final Method m = moduleClass.getMethod(op.methodName, op.parameterTypes);
                if (m.getDeclaringClass() != ProcessingModule.class) {
                    result.add(op);
                }
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("ProcessingModule lacks " + op.methodName, e);
            }
        }
        return result;
    }
}
