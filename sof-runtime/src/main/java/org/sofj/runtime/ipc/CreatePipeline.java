package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_GLB_CREATE_PIPELINE} (17): SOF's {@code struct ipc4_pipeline_create}
 * ({@code src/include/ipc4/pipeline.h}). No payload: sofj does not support the optional
 * {@code ipc4_pipeline_ext_payload}, so the {@code payload} bit must be 0.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16       15..11        10..0
 *     +---+---+---+-------+-----------+--------------+--------------+
 *     | 0 | 0 | 0 |  17   |instance_id| ppl_priority | ppl_mem_size |
 *     +---+---+---+-------+-----------+--------------+--------------+
 * extension
 * bit  31..30  29       28..24  23..20   19..4       3..1   0
 *     +-------+--------+-------+--------+-----------+------+----+
 *     |   0   |payload | rsvd2 | core_id| attributes| rsvd1| lp |
 *     +-------+--------+-------+--------+-----------+------+----+
 * </pre>
 *
 * @param pipelineId  the pipeline id, 0..254 (255 is {@code IPC4_INVALID_PIPELINE_ID})
 * @param priority    the priority, 0 (runs first) .. 7 ({@code SOF_IPC4_MAX_PIPELINE_PRIORITY})
 * @param memoryPages {@code ppl_mem_size}: pages for the pipeline, 0..2047
 * @param lowPower    {@code lp}: keep running in low-power mode
 * @param attributes  the 16-bit {@code attributes} field
 * @param core        {@code core_id}, 0..15
 */
public record CreatePipeline(int pipelineId, int priority, int memoryPages, boolean lowPower,
        int attributes, int core) implements Ipc4Message {

    /** {@code SOF_IPC4_MAX_PIPELINE_PRIORITY}. */
    public static final int MAX_PRIORITY = 7;

    /**
     * Validates the fields.
     *
     * @param pipelineId the pipeline id, 0..254 (255 is {@code IPC4_INVALID_PIPELINE_ID})
     * @param priority the priority, 0 (runs first) .. 7 ({@code SOF_IPC4_MAX_PIPELINE_PRIORITY})
     * @param memoryPages {@code ppl_mem_size}: pages for the pipeline, 0..2047
     * @param lowPower {@code lp}: keep running in low-power mode
     * @param attributes the 16-bit {@code attributes} field
     * @param core {@code core_id}, 0..15
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public CreatePipeline {
        Fields.check("pipelineId", pipelineId, 0, Ipc4Header.INVALID_PIPELINE_ID - 1);
        Fields.check("priority", priority, 0, MAX_PRIORITY);
        Fields.check("memoryPages", memoryPages, 0, 0x7FF);
        Fields.check("attributes", attributes, 0, 0xFFFF);
        Fields.check("core", core, 0, 0xF);
    }
}
