package org.sofj.plugins.sample.internal;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryView;

/**
 * Assembles a configuration blob from {@code set_configuration} fragments into a pre-allocated
 * array of {@link #MAX_BYTES}, SOF's large-config protocol:
 * <ul>
 *   <li>{@link ConfigFragment#SINGLE}: {@code dataOffsetSize} is the blob's size; the blob is the
 *       first {@code dataOffsetSize} bytes of the fragment;</li>
 *   <li>{@link ConfigFragment#FIRST}: {@code dataOffsetSize} is the whole blob's size; the
 *       fragment is its first part;</li>
 *   <li>{@link ConfigFragment#MIDDLE} / {@link ConfigFragment#LAST}: {@code dataOffsetSize} is the
 *       fragment's offset, which must be where the previous fragment ended; LAST completes the
 *       blob (a LAST fragment may be longer than what is left; the rest is ignored).</li>
 * </ul>
 * A blob larger than {@link #MAX_BYTES}, a fragment out of order or past the declared size, or a
 * MIDDLE/LAST without a FIRST is {@code -EINVAL} and drops the partial blob. The module applies
 * the blob only when {@link #accept} reports it complete, so a bad blob never changes its
 * configuration.
 *
 * <p>Control path only (IPC thread or the module's user thread); not thread-safe; does not
 * allocate after construction.
 */
final class ConfigBlob {
    /** The largest blob any sample module accepts, in bytes. */
    static final int MAX_BYTES = 8192;
    /** {@link #accept} result: the fragment was stored and more are expected. */
    static final int MORE = 0;
    /** {@link #accept} result: the blob is complete; read it with {@link #data()} and {@link #size()}. */
    static final int COMPLETE = 1;

    private final byte[] data = new byte[MAX_BYTES];
    private int total = -1;
    private int received;

    /**
     * Stores one fragment.
     *
     * @param position       where the fragment sits
     * @param dataOffsetSize the whole size (FIRST, SINGLE) or the fragment's offset (MIDDLE, LAST)
     * @param fragment       the fragment
     * @return {@link #MORE}, {@link #COMPLETE}, or {@code -Errno.EINVAL} (the partial blob is
     *     dropped)
     */
    int accept(ConfigFragment position, int dataOffsetSize, MemoryView fragment) {
        final long length = fragment.length();
        if (position.isFirst()) {
            total = -1;
            received = 0;
            if (dataOffsetSize < 0 || dataOffsetSize > MAX_BYTES) {
                return -Errno.EINVAL;
            }
            final long n = position == ConfigFragment.SINGLE ? dataOffsetSize : length;
            if (n > dataOffsetSize || n > length) {
                return -Errno.EINVAL;
            }
            fragment.getBytes(0, data, 0, (int) n);
            received = (int) n;
            total = position == ConfigFragment.SINGLE ? -1 : dataOffsetSize;
            return position == ConfigFragment.SINGLE ? COMPLETE : MORE;
        }
        final int expectedTotal = total;
        if (expectedTotal < 0 || dataOffsetSize != received) {
            return drop();
        }
        final long left = expectedTotal - received;
        final long n = position == ConfigFragment.LAST ? Math.min(length, left) : length;
        if (n > left || position == ConfigFragment.LAST && n < left) {
            return drop();
        }
        fragment.getBytes(0, data, received, (int) n);
        received += (int) n;
        if (position == ConfigFragment.LAST) {
            total = -1;
            return COMPLETE;
        }
        return MORE;
    }

    private int drop() {
        total = -1;
        received = 0;
        return -Errno.EINVAL;
    }

    /** Forgets a partial blob, for {@code reset}. */
    void clear() {
        total = -1;
        received = 0;
    }

    /** @return the assembled bytes; valid after {@link #accept} returned {@link #COMPLETE} */
    byte[] data() {
        return data;
    }

    /** @return the assembled blob's size; valid after {@link #accept} returned {@link #COMPLETE} */
    int size() {
        return received;
    }

    /**
     * Writes {@code size} bytes of {@code blob} into a {@code get_configuration} reply.
     *
     * @param blob     the bytes
     * @param size     how many
     * @param response the reply buffer
     * @return {@code size}, or {@code -Errno.EINVAL} if the reply buffer is too small
     */
    static int reply(byte[] blob, int size, MemoryView response) {
        if (response.length() < size) {
            return -Errno.EINVAL;
        }
        response.putBytes(0, blob, 0, size);
        return size;
    }
}
