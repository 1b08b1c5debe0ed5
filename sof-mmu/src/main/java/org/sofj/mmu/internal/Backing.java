package org.sofj.mmu.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.spi.Partition;

/**
 * The off-heap memory behind the regions: one direct buffer holding every region back to back,
 * and per slot the delta that turns a simulated address into an index into it. Translation is a
 * shift, an array load and a compare; no allocation.
 *
 * <p>Lifetime: {@link #close} unmaps every region at once, so every later check faults, but the
 * memory itself is freed only when no user thread of this address space can still be running:
 * at close if none is, else when the last one ends ({@link #releaseUser}). A user thread the
 * runtime gave up on (a hung module) may still be inside an access it checked before the close;
 * it reads stale memory, never freed memory. A user thread made but never started keeps the
 * memory until the garbage collector frees the buffer.
 */
final class Backing {
    /** Above every address, so no range is inside an unmapped slot. */
    private static final long UNMAPPED = 1L << 33;

    private final UnsafeBuffer buffer;
    private final ByteBuffer direct;
    private final long[] slotBase = new long[AddressMap.SLOTS];
    private final long[] slotEnd = new long[AddressMap.SLOTS];
    private final long[] slotDelta = new long[AddressMap.SLOTS];
    private boolean closed;
    private boolean freed;
    private int users;

    Backing(List<Partition> regions) {
        long total = 0;
        for (Partition r : regions) {
            total += r.size();
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("regions total=" + total
                    + " bytes exceed the 2 GiB a single backing buffer holds");
        }
        direct = ByteBuffer.allocateDirect((int) total);
        buffer = new UnsafeBuffer(direct);
        long offset = 0;
        for (Partition r : regions) {
            final int slot = (int) (r.start() >>> AddressMap.SLOT_SHIFT);
            slotBase[slot] = r.start();
            slotEnd[slot] = r.end();
            slotDelta[slot] = offset - r.start();
            offset += r.size();
        }
    }

    UnsafeBuffer buffer() {
        return buffer;
    }

    /**
     * The buffer index of {@code [address, address + length)}, or -1 if the range is not wholly
     * inside one region.
     */
    long index(long address, long length) {
        if ((address | length) < 0 || address >= (1L << 32)) {
            return -1;
        }
        final int slot = (int) (address >>> AddressMap.SLOT_SHIFT);
        // length > end - address, not address + length > end: a length near Long.MAX_VALUE
        // wrapped the sum negative and passed, and the page loops after it then ran for ever
        if (address < slotBase[slot] || length > slotEnd[slot] - address) {
            return -1;
        }
        return address + slotDelta[slot];
    }

    /**
     * Counts a user thread that may access this memory until {@link #releaseUser}.
     *
     * @throws IllegalStateException if closed
     */
    synchronized void retainUser() {
        if (closed) {
            throw new IllegalStateException("the address space is closed: no new user threads");
        }
        users++;
    }

    /** A user thread has ended: frees the memory if it was the last one after a close. */
    synchronized void releaseUser() {
        users--;
        if (closed && users == 0) {
            free();
        }
    }

    /**
     * Unmaps every region (every later access faults) and frees the memory if it may.
     *
     * @return how many user threads, made and not yet ended, keep the memory from being freed
     */
    synchronized int close() {
        if (!closed) {
            closed = true;
            Arrays.fill(slotBase, UNMAPPED);
            Arrays.fill(slotEnd, 0);
            if (users == 0) {
                free();
            }
        }
        return users;
    }

    /** @return whether the off-heap memory has been returned */
    synchronized boolean freed() {
        return freed;
    }

    private void free() {
        freed = true;
        buffer.wrap(new byte[8]);
        BufferUtil.free(direct);
    }
}
