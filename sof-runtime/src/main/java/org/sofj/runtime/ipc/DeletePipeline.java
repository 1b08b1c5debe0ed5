package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_GLB_DELETE_PIPELINE} (18): SOF's {@code struct ipc4_pipeline_delete}
 * ({@code src/include/ipc4/pipeline.h}). No payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-------+
 *     | 0 | 0 | 0 |  18   | instance_id | rsvd0 |
 *     +---+---+---+-------+-------------+-------+
 * extension: bits 31..0 reserved, 0
 * </pre>
 *
 * @param pipelineId the pipeline id, 0..254
 */
public record DeletePipeline(int pipelineId) implements Ipc4Message {

    /**
     * Validates the id.
     *
     * @param pipelineId the pipeline id, 0..254
     * @throws IllegalArgumentException naming the value if out of range
     */
    public DeletePipeline {
        Fields.check("pipelineId", pipelineId, 0, Ipc4Header.INVALID_PIPELINE_ID - 1);
    }
}
