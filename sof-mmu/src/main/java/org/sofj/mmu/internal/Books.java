package org.sofj.mmu.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.sofj.api.memory.Allocation;

/**
 * One instance's books: its live allocations by address, in allocation order, with the further
 * references each shared fast_get copy holds. An open-addressing table with linear probing and
 * backward-shift deletion, kept at most half full.
 *
 * <p>Written for kernel code that a module can strike with an {@link OutOfMemoryError} (it fills
 * the Java heap first, then makes a syscall): every change here allocates nothing, and the only
 * method that allocates, {@link #ensureRoom}, changes nothing until its new arrays exist. A caller
 * makes room <em>before</em> it takes the block it will record, so an error either strikes before
 * anything changed or cannot strike at all. The maps this replaces grew after inserting: an
 * error in Agrona's {@code Long2ObjectHashMap} growth left it over its load factor, later puts
 * filled it, and a put into a full table probed for ever inside a syscall, on the module's
 * thread, where no preemption check can reach (seen in {@code OomSyscallAttackTest}, 1 run in
 * 25); {@code LinkedHashMap} was left with its size one short of its links.
 *
 * <p>Not thread-safe: the caller holds the instance's lock.
 */
final class Books {
    private static final int INITIAL_CAPACITY = 16;

    private long[] keys = new long[INITIAL_CAPACITY];
    /** {@code null}: an empty slot. */
    private Allocation[] values = new Allocation[INITIAL_CAPACITY];
    /** References beyond the first to the allocation in the same slot (shared fast_get copies). */
    private long[] extra = new long[INITIAL_CAPACITY];
    /** The order in which each slot's allocation was recorded. */
    private long[] order = new long[INITIAL_CAPACITY];
    private int size;
    private long recorded;

    /**
     * Makes room for one more allocation, so that the next {@link #put} allocates nothing. The
     * only method that allocates; if it throws, nothing has changed.
     */
    void ensureRoom() {
        if (2 * (size + 1) <= keys.length) {
            return;
        }
        final int capacity = keys.length * 2;
        final long[] k = new long[capacity];
        final Allocation[] v = new Allocation[capacity];
        final long[] x = new long[capacity];
        final long[] o = new long[capacity];
        // allocated: from here on nothing can fail
        final int mask = capacity - 1;
        for (int i = 0; i < keys.length; i++) {
            if (values[i] != null) {
                int j = slot(keys[i], mask);
                while (v[j] != null) {
                    j = (j + 1) & mask;
                }
                k[j] = keys[i];
                v[j] = values[i];
                x[j] = extra[i];
                o[j] = order[i];
            }
        }
        keys = k;
        values = v;
        extra = x;
        order = o;
    }

    /**
     * Records {@code a}, or replaces the allocation recorded at its address (idempotent).
     * Allocates nothing.
     *
     * @throws IllegalStateException if {@link #ensureRoom} was not called first
     */
    void put(Allocation a) {
        final int i = find(a.address());
        if (values[i] != null) {
            values[i] = a;
            return;
        }
        if (2 * (size + 1) > keys.length) {
            throw new IllegalStateException("no room made for " + a);
        }
        keys[i] = a.address();
        values[i] = a;
        extra[i] = 0;
        order[i] = recorded++;
        size++;
    }

    /** @return the allocation recorded at {@code address}, or {@code null} */
    Allocation get(long address) {
        return values[find(address)];
    }

    /** @return the further references to the copy at {@code address}; 0 if none or unknown */
    long extra(long address) {
        final int i = find(address);
        return values[i] == null ? 0 : extra[i];
    }

    /**
     * Counts one more reference to the allocation at {@code address}, if recorded (a repeated
     * fast_get of a copy this instance holds). Allocates nothing.
     *
     * @return whether it is recorded
     */
    boolean addReference(long address) {
        final int i = find(address);
        if (values[i] == null) {
            return false;
        }
        extra[i]++;
        return true;
    }

    /**
     * Gives back one reference to the allocation at {@code address}: a further one if it has
     * any, else the allocation leaves the books. Allocates nothing.
     *
     * @return the allocation, or {@code null} if none is recorded there
     */
    Allocation dropReference(long address) {
        final int i = find(address);
        final Allocation a = values[i];
        if (a != null && extra[i] > 0) {
            extra[i]--;
        } else if (a != null) {
            remove(address);
        }
        return a;
    }

    /** Sets the further references of a recorded allocation. Allocates nothing. */
    void setExtra(long address, long references) {
        final int i = find(address);
        if (values[i] == null) {
            throw new IllegalStateException("address=" + address + " is not recorded");
        }
        extra[i] = references;
    }

    /**
     * Forgets the allocation at {@code address} and its further references. Allocates nothing.
     *
     * @return whether it was recorded
     */
    boolean remove(long address) {
        final int mask = keys.length - 1;
        int hole = find(address);
        if (values[hole] == null) {
            return false;
        }
        size--;
        // backward-shift deletion: move each later entry of the run into the hole if its home
        // slot does not lie (cyclically) between the hole and the entry
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                break;
            }
            final int home = slot(keys[j], mask);
            final boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
            if (!stays) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                extra[hole] = extra[j];
                order[hole] = order[j];
                hole = j;
            }
        }
        values[hole] = null;
        extra[hole] = 0;
        return true;
    }

    /** @return how many allocations are recorded */
    int size() {
        return size;
    }

    /**
     * The live allocations in the order they were recorded, then each further reference of a
     * shared copy (in the same order). Cold path; allocates.
     */
    List<Allocation> inOrder() {
        final int[] slots = new int[size];
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                slots[n++] = i;
            }
        }
        final long[] byOrder = new long[n];
        for (int i = 0; i < n; i++) {
            byOrder[i] = order[slots[i]] * values.length + slots[i]; // order, then its slot
        }
        Arrays.sort(byOrder);
        final List<Allocation> out = new ArrayList<>(n);
        for (long packed : byOrder) {
            out.add(values[(int) (packed % values.length)]);
        }
        for (long packed : byOrder) {
            final int i = (int) (packed % values.length);
            for (long r = extra[i]; r > 0; r--) {
                out.add(values[i]);
            }
        }
        return out;
    }

    /** The slot of {@code address}, or the empty slot where it would go. */
    private int find(long address) {
        final int mask = keys.length - 1;
        int i = slot(address, mask);
        while (values[i] != null && keys[i] != address) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private static int slot(long address, int mask) {
        final long h = address * 0x9E3779B97F4A7C15L; // Fibonacci hashing: aligned addresses spread
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
