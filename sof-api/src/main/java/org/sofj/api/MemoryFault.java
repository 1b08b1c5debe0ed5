package org.sofj.api;

import java.util.Objects;

import org.sofj.api.memory.AccessKind;

/**
 * A user thread touched simulated memory its domain does not allow: the simulated MMU's access
 * violation. It kills the module instance that caused it, never the runtime.
 *
 * <p>The message names the thread, its domain, the address and length, the access kind and the
 * partition that was hit ({@code "unmapped"} when none covers the address).
 */
public class MemoryFault extends SofException {
    private static final long serialVersionUID = 1L;

    /** The name of the thread that made the access. */
    private final String threadName;
    /** The name of that thread's memory domain. */
    private final String domainName;
    /** The first simulated address of the access. */
    private final long address;
    /** The access's length in bytes. */
    private final long length;
    /** Read, write or execute. */
    private final AccessKind kind;
    /** The partition hit, or {@code "unmapped"}. */
    private final String partition;

    /**
     * Creates a fault.
     *
     * @param threadName the faulting thread
     * @param domainName the thread's current memory domain
     * @param address    the first simulated address of the access
     * @param length     the number of bytes accessed
     * @param kind       read, write or execute
     * @param partition  the partition that covered the address, or {@code "unmapped"}
     */
    public MemoryFault(String threadName, String domainName, long address, long length,
            AccessKind kind, String partition) {
        super("memory fault: thread=" + threadName + " domain=" + domainName
                + " address=0x" + Long.toHexString(address) + " length=" + length
                + " access=" + kind + " partition=" + partition);
        this.threadName = Objects.requireNonNull(threadName, "threadName");
        this.domainName = Objects.requireNonNull(domainName, "domainName");
        this.address = address;
        this.length = length;
        this.kind = Objects.requireNonNull(kind, "kind");
        this.partition = Objects.requireNonNull(partition, "partition");
    }

    /** {@return the name of the faulting thread} */
    public String threadName() {
        return threadName;
    }

    /** {@return the name of the thread's memory domain at the moment of the access} */
    public String domainName() {
        return domainName;
    }

    /** {@return the first simulated address of the denied access} */
    public long address() {
        return address;
    }

    /** {@return the number of bytes of the denied access} */
    public long length() {
        return length;
    }

    /** {@return the kind of the denied access} */
    public AccessKind kind() {
        return kind;
    }

    /** {@return the partition that covered the address, or {@code "unmapped"}} */
    public String partition() {
        return partition;
    }
}
