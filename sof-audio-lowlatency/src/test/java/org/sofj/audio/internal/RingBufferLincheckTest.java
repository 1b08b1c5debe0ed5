package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.util.ArrayDeque;

import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryAccess;

/**
 * The SPSC ring buffer is a linearizable bounded queue of frames when one thread produces and one
 * consumes: Lincheck's model checker explores the interleavings of the two sides, and its stress
 * mode runs them on real threads, against {@link Spec}, a plain {@link ArrayDeque}. The producer's
 * operations share one non-parallel group and the consumer's another, so each side stays on one
 * thread, as the ring's contract requires. A frame is {@link #FRAME} bytes, the value repeated, so
 * a consumer that sees the write offset before the data (a torn frame) returns
 * {@link #TORN}, which the specification never does.
 *
 * <p>Runs on the class path (the {@code class-path} surefire execution): Lincheck rewrites the
 * bytecode of the classes under test, which the module system would need opened to it. Iterations:
 * {@code -Dsofj.lincheck.iterations=N} (the {@code stress} profile raises it).
 */
@Tag("class-path")
public class RingBufferLincheckTest {
    /** Bytes per frame: four ints; IBS = OBS = one frame, so the ring holds 64 bytes. */
    static final int FRAME = 16;
    /** What {@link #consume()} returns for a frame whose ints differ. */
    static final int TORN = Integer.MIN_VALUE;
    private static final AudioFormat FORMAT = AudioFormat.of(48_000, 1, SampleFormat.S32_LE);
    private static final int ITERATIONS = Integer.getInteger("sofj.lincheck.iterations", 5);
    /** One memory system for every scenario: Lincheck makes a test instance per invocation. */
    private static final TestMemory MEMORY = new TestMemory();
    /** The previous invocation's ring, freed when the next one is made. */
    private static RingBuffer previous;

    private final RingBuffer ring;
    private final MemoryAccess access = MEMORY.access();
    private final AudioRegion produced = new AudioRegion();
    private final AudioRegion consumed = new AudioRegion();

    /** A fresh empty ring of {@link Spec#SIZE} bytes. */
    public RingBufferLincheckTest() {
        synchronized (RingBufferLincheckTest.class) {
            if (previous != null) {
                previous.free();
            }
            ring = (RingBuffer) MEMORY.engine.newRingBuffer(MEMORY.shared(), FRAME, FRAME,
                    FORMAT);
            previous = ring;
        }
        if (ring.size() != Spec.SIZE) {
            throw new AssertionError("ring size=" + ring.size());
        }
    }

    /**
     * The producer writes one frame of {@code v}.
     *
     * @param v the value
     * @return whether there was room
     */
    @Operation(nonParallelGroup = "producer")
    public boolean produce(int v) {
        if (ring.sinkEndpoint().getBuffer(FRAME, produced) != 0) {
            return false;
        }
        for (int i = 0; i < FRAME; i += Integer.BYTES) {
            access.putInt(produced.addressAt(i), v);
        }
        ring.sinkEndpoint().commitBuffer(FRAME);
        return true;
    }

    /** @return the producer's view of the free space */
    @Operation(nonParallelGroup = "producer")
    public int freeSize() {
        return ring.sinkEndpoint().getFreeSize();
    }

    /** @return the consumer's next frame, {@link #TORN} if torn, or {@code null} if empty */
    @Operation(nonParallelGroup = "consumer")
    public Integer consume() {
        if (ring.sourceEndpoint().getData(FRAME, consumed) != 0) {
            return null;
        }
        final int v = access.getInt(consumed.addressAt(0));
        for (int i = Integer.BYTES; i < FRAME; i += Integer.BYTES) {
            if (access.getInt(consumed.addressAt(i)) != v) {
                return TORN;
            }
        }
        ring.sourceEndpoint().releaseData(FRAME);
        return v;
    }

    /** @return the consumer's view of the bytes available */
    @Operation(nonParallelGroup = "consumer")
    public int available() {
        return ring.sourceEndpoint().getDataAvailable();
    }

    /**
     * The model checker switches threads at shared-memory accesses it can see. The ring's shared
     * words and its data are off-heap, reached through Agrona's buffers and the simulated MMU, so
     * each call into those is treated as one atomic access (a switch point before it, nothing
     * analysed inside): exactly the ring's steps, an acquire or release of an offset and a plain
     * read or write of data.
     */
    @Test
    void shouldBeALinearizableQueueUnderModelChecking() {
        assertDoesNotThrow(() -> new ModelCheckingOptions()
                .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                        name -> name.startsWith("org.agrona.") || name.startsWith("org.sofj.mmu."))
                        .allMethods().treatAsAtomic())
                .iterations(ITERATIONS).invocationsPerIteration(500)
                .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass()),
                "a history of the ring no plain queue explains");
    }

    @Test
    void shouldBeALinearizableQueueUnderStress() {
        assertDoesNotThrow(() -> new StressOptions()
                .iterations(ITERATIONS).invocationsPerIteration(200)
                .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(1)
                .sequentialSpecification(Spec.class).check(getClass()),
                "a history of the ring no plain queue explains");
    }

    /** The sequential specification: a bounded queue of frames. */
    public static final class Spec {
        /** SOF's ring size for IBS = OBS = 16: {@code ALIGN_UP(3 * 16, 64)}. */
        static final int SIZE = 64;
        private final ArrayDeque<Integer> frames = new ArrayDeque<>();

        /**
         * @param v the value
         * @return whether there was room
         */
        public boolean produce(int v) {
            if (frames.size() * FRAME + FRAME > SIZE) {
                return false;
            }
            frames.add(v);
            return true;
        }

        /** @return free bytes */
        public int freeSize() {
            return SIZE - frames.size() * FRAME;
        }

        /** @return the oldest frame, or {@code null} */
        public Integer consume() {
            return frames.poll();
        }

        /** @return bytes available */
        public int available() {
            return frames.size() * FRAME;
        }
    }
}
