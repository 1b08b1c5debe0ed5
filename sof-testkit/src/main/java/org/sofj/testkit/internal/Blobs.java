package org.sofj.testkit.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian blob packing for init data. */
final class Blobs {
    private Blobs() {
    }

    /** @return the ints as little-endian bytes */
    static byte[] ints(int... values) {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
