package org.sofj.mmu.internal;

import java.lang.ref.Reference;
import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.MemoryView;

/**
 * {@link MemoryAccess} over the backing buffer: each call is one {@link Mmu#check}, then an
 * unchecked little-endian access at the translated index. No allocation.
 *
 * <p>A capability: the kernel's ({@link #domain} {@code null}) allows what the calling thread
 * allows; an instance's ({@link MmuMemorySystem#accessFor}) allows at most its domain's user
 * rights, whichever thread uses it, and its views inherit that.
 *
 * <p>Single values are read and written with {@link UnsafeApi} at the index the check returned,
 * which is always inside the buffer: a second, buffer-level bounds check would be redundant, and
 * it is what made a checked read cost twice an unchecked one in a loop (its index is not a simple
 * function of the loop counter, so the JIT cannot hoist it). Each such access keeps the
 * {@link Backing} reachable until it is done, so the memory cannot be freed under it.
 */
final class CheckedAccess implements MemoryAccess {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final boolean LITTLE_ENDIAN_HOST = ByteOrder.nativeOrder() == LE;
    private static final long SHORTS = UnsafeApi.arrayBaseOffset(short[].class);
    private static final long INTS = UnsafeApi.arrayBaseOffset(int[].class);

    private final Mmu mmu;
    /** The domain whose user rights this capability carries; {@code null} for the kernel's. */
    private final Domain domain;
    private final Backing backing;
    private final UnsafeBuffer buffer;
    private final byte[] array;
    private final long base;

    CheckedAccess(Mmu mmu, Domain domain, Backing backing) {
        this.mmu = mmu;
        this.domain = domain;
        this.backing = backing;
        this.buffer = backing.buffer();
        this.array = buffer.byteArray();
        this.base = buffer.addressOffset();
    }

    /** The memory address of the checked index: for {@link UnsafeApi}, with {@link #array}. */
    private long at(long address, long length, int kindBit) {
        return base + mmu.check(domain, address, length, kindBit);
    }

    @Override
    public void check(long address, long length, AccessKind kind) {
        mmu.check(domain, address, length, Mmu.bit(kind));
    }

    @Override
    public boolean canAccess(long address, long length, AccessKind kind) {
        return mmu.allowed(domain, address, length, Mmu.bit(kind));
    }

    @Override
    public byte getByte(long address) {
        final byte v = UnsafeApi.getByte(array, at(address, 1, Mmu.READ));
        Reference.reachabilityFence(backing);
        return v;
    }

    @Override
    public void putByte(long address, byte value) {
        UnsafeApi.putByte(array, at(address, 1, Mmu.WRITE), value);
        Reference.reachabilityFence(backing);
    }

    @Override
    public short getShort(long address) {
        final short v = UnsafeApi.getShort(array, at(address, 2, Mmu.READ));
        Reference.reachabilityFence(backing);
        return LITTLE_ENDIAN_HOST ? v : Short.reverseBytes(v);
    }

    @Override
    public void putShort(long address, short value) {
        UnsafeApi.putShort(array, at(address, 2, Mmu.WRITE),
                LITTLE_ENDIAN_HOST ? value : Short.reverseBytes(value));
        Reference.reachabilityFence(backing);
    }

    @Override
    public int getInt(long address) {
        final int v = UnsafeApi.getInt(array, at(address, 4, Mmu.READ));
        Reference.reachabilityFence(backing);
        return LITTLE_ENDIAN_HOST ? v : Integer.reverseBytes(v);
    }

    @Override
    public void putInt(long address, int value) {
        UnsafeApi.putInt(array, at(address, 4, Mmu.WRITE),
                LITTLE_ENDIAN_HOST ? value : Integer.reverseBytes(value));
        Reference.reachabilityFence(backing);
    }

    @Override
    public long getLong(long address) {
        final long v = UnsafeApi.getLong(array, at(address, 8, Mmu.READ));
        Reference.reachabilityFence(backing);
        return LITTLE_ENDIAN_HOST ? v : Long.reverseBytes(v);
    }

    @Override
    public void putLong(long address, long value) {
        UnsafeApi.putLong(array, at(address, 8, Mmu.WRITE),
                LITTLE_ENDIAN_HOST ? value : Long.reverseBytes(value));
        Reference.reachabilityFence(backing);
    }

    @Override
    public float getFloat(long address) {
        return Float.intBitsToFloat(getInt(address));
    }

    @Override
    public void putFloat(long address, float value) {
        putInt(address, Float.floatToRawIntBits(value));
    }

