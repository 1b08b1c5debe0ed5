package org.sofj.runtime.ipc;

/**
 * {@code UNLOAD_LIBRARY} (global type 28): a sofj message, not SOF's (SOF has no library unload;
 * type 28 is in the gap Linux's {@code header.h} marks "DO NOT USE 28 .. 30"). Laid out as
 * {@link LoadLibrary} without the DMA channel. No payload. The reply is SUCCESS, or
 * INVALID_RESOURCE_ID if nothing is loaded as {@code lib_id}, or INVALID_RESOURCE_STATE while an
 * instance of the library lives.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..20  19..16  15..0
 *     +---+---+---+-------+-------+-------+-------+
 *     | 0 | 0 | 0 |  28   | rsvd1 | lib_id| rsvd0 |
 *     +---+---+---+-------+-------+-------+-------+
 * extension: 0
 * </pre>
 *
 * @param libId the library id, 1..15
 */
public record UnloadLibrary(int libId) implements Ipc4Message {

    /**
     * Validates the field.
     *
     * @param libId the library id, 1..15
     * @throws IllegalArgumentException naming the value if out of range
     */
    public UnloadLibrary {
        Fields.check("libId", libId, 1, Ipc4Header.MAX_LIBRARIES - 1);
    }
}
