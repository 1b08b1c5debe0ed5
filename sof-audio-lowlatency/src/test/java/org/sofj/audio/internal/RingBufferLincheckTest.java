package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Supplier;

import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryRegions;

/**
 * The SPSC ring buffer is a linearizable bounded queue of frames when one thread produces and one
 * consumes: Lincheck's model checker explores the interleavings of the two sides, and its stress
 * mode runs them on real threads, against {@link Spec}, a plain {@link ArrayDeque}. The producer's
 * operations share one non-parallel group and the consumer's another, so each side stays on one
 * thread, as the ring's contract requires.
 *
 * <p>What the model sees. The ring under test is the real {@link RingBuffer}; only its two offsets
 * sit in heap fields ({@link HeapRingOffsets}, through the {@link RingOffsets} seam) instead of the
 * engine's off-heap block, and the frames' data sits in {@link #words}, a heap array the test
 * writes and reads at the addresses the ring hands out (the ring itself never touches data on
 * these paths: a module does). Lincheck instruments both, so every offset access and every data
 * word is a point where it may switch threads: a consumer can run between a producer's data
 * writes and its commit. A frame is {@link #FRAME} bytes, the value repeated, so a frame read
 * before all of it was written, or overwritten while read, comes back as {@link #TORN} or as a
 * value never produced (0, or a stale lap's), which the specification never returns.
 *
 * <p>The proof that the model sees the interleavings that matter: the same model run against
 * {@link PlantedBugRing}, the ring's producer and consumer with one ordering bug planted (commit
 * before the data is written; release before it is read), must fail.
 *
 * <p>Runs on the class path (the {@code class-path} surefire execution): Lincheck rewrites the
 * bytecode of the classes under test, which the module system would need opened to it. Iterations:
 * {@code -Dsofj.lincheck.iterations=N} random scenarios (the {@code stress} profile raises it).
 */
@Tag("class-path")
public class RingBufferLincheckTest {
    /** Bytes per frame: four ints; IBS = OBS = one frame, so the ring holds 64 bytes. */
    static final int FRAME = 16;
    /** What {@link #consume()} returns for a frame whose ints differ. */
    static final int TORN = Integer.MIN_VALUE;
    private static final AudioFormat FORMAT = AudioFormat.of(48_000, 1, SampleFormat.S32_LE);
    private static final int ITERATIONS = Integer.getInteger("sofj.lincheck.iterations", 5);
    /**
     * Interleavings explored per scenario. Each planted bug is caught within 60 (measured), so
     * 200 leaves a margin while keeping the test short.
     */
    private static final int INVOCATIONS = 200;
    /** One memory system for every scenario: Lincheck makes a test instance per invocation. */
    private static final TestMemory MEMORY = new TestMemory();
    /** Which ring the next invocation gets; one test at a time sets it. */
    private static volatile Supplier<BufferBase> make = RingBufferLincheckTest::realRing;
    /** The previous invocation's ring, freed when the next one is made. */
    private static BufferBase previous;
    /**
     * The invocation's test instance, published to a static field: Lincheck places no switch
     * points at the fields of an object it considers local to one thread, and what a static field
     * refers to (here the ring, its offsets and the data) is not.
     */
    private static volatile RingBufferLincheckTest published;

    private final BufferBase ring;
    /** The ring's data, one int per 4 bytes from {@link BufferBase#address()}. */
    private final int[] words;
    private final AudioRegion produced = new AudioRegion();
    private final AudioRegion consumed = new AudioRegion();

    /** A fresh empty ring of {@link Spec#SIZE} bytes. */
    public RingBufferLincheckTest() {
        synchronized (RingBufferLincheckTest.class) {
            if (previous != null) {
                previous.free();
            }
            ring = make.get();
            previous = ring;
        }
        if (ring.size() != Spec.SIZE) {
            throw new AssertionError("ring size=" + ring.size());
        }
        ring.initFormat(FORMAT);
        words = new int[ring.size() / Integer.BYTES];
        published = this;
    }

    private static BufferBase realRing() {
        return RingBuffer.create(MEMORY.access(), MEMORY.shared(), FRAME, FRAME, 0,
                HeapRingOffsets::new);
    }

    private static Supplier<BufferBase> planted(PlantedBugRing.Bug bug) {
        return () -> {
            final long data = MEMORY.shared().alloc(Spec.SIZE, MemoryRegions.DCACHE_ALIGN);
            return new PlantedBugRing(bug, MEMORY.access(), MEMORY.shared(), data, Spec.SIZE,
                    new HeapRingOffsets());
        };
    }

