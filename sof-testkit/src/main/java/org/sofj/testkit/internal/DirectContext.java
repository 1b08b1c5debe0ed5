package org.sofj.testkit.internal;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;

/** The {@link ModuleContext} of a module run directly: kernel mode, memory from the system heap. */
final class DirectContext implements ModuleContext {
    /** Component id given to a directly run instance. */
    static final int COMPONENT_ID = 0x1000;

    private final ModuleDescription description;
    private final BaseConfig baseConfig;
    private final ModuleMemory memory;
    private final MemoryAccess access;
    private final long initAddress;
    private final int initSize;

    DirectContext(ModuleDescription description, BaseConfig baseConfig, ModuleMemory memory,
            MemoryAccess access, long initAddress, int initSize) {
        this.description = description;
        this.baseConfig = baseConfig;
        this.memory = memory;
        this.access = access;
        this.initAddress = initAddress;
        this.initSize = initSize;
    }

    @Override
    public int moduleId() {
        return COMPONENT_ID;
    }

    @Override
    public int instanceId() {
        return 0;
    }

    @Override
    public int componentId() {
        return COMPONENT_ID;
    }

    @Override
    public int coreId() {
        return 0;
    }

    @Override
    public ModuleDescription description() {
        return description;
    }

    @Override
    public BaseConfig baseConfig() {
        return baseConfig;
    }

    @Override
    public ModuleMemory memory() {
        return memory;
    }

    @Override
    public MemoryAccess access() {
        return access;
    }

    @Override
    public long initDataAddress() {
        return initAddress;
    }

    @Override
    public int initDataSize() {
        return initSize;
    }
}
