package org.sofj.runtime.ipc;

/**
 * The IPC4 header words: SOF's {@code struct ipc4_message_request} and
 * {@code struct ipc4_message_reply} ({@code src/include/ipc4/header.h}), the message types of
 * {@code enum ipc4_message_type} and {@code enum sof_ipc4_module_type}
 * ({@code src/include/ipc4/module.h}), and the limits the codec enforces.
 *
 * <p>Every message is two 32-bit words, {@code primary} and {@code extension}, plus an optional
 * little-endian payload in the host mailbox. Bit 0 is the least significant bit. The top byte of
 * {@code primary} is common to all messages:
 *
 * <pre>
 * primary (request)                     primary (reply)
 * bit  31  30      29  28..24  23..0    bit  31  30      29  28..24  23..0
 *     +---+-------+---+-------+------+      +---+-------+---+-------+--------+
 *     |rsv|msg_tgt|rsp| type  | ...  |      |rsv|msg_tgt|rsp| type  | status |
 *     +---+-------+---+-------+------+      +---+-------+---+-------+--------+
 *  msg_tgt: 0 = FW_GEN (global), 1 = MODULE   rsp: 0 = request, 1 = reply
 *  type:    enum ipc4_message_type (global) or enum sof_ipc4_module_type (module)
 *
 * extension
 * bit  31..30  29..0
 *     +-------+---------------------------------+
 *     |  rsv  | message specific (ext_data)     |
 *     +-------+---------------------------------+
 * </pre>
 *
 * <p>Bits 31 of {@code primary} and 31..30 of {@code extension} are reserved for the hardware
 * doorbell; the codec requires them to be 0. The per-message layouts are drawn on the message
 * records.
 */
public final class Ipc4Header {
    /** Bit position of {@code type} in {@code primary}. */
    public static final int TYPE_SHIFT = 24;
    /** Mask of {@code type} after shifting: 5 bits. */
    public static final int TYPE_MASK = 0x1F;
    /** The {@code rsp} bit of {@code primary}: set on a reply. */
    public static final int RSP_BIT = 1 << 29;
    /** The {@code msg_tgt} bit of {@code primary}: set on a module message. */
    public static final int MSG_TGT_BIT = 1 << 30;
    /** The reserved bit 31 of {@code primary}. */
    public static final int PRIMARY_RESERVED_MASK = 1 << 31;
    /** The reserved bits 31..30 of {@code extension}. */
    public static final int EXTENSION_RESERVED_MASK = 0b11 << 30;
    /** Mask of the reply {@code status} in {@code primary}: {@code IPC4_IXC_STATUS_BITS} = 24. */
    public static final int STATUS_MASK = 0xFF_FFFF;

    /** {@code msg_tgt} of a global (firmware) message: {@code SOF_IPC4_MESSAGE_TARGET_FW_GEN_MSG}. */
    public static final int TARGET_FW_GEN = 0;
    /** {@code msg_tgt} of a module message: {@code SOF_IPC4_MESSAGE_TARGET_MODULE_MSG}. */
    public static final int TARGET_MODULE = 1;

    /** Global type {@code SOF_IPC4_GLB_CREATE_PIPELINE}. */
    public static final int GLB_CREATE_PIPELINE = 17;
    /** Global type {@code SOF_IPC4_GLB_DELETE_PIPELINE}. */
    public static final int GLB_DELETE_PIPELINE = 18;
    /** Global type {@code SOF_IPC4_GLB_SET_PIPELINE_STATE}. */
    public static final int GLB_SET_PIPELINE_STATE = 19;
    /** Global type {@code SOF_IPC4_GLB_LOAD_LIBRARY}. */
    public static final int GLB_LOAD_LIBRARY = 24;
    /** Global type {@code SOF_IPC4_GLB_LOAD_LIBRARY_PREPARE}. */
    public static final int GLB_LOAD_LIBRARY_PREPARE = 25;
    /**
     * sofj's {@code UNLOAD_LIBRARY}: not a SOF message (SOF cannot unload a library). Type 28 is
     * in header.h's "GAP HERE - DO NOT USE 28 .. 30", so no Linux driver sends it.
     */
    public static final int GLB_UNLOAD_LIBRARY = 28;

    /** Module type {@code SOF_IPC4_MOD_INIT_INSTANCE}. */
    public static final int MOD_INIT_INSTANCE = 0;
    /** Module type {@code SOF_IPC4_MOD_LARGE_CONFIG_GET}. */
    public static final int MOD_LARGE_CONFIG_GET = 3;
    /** Module type {@code SOF_IPC4_MOD_LARGE_CONFIG_SET}. */
    public static final int MOD_LARGE_CONFIG_SET = 4;
    /** Module type {@code SOF_IPC4_MOD_BIND}. */
    public static final int MOD_BIND = 5;
    /** Module type {@code SOF_IPC4_MOD_UNBIND}. */
    public static final int MOD_UNBIND = 6;
    /** Module type {@code SOF_IPC4_MOD_DELETE_INSTANCE}. */
    public static final int MOD_DELETE_INSTANCE = 11;

    /**
     * The largest IPC4 payload: {@code SOF_IPC_MSG_MAX_SIZE} = 0x1000 for IPC4
     * ({@code src/include/ipc/header.h}). A frame carrying more is malformed.
     */
    public static final int MAX_MESSAGE_SIZE = 0x1000;
    /** {@code IPC4_INVALID_PIPELINE_ID}: an instance with no parent pipeline. */
    public static final int INVALID_PIPELINE_ID = 0xFF;
    /** {@code IPC4_MAX_SUPPORTED_LIBRARIES}: library ids are 1..15, 0 is the base firmware. */
    public static final int MAX_LIBRARIES = 16;
    /** {@code VENDOR_CONFIG_PARAM}: the {@code large_param_id} of a vendor TLV blob. */
    public static final int VENDOR_CONFIG_PARAM = 0xFF;

    private Ipc4Header() {
    }

    /**
     * The {@code type} field of a header.
     *
     * @param primary a primary word
     * @return bits 28..24
     */
    public static int type(int primary) {
        return primary >>> TYPE_SHIFT & TYPE_MASK;
    }

    /**
     * Whether a header is addressed to a module rather than the firmware.
     *
     * @param primary a primary word
     * @return the {@code msg_tgt} bit
     */
    public static boolean isModuleTarget(int primary) {
        return (primary & MSG_TGT_BIT) != 0;
    }

    /**
     * Whether a header is a reply.
     *
     * @param primary a primary word
     * @return the {@code rsp} bit
     */
    public static boolean isReply(int primary) {
        return (primary & RSP_BIT) != 0;
    }

    /**
     * The primary word of a request: reserved bit clear, {@code rsp} clear.
     *
     * @param moduleTarget whether {@code msg_tgt} is MODULE
     * @param type         the 5-bit type
     * @param low24        bits 23..0
     * @return the word
     */
    static int requestPrimary(boolean moduleTarget, int type, int low24) {
        return (moduleTarget ? MSG_TGT_BIT : 0) | type << TYPE_SHIFT | low24;
    }

    /**
     * Bits {@code shift .. shift+width-1} of {@code word}.
     *
     * @param word  the word
     * @param shift the lowest bit
     * @param width the field width
     * @return the field, unsigned
     */
    static int bits(int word, int shift, int width) {
        return word >>> shift & (1 << width) - 1;
    }
}
