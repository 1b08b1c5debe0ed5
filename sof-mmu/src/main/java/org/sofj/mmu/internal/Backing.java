package org.sofj.mmu.internal;

import java.nio.ByteBuffer;
import java.util.List;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.memory.Partition;

/**
 * The off-heap memory behind the regions: one direct buffer holding every region back to back,
 * and per slot the delta that turns a simulated address into an index into it. Translation is a
 * shift, an array load and a compare; no allocation.
 */
final class Backing {
    private final UnsafeBuffer buffer;
    private final ByteBuffer direct;
    private final long[] slotBase = new long[AddressMap.SLOTS];
    private final long[] slotEnd = new long[AddressMap.SLOTS];
    private final long[] slotDelta = new long[AddressMap.SLOTS];
    private boolean closed;

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
        if (address < slotBase[slot] || address + length > slotEnd[slot]) {
            return -1;
        }
        return address + slotDelta[slot];
    }

    synchronized void close() {
        if (!closed) {
            closed = true;
            buffer.wrap(new byte[8]);
            BufferUtil.free(direct);
        }
    }
}
