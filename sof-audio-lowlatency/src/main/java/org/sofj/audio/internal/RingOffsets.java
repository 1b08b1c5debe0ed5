package org.sofj.audio.internal;

/**
 * A ring buffer's only shared state: its write offset (stored by the producer) and its read
 * offset (stored by the consumer), each read by the other side with an acquire load and stored by
 * its owner with a release store ({@link RingBuffer}'s rule). Every access names its mode.
 *
 * <p>The runtime has one implementation, {@link OffHeapRingOffsets} (the engine's off-heap
 * control block). This class is the seam through which a model checker sees the ring's shared
 * accesses: a test backs it with heap fields, which Lincheck instruments, while the ring under
 * test stays the real {@link RingBuffer}. With one implementation loaded, the JIT binds each call
 * statically (class hierarchy analysis) and inlines it, so the seam costs the hot path nothing
 * (measured with {@code AudioRingBench}, docs/concurrency.md).
 */
abstract class RingOffsets {
    /** @return the write offset; producer only (its own word: a plain load) */
    abstract int write();

    /** @return the write offset, acquire; any thread */
    abstract int writeAcquire();

    /** @param w the new write offset, release; producer only, after its data writes */
    abstract void writeRelease(int w);

    /** @return the read offset; consumer only (its own word: a plain load) */
    abstract int read();

    /** @return the read offset, acquire; any thread */
    abstract int readAcquire();

    /** @param r the new read offset, release; consumer only, after its data reads */
    abstract void readRelease(int r);

    /** Both offsets to 0, volatile; kernel only, while neither side runs. */
    abstract void clear();

    /** Hands the words back once the ring is freed; called once. */
    abstract void release();
}
