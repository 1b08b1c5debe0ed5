package org.sofj.api.memory;

/**
 * Checked access to simulated memory by absolute simulated address, little-endian.
 *
 * <p>Every call checks the calling thread's rights at the moment of the access: a kernel thread
 * may touch everything; a user thread only what its current memory domain's partitions allow, plus
 * its own stack. A denied access throws {@link org.sofj.api.MemoryFault} and moves nothing. Bulk
 * calls ({@code getBytes}, {@code getShorts}, ..., {@link #copy}) check the whole block once,
 * which is the cheap way to touch many bytes; {@link #check} checks a block without touching it.
 *
 * <p>Any thread may call. No method allocates. Accesses are plain (no ordering); concurrent
 * exchange of audio goes through sinks and sources, which order their offsets themselves.
 */
public interface MemoryAccess {

    /**
     * Checks that the calling thread may access {@code [address, address + length)} as
     * {@code kind}, without touching it.
     *
     * @param address the first simulated address
     * @param length  the number of bytes
     * @param kind    the kind of access
     * @throws org.sofj.api.MemoryFault if the access is denied
     */
    void check(long address, long length, AccessKind kind);

    /**
     * Whether the calling thread may access the block; never throws a fault.
     *
     * @param address the first simulated address
     * @param length  the number of bytes
     * @param kind    the kind of access
     * @return {@code true} if {@link #check} would pass
     */
    boolean canAccess(long address, long length, AccessKind kind);

    /**
     * Reads a byte.
     *
     * @param address the address
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    byte getByte(long address);

    /**
     * Writes a byte.
     *
     * @param address the address
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putByte(long address, byte value);

    /**
     * Reads a little-endian short.
     *
     * @param address the address
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    short getShort(long address);

    /**
     * Writes a little-endian short.
     *
     * @param address the address
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putShort(long address, short value);

    /**
     * Reads a little-endian int.
     *
     * @param address the address
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    int getInt(long address);

    /**
     * Writes a little-endian int.
     *
     * @param address the address
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putInt(long address, int value);

    /**
     * Reads a little-endian long.
     *
     * @param address the address
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    long getLong(long address);

    /**
     * Writes a little-endian long.
     *
     * @param address the address
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putLong(long address, long value);

    /**
     * Reads a little-endian IEEE 754 float.
     *
     * @param address the address
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    float getFloat(long address);

    /**
     * Writes a little-endian IEEE 754 float.
     *
     * @param address the address
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putFloat(long address, float value);

    /**
     * Copies {@code length} bytes from simulated memory into {@code dst}; one check.
     *
     * @param address the first simulated address
     * @param dst     the destination array
     * @param offset  the first index in {@code dst}
     * @param length  the number of bytes
     * @throws org.sofj.api.MemoryFault if denied
     */
    void getBytes(long address, byte[] dst, int offset, int length);

    /**
     * Copies {@code length} bytes from {@code src} into simulated memory; one check.
     *
     * @param address the first simulated address
     * @param src     the source array
     * @param offset  the first index in {@code src}
     * @param length  the number of bytes
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putBytes(long address, byte[] src, int offset, int length);

    /**
     * Reads {@code count} little-endian shorts; one check of {@code 2 * count} bytes.
     *
     * @param address the first simulated address
     * @param dst     the destination array
     * @param offset  the first index in {@code dst}
     * @param count   the number of shorts
     * @throws org.sofj.api.MemoryFault if denied
     */
    void getShorts(long address, short[] dst, int offset, int count);

    /**
     * Writes {@code count} little-endian shorts; one check of {@code 2 * count} bytes.
     *
     * @param address the first simulated address
     * @param src     the source array
     * @param offset  the first index in {@code src}
     * @param count   the number of shorts
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putShorts(long address, short[] src, int offset, int count);

    /**
     * Reads {@code count} little-endian ints; one check of {@code 4 * count} bytes.
     *
     * @param address the first simulated address
     * @param dst     the destination array
     * @param offset  the first index in {@code dst}
     * @param count   the number of ints
     * @throws org.sofj.api.MemoryFault if denied
     */
    void getInts(long address, int[] dst, int offset, int count);

    /**
     * Writes {@code count} little-endian ints; one check of {@code 4 * count} bytes.
     *
     * @param address the first simulated address
     * @param src     the source array
     * @param offset  the first index in {@code src}
     * @param count   the number of ints
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putInts(long address, int[] src, int offset, int count);

    /**
     * Copies bytes within simulated memory ({@code memmove} semantics); the source is checked for
     * reading and the destination for writing, once each.
     *
     * @param srcAddress the first source address
     * @param dstAddress the first destination address
     * @param length     the number of bytes
     * @throws org.sofj.api.MemoryFault if either side is denied
     */
    void copy(long srcAddress, long dstAddress, long length);

    /**
     * Fills a block with one byte value; one check.
     *
     * @param address the first simulated address
     * @param length  the number of bytes
     * @param value   the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void setMemory(long address, long length, byte value);

    /**
     * A view of {@code [address, address + length)} addressed by offsets from its start. The view
     * is checked on every use against the using thread's domain at that moment, so a view kept
     * after its partition was removed faults on next use. Creating a view allocates; using it
     * does not.
     *
     * @param address the first simulated address
     * @param length  the number of bytes
     * @return the view
     * @throws IllegalArgumentException if the range is outside the address space
     */
    MemoryView view(long address, long length);
}
