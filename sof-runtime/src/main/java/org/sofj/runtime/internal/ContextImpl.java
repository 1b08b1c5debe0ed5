package org.sofj.runtime.internal;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;

/** The {@link ModuleContext} of one instance. Immutable but for the init-data window. */
final class ContextImpl implements ModuleContext {
    private final int moduleId;
    private final int instanceId;
    private final int componentId;
    private final int core;
    private final ModuleDescription description;
    private final BaseConfig baseConfig;
    private final ModuleMemory memory;
    private final MemoryAccess access;
    private final long initDataAddress;
    private final int initDataSize;
    private final org.sofj.api.spi.LibraryLoader.Library library;
    long bss;

    ContextImpl(int moduleId, int instanceId, int componentId, int core,
            ModuleDescription description, BaseConfig baseConfig, ModuleMemory memory,
            MemoryAccess access, long initDataAddress, int initDataSize,
            org.sofj.api.spi.LibraryLoader.Library library) {
        this.moduleId = moduleId;
        this.instanceId = instanceId;
        this.componentId = componentId;
        this.core = core;
        this.description = description;
        this.baseConfig = baseConfig;
        this.memory = memory;
        this.access = access;
        this.initDataAddress = initDataAddress;
        this.initDataSize = initDataSize;
        this.library = library;
    }

    @Override
    public int moduleId() {
        return moduleId;
    }

    @Override
    public int instanceId() {
        return instanceId;
    }

    @Override
    public int componentId() {
        return componentId;
    }

    @Override
    public int coreId() {
        return core;
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
        return initDataAddress;
    }

    @Override
    public int initDataSize() {
        return initDataSize;
    }

    @Override
    public long bssAddress() {
        return bss;
    }

    @Override
    public long resourceAddress(String resource) {
        return library == null ? 0
                : library.resourceAddress(description.name(), resource).orElse(0);
    }
}
