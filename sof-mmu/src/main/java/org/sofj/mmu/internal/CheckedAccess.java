package org.sofj.mmu.internal;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.MemoryView;

/**
 * {@link MemoryAccess} over the backing buffer: each call is one {@link Mmu#check}, then an
 * unchecked little-endian access at the translated index. No allocation.
 */
final class CheckedAccess implements MemoryAccess {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Mmu mmu;
    private final UnsafeBuffer buffer;

    CheckedAccess(Mmu mmu, Backing backing) {
        this.mmu = mmu;
        this.buffer = backing.buffer();
    }

    @Override
    public void check(long address, long length, AccessKind kind) {
        mmu.check(address, length, Mmu.bit(kind));
    }

    @Override
    public boolean canAccess(long address, long length, AccessKind kind) {
        return mmu.allowed(address, length, Mmu.bit(kind));
    }

    @Override
    public byte getByte(long address) {
        return buffer.getByte((int) mmu.check(address, 1, Mmu.READ));
    }

    @Override
    public void putByte(long address, byte value) {
        buffer.putByte((int) mmu.check(address, 1, Mmu.WRITE), value);
    }

    @Override
    public short getShort(long address) {
        return buffer.getShort((int) mmu.check(address, 2, Mmu.READ), LE);
    }

    @Override
    public void putShort(long address, short value) {
        buffer.putShort((int) mmu.check(address, 2, Mmu.WRITE), value, LE);
    }

    @Override
    public int getInt(long address) {
        return buffer.getInt((int) mmu.check(address, 4, Mmu.READ), LE);
    }

    @Override
    public void putInt(long address, int value) {
        buffer.putInt((int) mmu.check(address, 4, Mmu.WRITE), value, LE);
    }

    @Override
    public long getLong(long address) {
        return buffer.getLong((int) mmu.check(address, 8, Mmu.READ), LE);
    }

    @Override
    public void putLong(long address, long value) {
        buffer.putLong((int) mmu.check(address, 8, Mmu.WRITE), value, LE);
    }

    @Override
    public float getFloat(long address) {
        return buffer.getFloat((int) mmu.check(address, 4, Mmu.READ), LE);
    }

    @Override
    public void putFloat(long address, float value) {
        buffer.putFloat((int) mmu.check(address, 4, Mmu.WRITE), value, LE);
    }

    @Override
    public void getBytes(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        buffer.getBytes((int) mmu.check(address, length, Mmu.READ), dst, offset, length);
    }

    @Override
    public void putBytes(long address, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        buffer.putBytes((int) mmu.check(address, length, Mmu.WRITE), src, offset, length);
    }

    @Override
    public void getShorts(long address, short[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        final int base = (int) mmu.check(address, 2L * count, Mmu.READ);
        for (int i = 0; i < count; i++) {
            dst[offset + i] = buffer.getShort(base + 2 * i, LE);
        }
    }

    @Override
    public void putShorts(long address, short[] src, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, src.length);
        final int base = (int) mmu.check(address, 2L * count, Mmu.WRITE);
        for (int i = 0; i < count; i++) {
            buffer.putShort(base + 2 * i, src[offset + i], LE);
        }
    }

    @Override
    public void getInts(long address, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        final int base = (int) mmu.check(address, 4L * count, Mmu.READ);
        for (int i = 0; i < count; i++) {
            dst[offset + i] = buffer.getInt(base + 4 * i, LE);
        }
    }

    @Override
    public void putInts(long address, int[] src, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, src.length);
        final int base = (int) mmu.check(address, 4L * count, Mmu.WRITE);
        for (int i = 0; i < count; i++) {
            buffer.putInt(base + 4 * i, src[offset + i], LE);
        }
    }

    @Override
    public void copy(long srcAddress, long dstAddress, long length) {
        final int src = (int) mmu.check(srcAddress, length, Mmu.READ);
        final int dst = (int) mmu.check(dstAddress, length, Mmu.WRITE);
        buffer.putBytes(dst, buffer, src, (int) length);
    }

    @Override
    public void setMemory(long address, long length, byte value) {
        buffer.setMemory((int) mmu.check(address, length, Mmu.WRITE), (int) length, value);
    }

    @Override
    public MemoryView view(long address, long length) {
        if (address < 0 || length < 0 || address + length > MemoryRegions.ADDRESS_SPACE_SIZE) {
            throw new IllegalArgumentException("address=0x" + Long.toHexString(address)
                    + " length=" + length + " is outside the 4 GiB address space");
        }
        return new CheckedView(this, address, length);
    }
}