    @Override
    public void getBytes(long address, byte[] dst, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, dst.length);
        buffer.getBytes((int) mmu.check(domain, address, length, Mmu.READ), dst, offset, length);
    }

    @Override
    public void putBytes(long address, byte[] src, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, src.length);
        buffer.putBytes((int) mmu.check(domain, address, length, Mmu.WRITE), src, offset, length);
    }

    @Override
    public void getShorts(long address, short[] dst, int offset, int count) {
        if (LITTLE_ENDIAN_HOST) {
            copyOut(address, dst, SHORTS, 2, offset, count, dst.length);
        } else {
            beforeElements(address, 2, offset, count, dst.length, Mmu.READ);
            for (int i = 0; i < count; i++) {
                dst[offset + i] = getShort(address + 2L * i);
            }
        }
    }

    @Override
    public void putShorts(long address, short[] src, int offset, int count) {
        if (LITTLE_ENDIAN_HOST) {
            copyIn(address, src, SHORTS, 2, offset, count, src.length);
        } else {
            beforeElements(address, 2, offset, count, src.length, Mmu.WRITE);
            for (int i = 0; i < count; i++) {
                putShort(address + 2L * i, src[offset + i]);
            }
        }
    }

    @Override
    public void getInts(long address, int[] dst, int offset, int count) {
        if (LITTLE_ENDIAN_HOST) {
            copyOut(address, dst, INTS, 4, offset, count, dst.length);
        } else {
            beforeElements(address, 4, offset, count, dst.length, Mmu.READ);
            for (int i = 0; i < count; i++) {
                dst[offset + i] = getInt(address + 4L * i);
            }
        }
    }

    @Override
    public void putInts(long address, int[] src, int offset, int count) {
        if (LITTLE_ENDIAN_HOST) {
            copyIn(address, src, INTS, 4, offset, count, src.length);
        } else {
            beforeElements(address, 4, offset, count, src.length, Mmu.WRITE);
            for (int i = 0; i < count; i++) {
                putInt(address + 4L * i, src[offset + i]);
            }
        }
    }

    /** Little-endian host: one check, then one copy from simulated memory into the array. */
    private void copyOut(long address, Object dst, long arrayBase, int size, int offset,
            int count, int arrayLength) {
        Objects.checkFromIndexSize(offset, count, arrayLength);
        final long from = at(address, (long) size * count, Mmu.READ);
        UnsafeApi.copyMemory(array, from, dst, arrayBase + (long) size * offset,
                (long) size * count);
        Reference.reachabilityFence(backing);
    }

    /** Little-endian host: one check, then one copy from the array into simulated memory. */
    private void copyIn(long address, Object src, long arrayBase, int size, int offset,
            int count, int arrayLength) {
        Objects.checkFromIndexSize(offset, count, arrayLength);
        final long to = at(address, (long) size * count, Mmu.WRITE);
        UnsafeApi.copyMemory(src, arrayBase + (long) size * offset, array, to,
                (long) size * count);
        Reference.reachabilityFence(backing);
    }

    /** Big-endian host: the same checks up front, then element by element. */
    private void beforeElements(long address, int size, int offset, int count, int arrayLength,
            int kindBit) {
        Objects.checkFromIndexSize(offset, count, arrayLength);
        mmu.check(domain, address, (long) size * count, kindBit);
    }

    @Override
    public void copy(long srcAddress, long dstAddress, long length) {
        final int src = (int) mmu.check(domain, srcAddress, length, Mmu.READ);
        final int dst = (int) mmu.check(domain, dstAddress, length, Mmu.WRITE);
        buffer.putBytes(dst, buffer, src, (int) length);
    }

    @Override
    public void setMemory(long address, long length, byte value) {
        buffer.setMemory((int) mmu.check(domain, address, length, Mmu.WRITE), (int) length, value);
    }

    /** @return the domain this capability is bound to, or {@code null} for the kernel's */
    Domain domain() {
        return domain;
    }

    @Override
    public MemoryView view(long address, long length) {
        if (address < 0 || length < 0 || length > MemoryRegions.ADDRESS_SPACE_SIZE - address) {
            throw new IllegalArgumentException("address=0x" + Long.toHexString(address)
                    + " length=" + length + " is outside the 4 GiB address space");
        }
        return new CheckedView(this, address, length);
    }

    @Override
    public String toString() {
        return "MemoryAccess[" + (domain == null ? "kernel" : domain.name()) + "]";
    }
}
