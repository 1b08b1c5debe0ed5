package org.sofj.api.memory;

import java.util.Objects;

/**
 * One live allocation of a module instance, as a leak report lists it.
 *
 * @param address the simulated address returned to the module
 * @param size    the size the module asked for, in bytes
 * @param kind    how it was obtained
 */
public record Allocation(long address, long size, Kind kind) {

    /** How an allocation was obtained, SOF's {@code MOD_RES_*} resource types. */
    public enum Kind {
        /** {@code mod_alloc}, {@code mod_zalloc} or an aligned variant. */
        HEAP,
        /** {@code mod_fast_get}: a reference to a shared or private fast_get copy. */
        FAST_GET
    }

    /**
     * Validates the fields.
     *
     * @param address the simulated address returned to the module
     * @param size the size the module asked for, in bytes
     * @param kind how it was obtained
     * @throws NullPointerException if {@code kind} is null
     * @throws IllegalArgumentException if {@code address} or {@code size} is not positive
     */
    public Allocation {
        Objects.requireNonNull(kind, "kind");
        if (address <= 0) {
            throw new IllegalArgumentException("address=" + address + " must be positive");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("size=" + size + " must be positive");
        }
    }
}
