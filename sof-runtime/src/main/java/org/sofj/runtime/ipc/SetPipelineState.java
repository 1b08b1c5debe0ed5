package org.sofj.runtime.ipc;

import java.util.Objects;

/**
 * {@code SOF_IPC4_GLB_SET_PIPELINE_STATE} (19) for one pipeline: SOF's
 * {@code struct ipc4_pipeline_set_state} ({@code src/include/ipc4/pipeline.h}) with
 * {@code multi_ppl = 0}. No payload. sofj does not decode the multi-pipeline form
 * ({@code multi_ppl = 1} with an {@code ipc4_pipeline_set_state_data} payload); send one message
 * per pipeline.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16   15..0
 *     +---+---+---+-------+--------+-----------+
 *     | 0 | 0 | 0 |  19   | ppl_id | ppl_state |
 *     +---+---+---+-------+--------+-----------+
 * extension
 * bit  31..30  29..2   1                 0
 *     +-------+-------+-----------------+-----------+
 *     |   0   | rsvd1 | sync_stop_start | multi_ppl |
 *     +-------+-------+-----------------+-----------+
 * </pre>
 *
 * @param pipelineId the pipeline id, 0..254
 * @param state      the requested state
 */
public record SetPipelineState(int pipelineId, PipelineState state) implements Ipc4Message {

    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException naming the field and value if out of range
     * @throws NullPointerException     if {@code state} is null
     */
    public SetPipelineState {
        Fields.check("pipelineId", pipelineId, 0, Ipc4Header.INVALID_PIPELINE_ID - 1);
        Objects.requireNonNull(state, "state");
    }
}
