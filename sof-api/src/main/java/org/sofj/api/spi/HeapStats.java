package org.sofj.api.spi;

/**
 * A heap's statistics at one moment. {@code usedBytes + freeBytes == size}.
 *
 * @param size             the heap's size
 * @param usedBytes        bytes in live blocks (including alignment padding they own)
 * @param freeBytes        bytes in free blocks
 * @param largestFreeBlock the largest free block
 * @param allocationCount  live blocks
 * @param highWaterMark    the most {@code usedBytes} ever reached
 */
public record HeapStats(long size, long usedBytes, long freeBytes, long largestFreeBlock,
        long allocationCount, long highWaterMark) {
}
