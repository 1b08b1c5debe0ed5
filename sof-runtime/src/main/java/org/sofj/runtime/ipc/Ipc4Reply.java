package org.sofj.runtime.ipc;

import java.util.Arrays;
import java.util.Objects;

/**
 * The firmware's answer to a request: SOF's {@code struct ipc4_message_reply}
 * ({@code src/include/ipc4/header.h}), as {@code ipc_cmd} in
 * {@code src/ipc/ipc4/handler-kernel.c} builds it.
 *
 * <pre>
 * primary
 * bit  31  30       29  28..24   23..0
 *     +---+--------+---+--------+--------+
 *     | 0 | msg_tgt| 1 |  type  | status |
 *     +---+--------+---+--------+--------+
 *          as the request        IPC4 status (24 bits)
 * extension: the request's extension unless the handler sets one (LARGE_CONFIG_GET does)
 * </pre>
 *
 * @param status    the IPC4 status, one of {@link org.sofj.api.Ipc4Status}, 0..2<sup>24</sup>-1
 * @param primary   the primary word; its low 24 bits are {@code status} and {@code rsp} is set
 * @param extension the extension word
 * @param payload   the reply data (LARGE_CONFIG_GET), possibly empty; copied
 */
public record Ipc4Reply(int status, int primary, int extension, byte[] payload) {

    private static final int MIRRORED = Ipc4Header.MSG_TGT_BIT
            | Ipc4Header.TYPE_MASK << Ipc4Header.TYPE_SHIFT;

    /**
     * Validates that the words form a reply with {@code status}, and copies the payload.
     *
     * @param status the IPC4 status, one of {@link org.sofj.api.Ipc4Status}, 0..2<sup>24</sup>-1
     * @param primary the primary word; its low 24 bits are {@code status} and {@code rsp} is set
     * @param extension the extension word
     * @param payload the reply data (LARGE_CONFIG_GET), possibly empty; copied
     * @throws IllegalArgumentException naming the value if {@code status} is out of range, does not
     *     match {@code primary}, {@code rsp} is clear, bit 31 is set, or the payload is over
     *     {@link Ipc4Header#MAX_MESSAGE_SIZE}
     * @throws NullPointerException if {@code payload} is null
     */
    public Ipc4Reply {
        Fields.check("status", status, 0, Ipc4Header.STATUS_MASK);
        if ((primary & Ipc4Header.STATUS_MASK) != status) {
            throw new IllegalArgumentException("primary=" + Fields.hex(primary)
                    + " does not carry status=" + status);
        }
        if (!Ipc4Header.isReply(primary)) {
            throw new IllegalArgumentException("primary=" + Fields.hex(primary)
                    + " has rsp=0, not a reply");
        }
        if ((primary & Ipc4Header.PRIMARY_RESERVED_MASK) != 0) {
            throw new IllegalArgumentException("primary=" + Fields.hex(primary)
                    + " has reserved bit 31 set");
        }
        Objects.requireNonNull(payload, "payload");
        Fields.check("payload.length", payload.length, 0, Ipc4Header.MAX_MESSAGE_SIZE);
        payload = payload.clone();
    }

    /**
     * The reply to {@code request} with {@code status}: {@code rsp} set, {@code type} and
     * {@code msg_tgt} mirrored, the request's extension, no payload. This is SOF's reply for
     * every request but LARGE_CONFIG_GET.
     *
     * @param request the request frame
     * @param status  the IPC4 status
     * @return the reply
     * @throws IllegalArgumentException if {@code request} is itself a reply or {@code status}
     *                                  is out of range
     */
    public static Ipc4Reply to(Ipc4Frame request, int status) {
        return to(request, status, request.extension(), new byte[0]);
    }

    /**
     * The reply to {@code request} with a given extension and data, as LARGE_CONFIG_GET sends.
     *
     * @param request   the request frame
     * @param status    the IPC4 status
     * @param extension the reply's extension word
     * @param payload   the reply data
     * @return the reply
     * @throws IllegalArgumentException if {@code request} is itself a reply, {@code status} is
     *                                  out of range or the payload is too long
     */
    public static Ipc4Reply to(Ipc4Frame request, int status, int extension, byte[] payload) {
        if (Ipc4Header.isReply(request.primary())) {
            throw new IllegalArgumentException("request primary=" + Fields.hex(request.primary())
                    + " is a reply");
        }
        Fields.check("status", status, 0, Ipc4Header.STATUS_MASK);
        return new Ipc4Reply(status, request.primary() & MIRRORED | Ipc4Header.RSP_BIT | status,
                extension, payload);
    }

    /** {@return the mirrored {@code type} field} */
    public int type() {
        return Ipc4Header.type(primary);
    }

    /** {@return whether the request was a module message} */
    public boolean isModuleTarget() {
        return Ipc4Header.isModuleTarget(primary);
    }

    /** {@return the reply as a frame, for a transport} */
    public Ipc4Frame toFrame() {
        return new Ipc4Frame(primary, extension, payload);
    }

    /** {@return a copy of the reply data} */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** {@return whether {@code o} is a reply with the same words and payload bytes} */
    @Override
    public boolean equals(Object o) {
        return o instanceof Ipc4Reply r && status == r.status && primary == r.primary
                && extension == r.extension && Arrays.equals(payload, r.payload);
    }

    /** {@return a hash of the words and payload bytes} */
    @Override
    public int hashCode() {
        return Objects.hash(status, primary, extension) * 31 + Arrays.hashCode(payload);
    }

    /** {@return the status, the words in hex and the payload bytes} */
    @Override
    public String toString() {
        return "Ipc4Reply[status=" + org.sofj.api.Ipc4Status.name(status) + ", primary="
                + Fields.hex(primary) + ", extension=" + Fields.hex(extension) + ", payload="
                + Arrays.toString(payload) + "]";
    }
}
