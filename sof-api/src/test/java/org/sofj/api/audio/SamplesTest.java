package org.sofj.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;

/** Sample conversions: scaling, rounding, saturation, and reads/writes across a wrap. */
final class SamplesTest {
    private static final long BASE = 0x1000;

    private final ArrayMemory memory = new ArrayMemory(64);
    private final AudioRegion region = new AudioRegion();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0.0, 0",
        "0.5, 1073741824",
        "-0.5, -1073741824",
        "-1.0, -2147483648",
        "1.0, 2147483647",      // saturates: +1.0 is one step past full scale
        "2.5, 2147483647",
        "-7.0, -2147483648",
        "NaN, 0",
    })
    void shouldScaleAndSaturateAFloatToInt32(float value, int expected) {
        assertEquals(expected, Samples.floatToInt32(value));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"0, 0", "65536, 1", "98304, 2", "-98304, -1", "2147483647, 32767",
        "-2147483648, -32768", "32767, 0", "32768, 1"})
    void shouldRoundAndSaturateWhenNarrowingToS16(int value, short expected) {
        assertEquals(expected, Samples.int32ToS16(value));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"256, 1", "384, 2", "2147483647, 8388607", "-2147483648, -8388608", "127, 0"})
    void shouldRoundAndSaturateWhenNarrowingToS24(int value, int expected) {
        assertEquals(expected, Samples.int32ToS24(value));
    }

    @Test
    void shouldMapInt32FullScaleToMinusOne() {
        assertEquals(-1.0f, Samples.int32ToFloat(Integer.MIN_VALUE));
        assertEquals(0.25f, Samples.int32ToFloat(1 << 29));
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void shouldReadBackWhatWasWrittenInEveryFormat(SampleFormat format) {
        region.wrap(BASE, BASE, 64, 64);
        Samples.writeFloat(memory, region, 3, format, -0.25f);
        assertEquals(-0.25f, Samples.readFloat(memory, region, 3, format));
        Samples.writeInt32(memory, region, 2, format, 1 << 30);
        assertEquals(1 << 30, Samples.readInt32(memory, region, 2, format));
    }

    @ParameterizedTest
    @EnumSource(value = SampleFormat.class, names = {"S16_LE", "S24_4LE", "S32_LE"})
    void shouldSaturateAnIntegerFormatWhenTheFloatIsOutOfRange(SampleFormat format) {
        region.wrap(BASE, BASE, 64, 64);
        Samples.writeFloat(memory, region, 0, format, 3f);
        final int max = Integer.MAX_VALUE >> (32 - format.validBits()) << (32 - format.validBits());
        assertEquals(max, Samples.readInt32(memory, region, 0, format));
    }

    @Test
    void shouldClampAFloatFormatToFullScale() {
        region.wrap(BASE, BASE, 64, 64);
        Samples.writeFloat(memory, region, 0, SampleFormat.FLOAT_LE, -3f);
        assertEquals(-1f, Samples.readFloat(memory, region, 0, SampleFormat.FLOAT_LE));
    }

    @Test
    void shouldStoreS16LittleEndianInItsContainer() {
        region.wrap(BASE, BASE, 64, 64);
        Samples.writeInt32(memory, region, 1, SampleFormat.S16_LE, 0x1234_0000);
        assertEquals(0x34, memory.buffer.get(2));
        assertEquals(0x12, memory.buffer.get(3));
    }

    @Test
    void shouldSignExtendS24AndIgnoreTheTopByteOnRead() {
        region.wrap(BASE, BASE, 64, 64);
        Samples.writeInt32(memory, region, 0, SampleFormat.S24_4LE, -256);
        assertEquals(-1, memory.buffer.getInt(0), "written sign-extended");
        memory.buffer.putInt(0, 0x7F00_0001); // garbage in the top byte
        assertEquals(0x100, Samples.readInt32(memory, region, 0, SampleFormat.S24_4LE));
    }

    @Test
    void shouldFollowTheWrapOfTheFragment() {
        region.wrap(BASE + 60, BASE, 64, 8); // sample 0 at 60..63, sample 1 at 0..3
        Samples.writeInt32(memory, region, 1, SampleFormat.S32_LE, 42);
        assertEquals(42, memory.buffer.getInt(0));
    }

    /** A flat little-endian memory at {@link #BASE}; only what the conversions use. */
    private static final class ArrayMemory implements MemoryAccess {
        final ByteBuffer buffer;

        ArrayMemory(int size) {
            buffer = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }

        private int at(long address) {
            return (int) (address - BASE);
        }

        @Override public void check(long a, long l, AccessKind k) { }
        @Override public boolean canAccess(long a, long l, AccessKind k) { return true; }
        @Override public byte getByte(long a) { return buffer.get(at(a)); }
        @Override public void putByte(long a, byte v) { buffer.put(at(a), v); }
        @Override public short getShort(long a) { return buffer.getShort(at(a)); }
        @Override public void putShort(long a, short v) { buffer.putShort(at(a), v); }
        @Override public int getInt(long a) { return buffer.getInt(at(a)); }
        @Override public void putInt(long a, int v) { buffer.putInt(at(a), v); }
        @Override public long getLong(long a) { return buffer.getLong(at(a)); }
        @Override public void putLong(long a, long v) { buffer.putLong(at(a), v); }
        @Override public float getFloat(long a) { return buffer.getFloat(at(a)); }
        @Override public void putFloat(long a, float v) { buffer.putFloat(at(a), v); }

        @Override
        public void getBytes(long a, byte[] d, int o, int l) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putBytes(long a, byte[] s, int o, int l) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getShorts(long a, short[] d, int o, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putShorts(long a, short[] s, int o, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void getInts(long a, int[] d, int o, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void putInts(long a, int[] s, int o, int c) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void copy(long s, long d, long l) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setMemory(long a, long l, byte v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MemoryView view(long a, long l) {
            throw new UnsupportedOperationException();
        }
    }
}
