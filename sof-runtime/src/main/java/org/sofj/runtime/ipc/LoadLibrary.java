package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_GLB_LOAD_LIBRARY} (24) or {@code SOF_IPC4_GLB_LOAD_LIBRARY_PREPARE} (25):
 * SOF's {@code struct ipc4_module_load_library} ({@code src/include/ipc4/module.h}). No payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24     23..20  19..16  15..5  4..0
 *     +---+---+---+----------+-------+-------+------+------+
 *     | 0 | 0 | 0 | 24 or 25 | rsvd1 | lib_id| rsvd0|dma_id|
 *     +---+---+---+----------+-------+-------+------+------+
 * extension
 * bit  31..30  29..0
 *     +-------+-------------+
 *     |   0   | load_offset |
 *     +-------+-------------+
 * </pre>
 *
 * @param libId      the library id, 1..15 (0 is the base firmware); PREPARE carries none (Linux's
 *                   {@code hda_dsp_ipc4_load_library} sends only the dma_id) and may be 0
 * @param dmaId      the host DMA channel carrying the image, 0..31
 * @param loadOffset {@code load_offset}, 0..2<sup>30</sup>-1; SOF's handler does not use it
 * @param prepare    whether this is the PREPARE variant, which only sets up the DMA: SOF's
 *                   {@code lib_manager_load_library} checks lib_id only for LOAD_LIBRARY and
 *                   returns after {@code lib_manager_setup(dma_id)} for PREPARE
 */
public record LoadLibrary(int libId, int dmaId, int loadOffset, boolean prepare)
        implements Ipc4Message {

    /**
     * Validates the fields.
     *
     * @param libId the library id, 1..15 (0 is the base firmware); PREPARE carries none (Linux's
     *     {@code hda_dsp_ipc4_load_library} sends only the dma_id) and may be 0
     * @param dmaId the host DMA channel carrying the image, 0..31
     * @param loadOffset {@code load_offset}, 0..2<sup>30</sup>-1; SOF's handler does not use it
     * @param prepare whether this is the PREPARE variant, which only sets up the DMA: SOF's
     *     {@code lib_manager_load_library} checks lib_id only for LOAD_LIBRARY and returns after
     *     {@code lib_manager_setup(dma_id)} for PREPARE
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public LoadLibrary {
        Fields.check("libId", libId, prepare ? 0 : 1, Ipc4Header.MAX_LIBRARIES - 1);
        Fields.check("dmaId", dmaId, 0, 0x1F);
        Fields.check("loadOffset", loadOffset, 0, (1 << 30) - 1);
    }

    /**
     * A plain LOAD_LIBRARY with {@code load_offset} 0.
     *
     * @param libId the library id, 1..15
     * @param dmaId the host DMA channel, 0..31
     */
    public LoadLibrary(int libId, int dmaId) {
        this(libId, dmaId, 0, false);
    }
}
