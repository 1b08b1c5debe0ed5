package org.sofj.testkit;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian blob packing for the tests. */
final class Blobs {
    private Blobs() {
    }

    static byte[] ints(int... values) {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }
}
