package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;

final class ConfigBlobTest {
    private final Fixture fx = new Fixture();
    private final ConfigBlob blob = new ConfigBlob();

    @AfterEach
    void close() {
        fx.close();
    }

    private static byte[] bytes(int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    @Test
    void shouldAssembleTheLargestBlobFromFragmentsInOrder() {
        final byte[] data = bytes(ConfigBlob.MAX_BYTES);
        assertEquals(ConfigBlob.MORE, blob.accept(ConfigFragment.FIRST, data.length,
                fx.view(Arrays.copyOfRange(data, 0, 4000))));
        assertEquals(ConfigBlob.MORE, blob.accept(ConfigFragment.MIDDLE, 4000,
                fx.view(Arrays.copyOfRange(data, 4000, 8000))));
        assertEquals(ConfigBlob.COMPLETE, blob.accept(ConfigFragment.LAST, 8000,
                fx.view(Arrays.copyOfRange(data, 8000, data.length))));
        assertEquals(data.length, blob.size());
        assertArrayEquals(data, Arrays.copyOf(blob.data(), blob.size()));
    }

    @Test
    void shouldRejectABlobLargerThanTheLimit() {
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.FIRST, ConfigBlob.MAX_BYTES + 1,
                fx.view(bytes(16))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.SINGLE, ConfigBlob.MAX_BYTES + 1,
                fx.view(bytes(16))));
    }

    @Test
    void shouldRejectMiddleOrLastWithoutFirst() {
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.MIDDLE, 0, fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.LAST, 0, fx.view(bytes(4))));
    }

    @Test
    void shouldRejectAFragmentAtTheWrongOffsetAndDropThePartialBlob() {
        assertEquals(ConfigBlob.MORE, blob.accept(ConfigFragment.FIRST, 12, fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.MIDDLE, 8, fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.LAST, 4, fx.view(bytes(8))),
                "dropped: a correct LAST no longer completes it");
    }

    @Test
    void shouldRejectFragmentsPastTheDeclaredSizeOrALastThatEndsShort() {
        assertEquals(ConfigBlob.MORE, blob.accept(ConfigFragment.FIRST, 8, fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.MIDDLE, 4, fx.view(bytes(8))));
        assertEquals(ConfigBlob.MORE, blob.accept(ConfigFragment.FIRST, 12, fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.LAST, 4, fx.view(bytes(4))));
    }

    @Test
    void shouldRejectASingleFragmentShorterThanItsDeclaredSize() {
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.SINGLE, 8, fx.view(bytes(4))));
    }

    @Test
    void shouldNotLetAMiddleFragmentExtendACompletedSingleBlob() {
        assertEquals(ConfigBlob.COMPLETE, blob.accept(ConfigFragment.SINGLE, 4,
                fx.view(bytes(4))));
        assertEquals(-Errno.EINVAL, blob.accept(ConfigFragment.LAST, 4, fx.view(bytes(4))));
    }
}
