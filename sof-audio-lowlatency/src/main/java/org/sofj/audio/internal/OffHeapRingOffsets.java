package org.sofj.audio.internal;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The runtime's {@link RingOffsets}: the engine's off-heap control block, kernel bookkeeping that
 * never lives in simulated memory a user module could write (DESIGN 2: kernel structs are not
 * user-writable). Allocation-free; every method is one Agrona access of the stated mode.
 */
final class OffHeapRingOffsets extends RingOffsets {
    /*
     * Control block: 256 bytes, 64-byte aligned, each shared word alone on a cache line so the
     * producer's stores never invalidate the consumer's line and vice versa.
     *
     *   byte  0            64                128               192             256
     *         +------------+-----------------+-----------------+---------------+
     *         | padding    | write offset    | read offset     | padding       |
     *         |            | int, producer   | int, consumer   |               |
     *         +------------+-----------------+-----------------+---------------+
     */
    static final int CACHE_LINE = 64;
    static final int WRITE_OFFSET = CACHE_LINE;
    static final int READ_OFFSET = 2 * CACHE_LINE;
    static final int CONTROL_LENGTH = 4 * CACHE_LINE;

    private final ControlBlocks controls;
    /**
     * The block; once released, the engine's graveyard block, which no ring uses: a user module
     * may keep the Sink or Source of a ring whose binding is gone and call it later, and the
     * block it held is by then another ring's (a stale commit once moved a clean pipeline's write
     * offset). The swap happens at the tick boundary that frees the ring, when no module code
     * runs. Plain field: every access reads it anyway.
     */
    private UnsafeBuffer control;

    /** @param controls where the block comes from and goes back to */
    OffHeapRingOffsets(ControlBlocks controls) {
        this.controls = controls;
        this.control = controls.acquire();
    }

    @Override
    int write() {
        return control.getInt(WRITE_OFFSET);
    }

    @Override
    int writeAcquire() {
        return control.getIntAcquire(WRITE_OFFSET);
    }

    @Override
    void writeRelease(int w) {
        control.putIntRelease(WRITE_OFFSET, w);
    }

    @Override
    int read() {
        return control.getInt(READ_OFFSET);
    }

    @Override
    int readAcquire() {
        return control.getIntAcquire(READ_OFFSET);
    }

    @Override
    void readRelease(int r) {
        control.putIntRelease(READ_OFFSET, r);
    }

    @Override
    void clear() {
        control.putIntVolatile(READ_OFFSET, 0);
        control.putIntVolatile(WRITE_OFFSET, 0);
    }

    @Override
    void release() {
        final UnsafeBuffer block = control;
        control = controls.graveyard();
        controls.release(block);
    }
}
