package org.sofj.api.spi;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryDomain;
import org.sofj.api.memory.MemoryLayout;

/**
 * The simulated memory system: one 32-bit address space, its regions, memory domains and the
 * checked accessor. The runtime is its only client; it grows as the kernel needs more of it.
 */
public interface MemorySystem extends AutoCloseable {

    /** @return the layout the address space was built from */
    MemoryLayout layout();

    /**
     * The checked accessor: every access is checked against the calling thread's mode and
     * current domain. Thread-safe; the same instance serves every thread.
     *
     * @return the accessor
     */
    MemoryAccess access();

    /**
     * Creates an empty memory domain.
     *
     * @param name a name for faults and reports
     * @return the domain
     */
    MemoryDomain newDomain(String name);

    /** Releases the address space's off-heap memory. Idempotent. */
    @Override
    void close();
}
