package org.sofj.testkit.internal;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;

/**
 * The {@link ModuleContext} of a module run directly: kernel mode, memory from the system heap.
 * The record's components are the interface's accessors.
 */
record DirectContext(int moduleId, int instanceId, int componentId, int coreId,
        ModuleDescription description, BaseConfig baseConfig, ModuleMemory memory,
        MemoryAccess access, long initDataAddress, int initDataSize) implements ModuleContext {
    /** Component id (and module id) given to a directly run instance. */
    static final int COMPONENT_ID = 0x1000;

    DirectContext(ModuleDescription description, BaseConfig baseConfig, ModuleMemory memory,
            MemoryAccess access, long initAddress, int initSize) {
        this(COMPONENT_ID, 0, COMPONENT_ID, 0, description, baseConfig, memory, access,
                initAddress, initSize);
    }
}
