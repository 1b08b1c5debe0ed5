package org.sofj.mmu.internal;

import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.bench.BenchFlags;

/**
 * The cost of isolation per access: one tick of one stereo S32 stream (96 ints, 384 B) read
 * through the checked accessor by a <b>user</b> thread (the JMH workers are user threads of a
 * domain with eight partitions), against the same memory read unchecked. The accessor is the
 * domain's own capability ({@code accessFor}), as an instance holds it; every access reads the
 * domain generation opaquely, so a revocation is seen inside a loop. Goals: per access
 * {@code <= 1.2x} the unchecked floor, per block {@code <= 1.05x}; 0 B/op with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchFlags.AGRONA, "-Djmh.executor=CUSTOM",
    "-Djmh.executor.class=org.sofj.mmu.internal.UserThreadExecutor"})
public class CheckedAccessBench {
    private static final int INTS = 96;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    /** Distance to a second page of the same partition. */
    private static final int OTHER_PAGE = 0x2000;
    private static final long INT_BASE = UnsafeApi.arrayBaseOffset(int[].class);

    private MemoryAccess access;
    private UnsafeBuffer raw;
    private long address;
    private int index;
    private final int[] block = new int[INTS];

    /** Fills the data and checks that this thread really is a user thread. */
    @Setup
    public void setUp() {
        if (!(Thread.currentThread() instanceof SimThread)) {
            throw new IllegalStateException("run with -Djmh.executor=CUSTOM "
                    + "-Djmh.executor.class=org.sofj.mmu.internal.UserThreadExecutor");
        }
        access = BenchMemory.SYSTEM.accessFor(BenchMemory.DOMAIN); // what an instance holds
        raw = BenchMemory.raw();
        address = BenchMemory.DATA + 256;
        index = BenchMemory.rawIndex(address);
        for (int i = 0; i < INTS; i++) {
            access.putInt(address + 4L * i, i * 31);
            access.putInt(address + OTHER_PAGE + 4L * i, i * 17);
        }
    }

    /** @return the sum of 96 unchecked reads: the floor */
    @Benchmark
    public int uncheckedPerAccess() {
        final UnsafeBuffer b = raw;
        final int base = index;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += b.getInt(base + 4 * i, LE);
        }
        return sum;
    }

    /**
     * @return the sum of 96 reads straight through {@code Unsafe}, without even the buffer's
     *         bounds check: the lowest floor there is, reported beside the one
     */
    @Benchmark
    public int rawPerAccess() {
        final byte[] array = raw.byteArray();
        final long base = raw.addressOffset() + index;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += UnsafeApi.getInt(array, base + 4L * i);
        }
        return sum;
    }

    /** @return the sum of 96 checked reads, each checked against the domain */
    @Benchmark
    public int checkedPerAccess() {
        final MemoryAccess a = access;
        final long base = address;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += a.getInt(base + 4L * i);
        }
        return sum;
    }

    /**
     * @return the sum of 96 unchecked reads alternating between two pages (as a mixer reads two
     *         sources): the floor for {@link #checkedTwoPages}
     */
    @Benchmark
    public int uncheckedTwoPages() {
        final UnsafeBuffer b = raw;
        final int base = index;
        int sum = 0;
        for (int i = 0; i < INTS / 2; i++) {
            sum += b.getInt(base + 4 * i, LE);
            sum += b.getInt(base + OTHER_PAGE + 4 * i, LE);
        }
        return sum;
    }

    /**
     * @return the same two-page pattern checked: the last page read changes on every access, so
     *         each one goes to the software TLB (reported, not a goal)
     */
    @Benchmark
    public int checkedTwoPages() {
        final MemoryAccess a = access;
        final long base = address;
        int sum = 0;
        for (int i = 0; i < INTS / 2; i++) {
            sum += a.getInt(base + 4L * i);
            sum += a.getInt(base + OTHER_PAGE + 4L * i);
        }
        return sum;
    }

    /** @return a block of 96 ints copied out unchecked: the block floor */
    @Benchmark
    public int[] uncheckedPerBlock() {
        final UnsafeBuffer b = raw;
        final int base = index;
        final int[] out = block;
        for (int i = 0; i < INTS; i++) {
            out[i] = b.getInt(base + 4 * i, LE);
        }
        return out;
    }

    /**
     * @return the block copied out with one unchecked {@code Unsafe} memory copy: the floor for
     *         what {@link #checkedPerBlock} does underneath, reported beside the one
     */
    @Benchmark
    public int[] rawPerBlock() {
        UnsafeApi.copyMemory(raw.byteArray(), raw.addressOffset() + index, block, INT_BASE,
                4L * INTS);
        return block;
    }

    /** @return the same block copied out with one check for all 384 bytes */
    @Benchmark
    public int[] checkedPerBlock() {
        access.getInts(address, block, 0, INTS);
        return block;
    }
}
