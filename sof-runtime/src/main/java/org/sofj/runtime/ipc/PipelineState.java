package org.sofj.runtime.ipc;

import java.util.Optional;

/**
 * Pipeline states, SOF's {@code enum ipc4_pipeline_state} ({@code src/include/ipc4/pipeline.h})
 * with its numbers; {@code SOF_IPC4_PIPELINE_STATE_INVALID} (0) is not a state and has no
 * constant. SET_PIPELINE_STATE carries the number in {@code ppl_state}.
 *
 * <p>The codec accepts every state SOF numbers; which transitions a pipeline allows is the
 * runtime's business (SOF refuses SAVED and ERROR_STOP as requests with
 * {@code IPC4_INVALID_REQUEST}).
 */
public enum PipelineState {
    /** 1: created but initialisation incomplete. */
    UNINITIALIZED(1),
    /** 2: reset. */
    RESET(2),
    /** 3: paused. */
    PAUSED(3),
    /** 4: running. */
    RUNNING(4),
    /** 5: expecting end of stream. */
    EOS(5),
    /** 6: stopped on error. */
    ERROR_STOP(6),
    /** 7: saved to host memory. */
    SAVED(7);

    private final int code;

    PipelineState(int code) {
        this.code = code;
    }

    /** {@return SOF's numeric value} */
    public int code() {
        return code;
    }

    /**
     * The state SOF numbers {@code code}.
     *
     * @param code a {@code ppl_state} value
     * @return the state, or empty if SOF has no state with that number (0 is INVALID)
     */
    public static Optional<PipelineState> ofCode(int code) {
        for (PipelineState state : values()) {
            if (state.code == code) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
