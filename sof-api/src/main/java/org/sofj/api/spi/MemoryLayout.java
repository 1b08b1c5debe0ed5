package org.sofj.api.spi;

import org.sofj.api.memory.MemoryRegions;

/**
 * The sizes of the simulated address space's regions. The memory system places them at fixed,
 * documented base addresses; here only their sizes are chosen.
 *
 * <p>Defaults are SOF's (ACE 3.0 / PTL) where SOF has a number, and documented choices where it
 * does not. Every size is a positive multiple of the page size; {@link Builder#build()} rejects
 * a layout whose regions do not fit below 4 GiB.
 *
 * @param kernelTextBytes       simulated kernel text and rodata, mapped in every domain
 *                              (execute/read)
 * @param systemHeapBytes       the kernel heap ({@code sof_heap}), kernel only
 * @param sharedBufferHeapBytes the shared buffer heap for audio rings
 * @param userHeapBytes         the global user heap that driver heaps are carved from (SOF's
 *                              virtual heap region)
 * @param libraryRegionBytes    the library region for module sections
 * @param hostboxBytes          the host mailbox (IPC payloads), page-aligned
 * @param replyBufferBytes      the IPC reply buffer, {@code SOF_IPC_MSG_MAX_SIZE}
 */
public record MemoryLayout(long kernelTextBytes, long systemHeapBytes, long sharedBufferHeapBytes,
        long userHeapBytes, long libraryRegionBytes, long hostboxBytes, long replyBufferBytes) {

    /** Default simulated kernel text/rodata: 64 KiB (a model; no SOF number applies). */
    public static final long DEFAULT_KERNEL_TEXT_BYTES = 0x10000;
    /** Default system heap: {@code 0xD0000}, {@code SOF_ZEPHYR_HEAP_SIZE} on ACE 3. */
    public static final long DEFAULT_SYSTEM_HEAP_BYTES = 0xD0000;
    /** Default shared buffer heap: {@code 0x10000}, {@code SOF_ZEPHYR_SHARED_BUFFER_HEAP_SIZE} on PTL. */
    public static final long DEFAULT_SHARED_BUFFER_HEAP_BYTES = 0x10000;
    /** Default global user heap: {@code 0x100000}, {@code SOF_ZEPHYR_VIRTUAL_HEAP_REGION_SIZE}. */
    public static final long DEFAULT_USER_HEAP_BYTES = 0x100000;
    /** Default library region: {@code 0x100000}, as SOF's llext library region. */
    public static final long DEFAULT_LIBRARY_REGION_BYTES = 0x100000;
    /** Default hostbox: 4096 bytes (one page, the inbox window). */
    public static final long DEFAULT_HOSTBOX_BYTES = 0x1000;
    /** Default reply buffer: {@code SOF_IPC_MSG_MAX_SIZE} = {@code 0x1000} for IPC4. */
    public static final long DEFAULT_REPLY_BUFFER_BYTES = 0x1000;

    private static final long MAX_REGION_BYTES = 1L << 30;

    /**
     * Validates every size.
     *
     * @param kernelTextBytes simulated kernel text and rodata, mapped in every domain
     *     (execute/read)
     * @param systemHeapBytes the kernel heap ({@code sof_heap}), kernel only
     * @param sharedBufferHeapBytes the shared buffer heap for audio rings
     * @param userHeapBytes the global user heap that driver heaps are carved from (SOF's virtual
     *     heap region)
     * @param libraryRegionBytes the library region for module sections
     * @param hostboxBytes the host mailbox (IPC payloads), page-aligned
     * @param replyBufferBytes the IPC reply buffer, {@code SOF_IPC_MSG_MAX_SIZE}
     * @throws IllegalArgumentException naming the field and value if a size is not a positive
     *     multiple of the page size or above 1 GiB
     */
    public MemoryLayout {
        check("kernelTextBytes", kernelTextBytes);
        check("systemHeapBytes", systemHeapBytes);
        check("sharedBufferHeapBytes", sharedBufferHeapBytes);
        check("userHeapBytes", userHeapBytes);
        check("libraryRegionBytes", libraryRegionBytes);
        check("hostboxBytes", hostboxBytes);
        check("replyBufferBytes", replyBufferBytes);
    }

    /**
     * SOF's defaults.
     *
     * @return the default layout
     */
    public static MemoryLayout defaults() {
        return builder().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    private static void check(String field, long value) {
        if (value <= 0 || value % MemoryRegions.PAGE_SIZE != 0 || value > MAX_REGION_BYTES) {
            throw new IllegalArgumentException(field + "=" + value
                    + " must be a positive multiple of " + MemoryRegions.PAGE_SIZE
                    + " and at most " + MAX_REGION_BYTES);
        }
    }

    /**
     * Builds a {@link MemoryLayout}. Each setter validates at once; setting an option twice is an
     * error.
     */
    public static final class Builder {
        private long kernelText = DEFAULT_KERNEL_TEXT_BYTES;
        private long systemHeap = DEFAULT_SYSTEM_HEAP_BYTES;
        private long sharedBufferHeap = DEFAULT_SHARED_BUFFER_HEAP_BYTES;
        private long userHeap = DEFAULT_USER_HEAP_BYTES;
        private long libraryRegion = DEFAULT_LIBRARY_REGION_BYTES;
        private long hostbox = DEFAULT_HOSTBOX_BYTES;
        private long replyBuffer = DEFAULT_REPLY_BUFFER_BYTES;
        private int setMask;

        private Builder() {
        }

        private long set(int bit, String field, long value) {
            if ((setMask & bit) != 0) {
                throw new IllegalStateException(field + " was already set");
            }
            check(field, value);
            setMask |= bit;
            return value;
        }

        /**
         * Sets the simulated kernel text and rodata size; default {@link
         * MemoryLayout#DEFAULT_KERNEL_TEXT_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder kernelTextBytes(long bytes) {
            kernelText = set(1, "kernelTextBytes", bytes);
            return this;
        }

        /**
         * Sets the kernel heap size; default {@link MemoryLayout#DEFAULT_SYSTEM_HEAP_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder systemHeapBytes(long bytes) {
            systemHeap = set(2, "systemHeapBytes", bytes);
            return this;
        }

        /**
         * Sets the shared buffer heap size, where audio rings live; default {@link
         * MemoryLayout#DEFAULT_SHARED_BUFFER_HEAP_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder sharedBufferHeapBytes(long bytes) {
            sharedBufferHeap = set(4, "sharedBufferHeapBytes", bytes);
            return this;
        }

        /**
         * Sets the global user heap size, from which driver heaps are carved; default {@link
         * MemoryLayout#DEFAULT_USER_HEAP_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder userHeapBytes(long bytes) {
            userHeap = set(8, "userHeapBytes", bytes);
            return this;
        }

        /**
         * Sets the library region size, where loaded libraries' sections live; default {@link
         * MemoryLayout#DEFAULT_LIBRARY_REGION_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder libraryRegionBytes(long bytes) {
            libraryRegion = set(16, "libraryRegionBytes", bytes);
            return this;
        }

        /**
         * Sets the host mailbox size (IPC payloads); default {@link
         * MemoryLayout#DEFAULT_HOSTBOX_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder hostboxBytes(long bytes) {
            hostbox = set(32, "hostboxBytes", bytes);
            return this;
        }

        /**
         * Sets the IPC reply buffer size; default {@link MemoryLayout#DEFAULT_REPLY_BUFFER_BYTES}.
         *
         * @param bytes a positive multiple of the page size, at most 1 GiB
         * @return this builder
         * @throws IllegalArgumentException naming the value if it is not
         * @throws IllegalStateException if the size was already set
         */
        public Builder replyBufferBytes(long bytes) {
            replyBuffer = set(64, "replyBufferBytes", bytes);
            return this;
        }

        /**
         * Builds the layout.
         *
         * @return the layout
         * @throws IllegalArgumentException if the regions together, with one guard page before
         *     each, do not fit below 4 GiB
         */
        public MemoryLayout build() {
            final long total = kernelText + systemHeap + sharedBufferHeap + userHeap
                    + libraryRegion + hostbox + replyBuffer + 8L * MemoryRegions.PAGE_SIZE;
            if (total >= MemoryRegions.ADDRESS_SPACE_SIZE) {
                throw new IllegalArgumentException("total=" + total
                        + " bytes of regions do not fit the 4 GiB address space");
            }
            return new MemoryLayout(kernelText, systemHeap, sharedBufferHeap, userHeap,
                    libraryRegion, hostbox, replyBuffer);
        }
    }
}
