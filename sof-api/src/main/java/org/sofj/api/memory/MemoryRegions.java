package org.sofj.api.memory;

/**
 * Page and alignment arithmetic of the simulated address space. Pure functions; no allocation.
 */
public final class MemoryRegions {
    /** The MMU page size, {@code CONFIG_MM_DRV_PAGE_SIZE}: 4096 bytes. */
    public static final int PAGE_SIZE = 4096;

    /** The data-cache line, {@code PLATFORM_DCACHE_ALIGN} on ACE: 64 bytes. */
    public static final int DCACHE_ALIGN = 64;

    /** The size of the simulated 32-bit physical address space: 4 GiB. */
    public static final long ADDRESS_SPACE_SIZE = 1L << 32;

    /** The null simulated address: what an allocator returns on failure. */
    public static final long NULL = 0L;

    private MemoryRegions() {
    }

    /**
     * Rounds {@code value} up to a multiple of {@code alignment}.
     *
     * @param value     a non-negative value
     * @param alignment a power of two
     * @return the aligned value
     * @throws IllegalArgumentException if {@code alignment} is not a positive power of two
     */
    public static long alignUp(long value, long alignment) {
        checkPowerOfTwo(alignment);
        return (value + alignment - 1) & -alignment;
    }

    /**
     * Rounds {@code value} down to a multiple of {@code alignment}.
     *
     * @param value     a non-negative value
     * @param alignment a power of two
     * @return the aligned value
     * @throws IllegalArgumentException if {@code alignment} is not a positive power of two
     */
    public static long alignDown(long value, long alignment) {
        checkPowerOfTwo(alignment);
        return value & -alignment;
    }

    /**
     * The start of {@code k_mem_region_align}: {@code ROUND_DOWN(address, alignment)}.
     *
     * @param address   the first byte of the region
     * @param alignment a power of two
     * @return the aligned start
     */
    public static long regionAlignStart(long address, long alignment) {
        return alignDown(address, alignment);
    }

    /**
     * The size of {@code k_mem_region_align}:
     * {@code ROUND_UP(address + size, alignment) - ROUND_DOWN(address, alignment)}.
     *
     * @param address   the first byte of the region
     * @param size      the region's size in bytes
     * @param alignment a power of two
     * @return the aligned size
     */
    public static long regionAlignSize(long address, long size, long alignment) {
        return alignUp(address + size, alignment) - alignDown(address, alignment);
    }

    /**
     * Whether {@code value} is a multiple of {@code alignment}.
     *
     * @param value     the value
     * @param alignment a power of two
     * @return {@code true} if aligned
     */
    public static boolean isAligned(long value, long alignment) {
        checkPowerOfTwo(alignment);
        return (value & (alignment - 1)) == 0;
    }

    private static void checkPowerOfTwo(long alignment) {
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment=" + alignment
                    + " must be a positive power of two");
        }
    }
}
