package org.sofj.runtime.ipc;

import java.util.Arrays;
import java.util.Objects;

/**
 * One IPC4 message on the wire: the two header words and the mailbox payload. A frame is raw
 * data: it is not validated, {@link Ipc4Codec#decode(Ipc4Frame)} does that.
 *
 * @param primary   the primary header word
 * @param extension the extension header word
 * @param payload   the little-endian mailbox payload, possibly empty; copied in and out
 */
public record Ipc4Frame(int primary, int extension, byte[] payload) {

    /** An empty payload, shared because it cannot be changed. */
    private static final byte[] EMPTY = new byte[0];

    /**
     * Copies the payload.
     *
     * @param primary the primary header word
     * @param extension the extension header word
     * @param payload the little-endian mailbox payload, possibly empty; copied in and out
     * @throws NullPointerException if {@code payload} is null
     */
    public Ipc4Frame {
        Objects.requireNonNull(payload, "payload");
        payload = payload.length == 0 ? EMPTY : payload.clone();
    }

    /**
     * A frame without payload.
     *
     * @param primary   the primary word
     * @param extension the extension word
     */
    public Ipc4Frame(int primary, int extension) {
        this(primary, extension, EMPTY);
    }

    /** {@return a copy of the payload} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return the payload length in bytes, without copying} */
    public int payloadLength() {
        return payload.length;
    }

    /** Package-private: the payload itself, for the codec, which never writes it. */
    byte[] payloadUnsafe() {
        return payload;
    }

    /** {@return whether {@code o} is a frame with the same words and payload bytes} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ipc4Frame f && primary == f.primary && extension == f.extension
                && Arrays.equals(payload, f.payload);
    }

    /** {@return a hash of the words and payload bytes} */
    @Override
    public int hashCode() {
        return 31 * (31 * primary + extension) + Arrays.hashCode(payload);
    }

    /** {@return the words in hex and the payload bytes} */
    @Override
    public String toString() {
        return "Ipc4Frame[primary=" + Fields.hex(primary) + ", extension=" + Fields.hex(extension)
                + ", payload=" + Arrays.toString(payload) + "]";
    }
}
