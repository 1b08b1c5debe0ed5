package org.sofj.runtime.ipc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/** Test data: valid messages and little-endian byte helpers. */
final class Frames {
    /** 48 kHz stereo S24 in 32. */
    static final AudioFormat FORMAT = AudioFormat.of(48000, 2, SampleFormat.S24_4LE);
    static final BaseConfig BASE = new BaseConfig(1000, 384, 384, 0, 2, FORMAT);
    /** Module 2 of library 1. */
    static final int MODULE = 0x1002;

    private Frames() {
    }

    static ModInitInstance init(byte[] initData, Optional<DpData> dp) {
        return new ModInitInstance(MODULE, 3, 1, 5, ProcDomain.DP, BASE, initData, dp);
    }

    /** @return a valid INIT_INSTANCE frame without extended init, payload 40 bytes */
    static Ipc4Frame plainInit() {
        return Ipc4Codec.standard().encode(init(new byte[0], Optional.empty()));
    }

    /** @return {@code frame} with its payload replaced and param_block_size set to match */
    static Ipc4Frame withBlock(Ipc4Frame frame, byte[] block, boolean extendedInit) {
        final int ext = frame.extension() & ~0xFFFF & ~(1 << 29)
                | (extendedInit ? 1 << 29 : 0) | block.length / 4;
        return new Ipc4Frame(frame.primary(), ext, block);
    }

    /** @return a copy of {@code bytes} with the LE dword at {@code offset} replaced */
    static byte[] patch(byte[] bytes, int offset, int value) {
        final byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
        return copy;
    }

    /** @return the dwords, little-endian, followed by {@code tail} */
    static byte[] dwords(byte[] tail, int... words) {
        final ByteBuffer b = ByteBuffer.allocate(words.length * 4 + tail.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int w : words) {
            b.putInt(w);
        }
        return b.put(tail).array();
    }

    /** @return {@code a} followed by {@code b} */
    static byte[] concat(byte[] a, byte[] b) {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] bytes(int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }
}
