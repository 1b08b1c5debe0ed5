package org.sofj.runtime.host;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;

/**
 * The embedder's side of a host endpoint: a single-producer single-consumer byte ring between
 * the embedder's thread and the LL thread (SOF's host DMA buffer). For {@code host_in} the
 * embedder {@link #write}s PCM the pipeline plays; for {@code host_out} it {@link #read}s what
 * the pipeline produced. Lock-free; indices are published with release stores and read with
 * acquire loads. Neither side allocates.
 */
public final class HostPort {
    private static final VarHandle WRITE;
    private static final VarHandle READ;

    static {
        try {
            final MethodHandles.Lookup l = MethodHandles.lookup();
            WRITE = l.findVarHandle(HostPort.class, "writeIndex", long.class);
            READ = l.findVarHandle(HostPort.class, "readIndex", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] data;
    @SuppressWarnings("unused") // accessed through WRITE
    private long writeIndex;
    @SuppressWarnings("unused") // accessed through READ
    private long readIndex;
    private volatile long underruns;
    private volatile long overruns;
    /**
     * The producer's lap: a multiple of the capacity at or below the write index, so the write
     * offset is a subtraction, not a 64-bit division per call. Producer side only; a stale value
     * (another producer thread before it) is still a multiple of the capacity and is caught by
     * the range test in {@link #lap}.
     */
    private long writeLap;
    /** The consumer's lap, as {@link #writeLap}. Consumer side only. */
    private long readLap;

    HostPort(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity=" + capacity + " must be positive");
        }
        data = new byte[capacity];
    }

    /** {@return the ring's capacity in bytes} */
    public int capacity() {
        return data.length;
    }

    /** {@return bytes waiting to be read} */
    public int available() {
        return (int) ((long) WRITE.getAcquire(this) - (long) READ.getAcquire(this));
    }

    /** {@return bytes that can be written} */
    public int free() {
        return data.length - available();
    }

    /**
     * Writes {@code length} bytes of a ring buffer's region, read through {@code mem} straight
     * into this port (producer side): {@link #write} without a staging copy (host_out's capture,
     * once per tick). All or nothing, published once.
     *
     * @param mem    the memory the region lies in (its reads are checked as any other)
     * @param region the source's region: {@code contiguousLength()} bytes from its address,
     *               the rest from its buffer's start
     * @param length how many bytes, at most the region's
     * @return {@code length}, or 0 if fewer bytes are free (nothing written)
     */
    int writeFrom(MemoryAccess mem, AudioRegion region, int length) {
        final long w = (long) WRITE.getOpaque(this);
        final long r = (long) READ.getAcquire(this);
        if (length <= 0 || data.length - (int) (w - r) < length) {
            return 0;
        }
        final long lap = lap(w, writeLap);
        writeLap = lap;
        final int at = (int) (w - lap);
        final int first = (int) Math.min(length, region.contiguousLength());
        copyIn(mem, region.address(), at, first);
        copyIn(mem, region.bufferStart(), (at + first) % data.length, length - first);
        WRITE.setRelease(this, w + length);
        return length;
    }

    /** {@code n} bytes from {@code address} into the ring at {@code at}, wrapping once. */
    private void copyIn(MemoryAccess mem, long address, int at, int n) {
        if (n <= 0) {
            return;
        }
        final int first = Math.min(n, data.length - at);
        mem.getBytes(address, data, at, first);
        if (first < n) {
            mem.getBytes(address + first, data, 0, n - first);
        }
    }

    /**
     * Writes up to {@code length} bytes (producer side).
     *
     * @param src    the bytes
     * @param offset the first index in {@code src}
     * @param length how many to write
     * @return how many were written (less if the ring is fuller)
     */
    public int write(byte[] src, int offset, int length) {
        final long w = (long) WRITE.getOpaque(this);
        final long r = (long) READ.getAcquire(this);
        final int n = Math.min(length, data.length - (int) (w - r));
        if (n > 0) {
            final long lap = lap(w, writeLap);
            writeLap = lap;
            final int at = (int) (w - lap);
            final int first = Math.min(n, data.length - at);
            System.arraycopy(src, offset, data, at, first);
            System.arraycopy(src, offset + first, data, 0, n - first);
            WRITE.setRelease(this, w + n);
        }
        return n;
    }

    /**
     * Reads up to {@code length} bytes (consumer side).
     *
     * @param dst    the destination
     * @param offset the first index in {@code dst}
     * @param length how many to read at most
     * @return how many were read
     */
    public int read(byte[] dst, int offset, int length) {
        final long r = (long) READ.getOpaque(this);
        final long w = (long) WRITE.getAcquire(this);
        final int n = Math.min(length, (int) (w - r));
        if (n > 0) {
            final long lap = lap(r, readLap);
            readLap = lap;
            final int at = (int) (r - lap);
            final int first = Math.min(n, data.length - at);
            System.arraycopy(data, at, dst, offset, first);
            System.arraycopy(data, 0, dst, offset + first, n - first);
            READ.setRelease(this, r + n);
        }
        return n;
    }

    /**
     * @param index a read or write index
     * @param lap   the side's last lap, a multiple of the capacity
     * @return the multiple of the capacity at or below {@code index}: {@code lap} while the
     *     index is within one capacity of it (every call but one per lap), else by division
     */
    private long lap(long index, long lap) {
        final int capacity = data.length;
        return index - lap >= 0 && index - lap < capacity ? lap : index - index % capacity;
    }

    /** {@return ticks where {@code host_in} had less than a period to play (it played silence)} */
    public long underruns() {
        return underruns;
    }

    /** {@return ticks where {@code host_out} found no room and dropped a period} */
    public long overruns() {
        return overruns;
    }

    void countUnderrun() {
        underruns = underruns + 1;
    }

    void countOverrun() {
        overruns = overruns + 1;
    }
}
