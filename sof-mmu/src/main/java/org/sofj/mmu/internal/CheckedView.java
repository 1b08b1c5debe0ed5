package org.sofj.mmu.internal;

import java.util.Objects;

import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;

/**
 * A window of simulated memory. Offsets are bounds-checked against the window, then every access
 * goes through the same MMU check as {@link CheckedAccess}: the calling thread's TLB makes a
 * repeated access cheap, and any change to its domain flushes it, so a view kept past a removed
 * partition faults on next use.
 */
final class CheckedView implements MemoryView {
    private final MemoryAccess access;
    private final long address;
    private final long length;

    CheckedView(MemoryAccess access, long address, long length) {
        this.access = access;
        this.address = address;
        this.length = length;
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public long length() {
        return length;
    }

    private long at(long offset, long size) {
        if (offset < 0 || size < 0 || size > length - offset) {
            throw new IndexOutOfBoundsException("offset=" + offset + " size=" + size
                    + " length=" + length);
        }
        return address + offset;
    }

    @Override
    public byte getByte(long offset) {
        return access.getByte(at(offset, 1));
    }

    @Override
    public void putByte(long offset, byte value) {
        access.putByte(at(offset, 1), value);
    }

    @Override
    public short getShort(long offset) {
        return access.getShort(at(offset, 2));
    }

    @Override
    public void putShort(long offset, short value) {
        access.putShort(at(offset, 2), value);
    }

    @Override
    public int getInt(long offset) {
        return access.getInt(at(offset, 4));
    }

    @Override
    public void putInt(long offset, int value) {
        access.putInt(at(offset, 4), value);
    }

    @Override
    public long getLong(long offset) {
        return access.getLong(at(offset, 8));
    }

    @Override
    public void putLong(long offset, long value) {
        access.putLong(at(offset, 8), value);
    }

    @Override
    public float getFloat(long offset) {
        return access.getFloat(at(offset, 4));
    }

    @Override
    public void putFloat(long offset, float value) {
        access.putFloat(at(offset, 4), value);
    }

    @Override
    public void getBytes(long offset, byte[] dst, int dstOffset, int len) {
        Objects.checkFromIndexSize(dstOffset, len, dst.length);
        access.getBytes(at(offset, len), dst, dstOffset, len);
    }

    @Override
    public void putBytes(long offset, byte[] src, int srcOffset, int len) {
        Objects.checkFromIndexSize(srcOffset, len, src.length);
        access.putBytes(at(offset, len), src, srcOffset, len);
    }

    @Override
    public String toString() {
        return "MemoryView[0x" + Long.toHexString(address) + "+" + length + "]";
    }
}
