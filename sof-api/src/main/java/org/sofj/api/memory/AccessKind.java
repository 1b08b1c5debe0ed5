package org.sofj.api.memory;

/** The kind of a memory access, as the simulated MMU checks it. */
public enum AccessKind {
    /** A load. */
    READ,
    /** A store. */
    WRITE,
    /** Execution: calling into a module's code section. */
    EXECUTE
}