    private int index(long address) {
        return (int) (address - ring.address()) / Integer.BYTES;
    }

    /**
     * The producer writes one frame of {@code v}.
     *
     * @param v the value, 1 to 4 (never 0, the value of data never written)
     * @return whether there was room
     */
    @Operation(nonParallelGroup = "producer")
    public boolean produce(@Param(gen = IntGen.class, conf = "1:4") int v) {
        if (ring.sinkEndpoint().getBuffer(FRAME, produced) != 0) {
            return false;
        }
        for (int i = 0; i < FRAME; i += Integer.BYTES) {
            words[index(produced.addressAt(i))] = v;
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
        final int v = words[index(consumed.addressAt(0))];
        for (int i = Integer.BYTES; i < FRAME; i += Integer.BYTES) {
            if (words[index(consumed.addressAt(i))] != v) {
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

    @Test
    void shouldBeALinearizableQueueUnderModelChecking() {
        assertDoesNotThrow(() -> modelCheck(RingBufferLincheckTest::realRing),
                "a history of the ring no plain queue explains");
    }

    @Test
    void shouldCatchAProducerThatCommitsBeforeItWrites() {
        assertCaught(PlantedBugRing.Bug.COMMIT_BEFORE_WRITE);
    }

    @Test
    void shouldCatchAConsumerThatReleasesBeforeItReads() {
        assertCaught(PlantedBugRing.Bug.RELEASE_BEFORE_READ);
    }

    /**
     * The model must fail the planted ring with a history no queue explains (a torn, stale or
     * never-produced frame), not with some other error.
     */
    private static void assertCaught(PlantedBugRing.Bug bug) {
        final LincheckAssertionError e = assertThrows(LincheckAssertionError.class,
                () -> modelCheck(planted(bug)), "the model checker missed the planted " + bug);
        assertTrue(e.getMessage().contains("= Invalid execution results ="), e.getMessage());
    }

    /** On real threads, the ring as the engine makes it: its offsets off-heap. */
    @Test
    void shouldBeALinearizableQueueUnderStress() {
        make = () -> (BufferBase) MEMORY.engine.newRingBuffer(MEMORY.shared(), FRAME, FRAME,
                FORMAT);
        try {
            assertDoesNotThrow(() -> new StressOptions()
                    .iterations(ITERATIONS).invocationsPerIteration(200)
                    .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(1)
                    .sequentialSpecification(Spec.class).check(RingBufferLincheckTest.class),
                    "a history of the ring no plain queue explains");
        } finally {
            make = RingBufferLincheckTest::realRing;
        }
    }

    /**
     * One model for the real ring and the planted ones: {@link #ITERATIONS} random scenarios of
     * up to four operations per side, plus two fixed ones that reach each side's window (a
     * producer and a consumer on an empty ring; both on a ring one frame from full, so the
     * producer's next frame goes where the consumer is reading), each explored for
     * {@link #INVOCATIONS} interleavings. The memory system and Agrona
     * (which only make and free the ring, outside the operations) are left out of the analysis.
     */
    private static void modelCheck(Supplier<BufferBase> ring) throws NoSuchMethodException {
        make = ring;
        try {
            new ModelCheckingOptions()
                    .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(
                            name -> name.startsWith("org.agrona.") || name.startsWith("org.sofj.mmu."))
                            .allMethods().ignore())
                    .addCustomScenario(scenario(List.of(),
                            List.of(producing(1)), List.of(consuming())))
                    .addCustomScenario(scenario(List.of(producing(1), producing(2), producing(3)),
                            List.of(producing(4), producing(2)),
                            List.of(consuming(), consuming())))
                    .iterations(ITERATIONS).invocationsPerIteration(INVOCATIONS)
                    .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(1)
                    .sequentialSpecification(Spec.class).check(RingBufferLincheckTest.class);
        } finally {
            make = RingBufferLincheckTest::realRing;
        }
    }

    private static ExecutionScenario scenario(List<Actor> before, List<Actor> producer,
            List<Actor> consumer) {
        return new ExecutionScenario(before, List.of(producer, consumer), List.of(), null);
    }

    private static Actor producing(int v) throws NoSuchMethodException {
        return actor("produce", v);
    }

    private static Actor consuming() throws NoSuchMethodException {
        return actor("consume");
    }

    private static Actor actor(String name, Object... args) throws NoSuchMethodException {
        final Class<?>[] types = args.length == 0 ? new Class<?>[0] : new Class<?>[] {int.class};
        return new Actor(RingBufferLincheckTest.class.getMethod(name, types), List.of(args),
                false, false, false, false, false);
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
