package org.sofj.api.memory;

/**
 * A window {@code [address(), address() + length())} of simulated memory, addressed by offsets.
 *
 * <p>Each access is bounds-checked against the window (an out-of-window offset is
 * {@link IndexOutOfBoundsException}) and checked by the simulated MMU against the calling thread's
 * current domain at the moment of the access ({@link org.sofj.api.MemoryFault} if denied). The
 * memory system keeps that check cheap (sof-mmu caches each thread's recent page rights and drops
 * the cache whenever any domain changes), so a view kept past a transient grant faults on next
 * use.
 *
 * <p>Any thread may call. No method allocates.
 */
public interface MemoryView {

    /** {@return the first simulated address of the window} */
    long address();

    /** {@return the window's length in bytes} */
    long length();

    /**
     * Reads a byte.
     *
     * @param offset the offset in the window
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    byte getByte(long offset);

    /**
     * Writes a byte.
     *
     * @param offset the offset in the window
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putByte(long offset, byte value);

    /**
     * Reads a little-endian short.
     *
     * @param offset the offset
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    short getShort(long offset);

    /**
     * Writes a little-endian short.
     *
     * @param offset the offset
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putShort(long offset, short value);

    /**
     * Reads a little-endian int.
     *
     * @param offset the offset
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    int getInt(long offset);

    /**
     * Writes a little-endian int.
     *
     * @param offset the offset
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putInt(long offset, int value);

    /**
     * Reads a little-endian long.
     *
     * @param offset the offset
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    long getLong(long offset);

    /**
     * Writes a little-endian long.
     *
     * @param offset the offset
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putLong(long offset, long value);

    /**
     * Reads a little-endian float.
     *
     * @param offset the offset
     * @return the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    float getFloat(long offset);

    /**
     * Writes a little-endian float.
     *
     * @param offset the offset
     * @param value the value
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putFloat(long offset, float value);

    /**
     * Copies bytes out of the window; one check.
     *
     * @param offset    the offset in the window
     * @param dst       the destination
     * @param dstOffset the first index in {@code dst}
     * @param length    the number of bytes
     * @throws org.sofj.api.MemoryFault if denied
     */
    void getBytes(long offset, byte[] dst, int dstOffset, int length);

    /**
     * Copies bytes into the window; one check.
     *
     * @param offset    the offset in the window
     * @param src       the source
     * @param srcOffset the first index in {@code src}
     * @param length    the number of bytes
     * @throws org.sofj.api.MemoryFault if denied
     */
    void putBytes(long offset, byte[] src, int srcOffset, int length);
}
