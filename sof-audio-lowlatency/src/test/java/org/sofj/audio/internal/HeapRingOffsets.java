package org.sofj.audio.internal;

/**
 * {@link RingOffsets} in two volatile heap fields, for the model checker: Lincheck instruments
 * field accesses (not off-heap ones), so every load and store of an offset becomes a point where
 * it may switch threads. Its model is sequentially consistent, so the plain loads of a side's own
 * word and the acquire/release pairs are all volatile accesses here.
 */
final class HeapRingOffsets extends RingOffsets {
    private volatile int write;
    private volatile int read;

    @Override
    int write() {
        return write;
    }

    @Override
    int writeAcquire() {
        return write;
    }

    @Override
    void writeRelease(int w) {
        write = w;
    }

    @Override
    int read() {
        return read;
    }

    @Override
    int readAcquire() {
        return read;
    }

    @Override
    void readRelease(int r) {
        read = r;
    }

    @Override
    void clear() {
        read = 0;
        write = 0;
    }

    @Override
    void release() {
        // two heap fields: nothing to hand back
    }
}
