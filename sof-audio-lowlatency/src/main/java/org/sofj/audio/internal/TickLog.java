package org.sofj.audio.internal;

/**
 * A per-core log of what each tick did, for determinism checks: the last {@link #capacity()}
 * ticks kept verbatim, and a digest over every tick ever logged, so two runs can be compared in
 * full whatever their length. Virtual time logs only deterministic facts (tick number, LL tasks
 * run, which DP tasks were woken, which were still in their startup delay), never times.
 *
 * <p>Threads: written by the thread that runs the core's ticks; read after the run (or by the
 * same thread). Pre-allocated: {@link #record} does not allocate.
 */
final class TickLog {
    /*
     * One entry, four longs, in a circular array of capacity entries:
     *
     *   +--------+--------------+------------------+------------------+
     *   | tick   | LL tasks run | DP woken mask    | DP startup mask  |
     *   +--------+--------------+------------------+------------------+
     *
     * Masks hold bit i for the i-th DP task of the core (creation order), tasks 0..63.
     */
    static final int TICK = 0;
    static final int LL_TASKS = 1;
    static final int WOKEN = 2;
    static final int STARTUP = 3;
    static final int ENTRY_LONGS = 4;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final long[] entries;
    private final int mask;
    private long count;
    private long digest = FNV_OFFSET;

    /**
     * @param capacity entries kept verbatim, a power of two
     * @throws IllegalArgumentException if {@code capacity} is not a positive power of two
     */
    TickLog(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity=" + capacity
                    + " must be a positive power of two");
        }
        this.entries = new long[capacity * ENTRY_LONGS];
        this.mask = capacity - 1;
    }

    /**
     * Logs one tick. The core's tick thread only; no allocation.
     *
     * @param tick        the tick number
     * @param llTasks     LL tasks run
     * @param wokenMask   DP tasks woken by this tick
     * @param startupMask DP tasks still in their startup delay after this tick
     */
    void record(long tick, int llTasks, long wokenMask, long startupMask) {
        final int base = (int) (count & mask) * ENTRY_LONGS;
        entries[base + TICK] = tick;
        entries[base + LL_TASKS] = llTasks;
        entries[base + WOKEN] = wokenMask;
        entries[base + STARTUP] = startupMask;
        long d = digest;
        d = (d ^ tick) * FNV_PRIME;
        d = (d ^ llTasks) * FNV_PRIME;
        d = (d ^ wokenMask) * FNV_PRIME;
        d = (d ^ startupMask) * FNV_PRIME;
        digest = d;
        count++;
    }

    /** @return entries kept verbatim */
    int capacity() {
        return mask + 1;
    }

    /** @return ticks logged since creation */
    long count() {
        return count;
    }

    /** @return a digest of every tick logged, in order */
    long digest() {
        return digest;
    }

    /**
     * A field of a logged tick still held.
     *
     * @param n     the tick's position in logging order, in {@code [count - capacity, count)}
     * @param field {@link #TICK}, {@link #LL_TASKS}, {@link #WOKEN} or {@link #STARTUP}
     * @return the value
     * @throws IndexOutOfBoundsException if the entry is no longer (or not yet) held
     */
    long get(long n, int field) {
        if (n < 0 || n >= count || n < count - capacity()) {
            throw new IndexOutOfBoundsException("n=" + n + " count=" + count + " capacity="
                    + capacity());
        }
        return entries[(int) (n & mask) * ENTRY_LONGS + field];
    }
}
