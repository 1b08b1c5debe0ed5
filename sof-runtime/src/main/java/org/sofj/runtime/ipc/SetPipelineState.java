package org.sofj.runtime.ipc;

import java.util.List;
import java.util.Objects;

/**
 * {@code SOF_IPC4_GLB_SET_PIPELINE_STATE} (19): SOF's {@code struct ipc4_pipeline_set_state}
 * ({@code src/include/ipc4/pipeline.h}). With {@code multi_ppl = 0} the one pipeline is in the
 * primary word and there is no payload; with {@code multi_ppl = 1} (what Linux's
 * {@code sof_ipc4_set_multi_pipeline_state} sends whenever a stream has more than one pipeline) the
 * payload is {@code struct ipc4_pipeline_set_state_data} and the primary's {@code ppl_id} is not
 * read (SOF's {@code ipc4_pipeline_id_get}).
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
 * payload (multi_ppl = 1), little-endian
 *     u32 pipelines_count; u32 ppl_id[pipelines_count];
 * </pre>
 *
 * @param pipelineIds   the pipelines, 1 or more, each 0..254, in the order they are changed
 * @param state         the requested state
 * @param syncStopStart {@code sync_stop_start}; only with more than one id (multi_ppl)
 */
public record SetPipelineState(List<Integer> pipelineIds, PipelineState state,
        boolean syncStopStart) implements Ipc4Message {

    /** The most ids that fit in one message after {@code pipelines_count}. */
    public static final int MAX_PIPELINES = (Ipc4Header.MAX_MESSAGE_SIZE - Integer.BYTES)
            / Integer.BYTES;

    /**
     * Validates the fields and copies the list.
     *
     * @param pipelineIds the pipelines, 1 or more, each 0..254, in the order they are changed
     * @param state the requested state
     * @param syncStopStart {@code sync_stop_start}; only with more than one id (multi_ppl)
     * @throws IllegalArgumentException naming the field and value if out of range
     * @throws NullPointerException if {@code state} or the list is null
     */
    public SetPipelineState {
        pipelineIds = List.copyOf(pipelineIds);
        Fields.check("pipelineIds.size", pipelineIds.size(), 1, MAX_PIPELINES);
        for (int id : pipelineIds) {
            Fields.check("pipelineId", id, 0, Ipc4Header.INVALID_PIPELINE_ID - 1);
        }
        Objects.requireNonNull(state, "state");
    }

    /**
     * One pipeline, the {@code multi_ppl = 0} form.
     *
     * @param pipelineId the pipeline id, 0..254
     * @param state      the requested state
     */
    public SetPipelineState(int pipelineId, PipelineState state) {
        this(List.of(pipelineId), state, false);
    }

    /**
     * The pipeline ids of a SET_PIPELINE_STATE request, read from the frame whether or not its
     * {@code ppl_state} decodes: SOF's handler looks every pipeline up before it reads the command
     * ({@code ipc4_set_pipeline_state}), in both forms.
     *
     * @param frame any request frame
     * @return its ids (the primary's {@code ppl_id}, or the {@code multi_ppl = 1} payload's), or
     *     an empty list if the frame is not a SET_PIPELINE_STATE request or its ids do not decode
     */
    public static List<Integer> requestedPipelineIds(Ipc4Frame frame) {
        return GlobalDecoder.requestedPipelineIds(frame);
    }

    /** {@return the first pipeline (the only one in the single form)} */
    public int pipelineId() {
        return pipelineIds.get(0);
    }

    /** {@return whether the message needs the {@code multi_ppl = 1} form} */
    public boolean multi() {
        return pipelineIds.size() > 1 || syncStopStart;
    }
}
