package org.sofj.api.audio;

/**
 * The zero-copy region a {@link Sink#getBuffer} or {@link Source#getData} hands out: a fragment
 * of a circular buffer in simulated memory. As in SOF the fragment may wrap: it starts at
 * {@link #address()} and continues at {@link #bufferStart()} once it reaches
 * {@code bufferStart() + bufferSize()}. {@link #addressAt(long)} does that arithmetic.
 *
 * <p>A flyweight: the caller owns one instance (allocate it in {@code prepare}) and each
 * successful get re-points it. Not thread-safe; belongs to the thread that processes.
 */
public final class AudioRegion {
    private long address;
    private long bufferStart;
    private long bufferSize;
    private long length;

    /** Creates an empty region; use it after a successful get. */
    public AudioRegion() {
    }

    /**
     * Re-points the region; called by sink and source implementations. Does not allocate.
     *
     * @param address     the first byte of the fragment
     * @param bufferStart the first byte of the circular buffer
     * @param bufferSize  the size of the circular buffer
     * @param length      the fragment's length, at most {@code bufferSize}
     * @return this region
     * @throws IllegalArgumentException if the fragment does not start inside the buffer or is
     *     longer than it
     */
    public AudioRegion wrap(long address, long bufferStart, long bufferSize, long length) {
        if (address < bufferStart || address >= bufferStart + bufferSize || length < 0
                || length > bufferSize) {
            throw new IllegalArgumentException("address=" + address + " bufferStart=" + bufferStart
                    + " bufferSize=" + bufferSize + " length=" + length);
        }
        this.address = address;
        this.bufferStart = bufferStart;
        this.bufferSize = bufferSize;
        this.length = length;
        return this;
    }

    /** {@return the simulated address of the fragment's first byte} */
    public long address() {
        return address;
    }

    /** {@return the simulated address where the circular buffer starts} */
    public long bufferStart() {
        return bufferStart;
    }

    /** {@return the circular buffer's size in bytes} */
    public long bufferSize() {
        return bufferSize;
    }

    /** {@return the fragment's length in bytes (what was requested)} */
    public long length() {
        return length;
    }

    /**
     * The simulated address of byte {@code offset} of the fragment, after the wrap.
     *
     * @param offset a byte offset in {@code [0, length())}
     * @return the address
     */
    public long addressAt(long offset) {
        final long a = address + offset;
        final long end = bufferStart + bufferSize;
        return a >= end ? a - bufferSize : a;
    }

    /**
     * Bytes from the fragment's start to the buffer's end or the fragment's end, whichever comes
     * first: the first contiguous piece. The rest, if any, starts at {@link #bufferStart()}.
     *
     * @return the contiguous length
     */
    public long contiguousLength() {
        return Math.min(length, bufferStart + bufferSize - address);
    }

    @Override
    public String toString() {
        return "AudioRegion[address=0x" + Long.toHexString(address) + " bufferStart=0x"
                + Long.toHexString(bufferStart) + " bufferSize=" + bufferSize + " length="
                + length + "]";
    }
}
