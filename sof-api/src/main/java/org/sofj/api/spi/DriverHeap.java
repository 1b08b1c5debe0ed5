package org.sofj.api.spi;


/**
 * A per-module-type heap carved from the global user heap, SOF's {@code drv->user_heap}.
 */
public interface DriverHeap extends Heap {

    /** {@return the {@code P_RW_U_RW} partition covering the heap's memory, page-aligned} */
    Partition memoryPartition();

    /**
     * {@return the {@code P_RW_U_NA} partition covering the heap's control struct in kernel-only
     * memory: a syscall may touch it, user code may not}
     */
    Partition controlPartition();

    /**
     * Returns the heap's memory and control struct to where they came from
     * ({@code module_driver_heap_remove}).
     *
     * @return 0, or {@code -Errno.EBUSY} while blocks are still allocated (nothing changes)
     */
    int remove();
}
