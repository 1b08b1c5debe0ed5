package org.sofj.bench.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
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
import org.sofj.bench.BenchFlags;

/**
 * Issue 15: what dropping Agrona's {@code jdk.internal.misc} export would cost on the hot path.
 * The memory system keeps every region in one direct buffer and reads single values at the index
 * its check returns ({@code CheckedAccess}: {@code UnsafeApi.getInt} at the buffer's address plus
 * the index). The index is not an affine function of the loop counter (the check translates each
 * address through a slot table), so this benchmark computes it the same way, per access, and
 * reads one tick of a stereo S32 stream (96 ints) through each candidate:
 * <ul>
 * <li>{@code unsafeApi}: what sofj does today (needs the export);</li>
 * <li>{@code unsafeBuffer}: Agrona's {@code UnsafeBuffer.getInt} with its bounds check (needs
 *     the export);</li>
 * <li>{@code byteBuffer}: {@code ByteBuffer.getInt(index)} on the little-endian direct buffer
 *     (no export);</li>
 * <li>{@code varHandle}: a {@code byteBufferViewVarHandle} on the same buffer (no export).</li>
 * </ul>
 * The ring buffer's control words need ordered access: {@code UnsafeBuffer.getIntVolatile} and
 * {@code putIntOrdered} against {@code VarHandle.getAcquire} / {@code setRelease}. And a block:
 * {@code UnsafeBuffer.getBytes} against {@code ByteBuffer.get(int, byte[])}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class AgronaExportBench {
    private static final int INTS = 96;
    private static final int SIZE = 1 << 20;
    private static final int SLOT_SHIFT = 16;
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class,
            ByteOrder.LITTLE_ENDIAN);

    private ByteBuffer direct;
    private UnsafeBuffer buffer;
    private long addressOffset;
    /** Per 64 KiB slot of the simulated address space, the delta to a buffer index. */
    private final long[] delta = new long[1 << 8];
    private long address;
    private final byte[] block = new byte[INTS * 4];

    /** Maps simulated address 0x00A00000.. onto the buffer and fills one tick of data. */
    @Setup
    public void setUp() {
        direct = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        buffer = new UnsafeBuffer(direct);
        addressOffset = buffer.addressOffset();
        for (int s = 0; s < delta.length; s++) {
            delta[s] = ((long) (s % 16) << SLOT_SHIFT) - ((long) s << SLOT_SHIFT);
        }
        address = (0xA0L << SLOT_SHIFT) + 256;
        for (int i = 0; i < INTS; i++) {
            direct.putInt(index(address + 4L * i), i * 31);
        }
    }

    /** The check's translation: a shift, a table load and an add, per access. */
    private int index(long a) {
        return (int) (delta[(int) (a >>> SLOT_SHIFT) & 0xFF] + a);
    }

    /** @return the sum of 96 reads the way CheckedAccess reads today */
    @Benchmark
    public int unsafeApi() {
        final long base = address;
        final long off = addressOffset;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += UnsafeApi.getInt(null, off + index(base + 4L * i));
        }
        return sum;
    }

    /** @return the sum of 96 reads through Agrona's bounds-checked buffer */
    @Benchmark
    public int unsafeBuffer() {
        final UnsafeBuffer b = buffer;
        final long base = address;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += b.getInt(index(base + 4L * i), ByteOrder.LITTLE_ENDIAN);
        }
        return sum;
    }

    /** @return the sum of 96 reads through java.nio, no export needed */
    @Benchmark
    public int byteBuffer() {
        final ByteBuffer b = direct;
        final long base = address;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += b.getInt(index(base + 4L * i));
        }
        return sum;
    }

    /** @return the sum of 96 reads through a byte-buffer view VarHandle, no export needed */
    @Benchmark
    public int varHandle() {
        final ByteBuffer b = direct;
        final long base = address;
        int sum = 0;
        for (int i = 0; i < INTS; i++) {
            sum += (int) INT.get(b, index(base + 4L * i));
        }
        return sum;
    }

    /** @return a ring buffer's control-word round trip with Agrona: volatile read, ordered write */
    @Benchmark
    public int orderedUnsafeBuffer() {
        final UnsafeBuffer b = buffer;
        final int at = index(address);
        final int v = b.getIntVolatile(at);
        b.putIntOrdered(at + 64, v + 1);
        return v;
    }

    /** @return the same round trip with VarHandle acquire / release, no export needed */
    @Benchmark
    public int orderedVarHandle() {
        final ByteBuffer b = direct;
        final int at = index(address);
        final int v = (int) INT.getAcquire(b, at);
        INT.setRelease(b, at + 64, v + 1);
        return v;
    }

    /** @return one tick (384 B) copied out with Agrona */
    @Benchmark
    public byte[] blockUnsafeBuffer() {
        buffer.getBytes(index(address), block, 0, block.length);
        return block;
    }

    /** @return the same block with java.nio's absolute bulk get, no export needed */
    @Benchmark
    public byte[] blockByteBuffer() {
        direct.get(index(address), block, 0, block.length);
        return block;
    }
}
