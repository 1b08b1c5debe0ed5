package org.sofj.api.spi;

import org.sofj.api.memory.AccessKind;

/**
 * Access rights of a memory partition, Zephyr's {@code K_MEM_PARTITION_P_*} attributes: what
 * kernel mode ({@code P_}) and user mode ({@code U_}) may do.
 *
 * <p>{@link #P_RWX_U_RWX} and {@link #P_RWX_U_NA} exist so that a domain can be shown to reject
 * write-and-execute partitions ({@code CONFIG_EXECUTE_XOR_WRITE}); no sofj flow creates them.
 */
public enum PartitionAttribute {
    /** Kernel read/write, user read/write: heaps, BSS, writable module data. */
    P_RW_U_RW(true, true, false, true, true, false),
    /** Kernel read/write, user read-only. */
    P_RW_U_RO(true, true, false, true, false, false),
    /** Kernel read/write, user no access: kernel structs a syscall must reach (the heap struct). */
    P_RW_U_NA(true, true, false, false, false, false),
    /** Kernel and user read-only: rodata, the hostbox during a call, fast_get copies. */
    P_RO_U_RO(true, false, false, true, false, false),
    /** Kernel and user read/execute: module code. */
    P_RX_U_RX(true, false, true, true, false, true),
    /** Kernel and user read/write/execute: violates write-xor-execute, always rejected. */
    P_RWX_U_RWX(true, true, true, true, true, true),
    /** Kernel read/write/execute, user no access: violates write-xor-execute, always rejected. */
    P_RWX_U_NA(true, true, true, false, false, false);

    private final boolean kernelRead;
    private final boolean kernelWrite;
    private final boolean kernelExecute;
    private final boolean userRead;
    private final boolean userWrite;
    private final boolean userExecute;

    PartitionAttribute(boolean kernelRead, boolean kernelWrite, boolean kernelExecute,
            boolean userRead, boolean userWrite, boolean userExecute) {
        this.kernelRead = kernelRead;
        this.kernelWrite = kernelWrite;
        this.kernelExecute = kernelExecute;
        this.userRead = userRead;
        this.userWrite = userWrite;
        this.userExecute = userExecute;
    }

    /**
     * Whether this attribute allows an access. Does not allocate.
     *
     * @param user {@code true} for a user-mode access, {@code false} for kernel mode
     * @param kind the access kind
     * @return {@code true} if allowed
     */
    public boolean allows(boolean user, AccessKind kind) {
        switch (kind) {
            case READ: return user ? userRead : kernelRead;
            case WRITE: return user ? userWrite : kernelWrite;
            default: return user ? userExecute : kernelExecute;
        }
    }

    /**
     * Whether the attribute is both writable and executable in some mode, which a domain rejects.
     *
     * @return {@code true} for the write-and-execute attributes
     */
    public boolean isWriteAndExecute() {
        return (kernelWrite || userWrite) && (kernelExecute || userExecute);
    }
}
