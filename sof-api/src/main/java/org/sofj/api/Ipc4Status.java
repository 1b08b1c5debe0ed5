package org.sofj.api;

/**
 * IPC4 reply status codes, as SOF's {@code src/include/ipc4/error_status.h} numbers them.
 *
 * <p>Every IPC4 reply carries one of these. They are not errno values: a kernel flow maps its
 * internal {@code -errno} to one of them (for example {@code -EINVAL} on LOAD_LIBRARY becomes
 * {@link #INVALID_PARAM}, every other load error {@link #FAILURE}).
 */
public final class Ipc4Status {
    /** The request succeeded. */
    public static final int SUCCESS = 0;
    /** A parameter is out of range, e.g. {@code lib_id} 0 or {@code >= 16}. */
    public static final int INVALID_PARAM = 1;
    /** The message type is not known. */
    public static final int UNKNOWN_MESSAGE_TYPE = 2;
    /** A buffer or ring could not be allocated. */
    public static final int OUT_OF_MEMORY = 3;
    /** Generic failure. */
    public static final int FAILURE = 6;
    /** The request is not allowed, e.g. binding DP to DP. */
    public static final int INVALID_REQUEST = 7;
    /** A component, pipeline or buffer id does not exist. */
    public static final int INVALID_RESOURCE_ID = 9;
    /** The resource is in the wrong state for the request. */
    public static final int INVALID_RESOURCE_STATE = 12;
    /** Instance creation failed: {@code comp_new_ipc4} returned NULL. */
    public static final int MOD_NOT_INITIALIZED = 104;
    /**
     * {@code IPC4_INVALID_CORE_ID}: the request names a core that does not exist or is not
     * enabled ({@code ipc_pipeline_new}, {@code ipc4_process_on_core}).
     */
    public static final int INVALID_CORE_ID = 116;
    /** {@code IPC4_PIPELINE_STATE_NOT_SET}: a pipeline trigger failed. */
    public static final int PIPELINE_STATE_NOT_SET = 164;

    private Ipc4Status() {
    }

    /**
     * The symbolic name of a status, for messages; an unknown status is its number.
     *
     * @param status an IPC4 status
     * @return the name, never {@code null}
     */
    public static String name(int status) {
        switch (status) {
            case SUCCESS: return "SUCCESS";
            case INVALID_PARAM: return "INVALID_PARAM";
            case UNKNOWN_MESSAGE_TYPE: return "UNKNOWN_MESSAGE_TYPE";
            case OUT_OF_MEMORY: return "OUT_OF_MEMORY";
            case FAILURE: return "FAILURE";
            case INVALID_REQUEST: return "INVALID_REQUEST";
            case INVALID_RESOURCE_ID: return "INVALID_RESOURCE_ID";
            case INVALID_RESOURCE_STATE: return "INVALID_RESOURCE_STATE";
            case PIPELINE_STATE_NOT_SET: return "PIPELINE_STATE_NOT_SET";
            case MOD_NOT_INITIALIZED: return "MOD_NOT_INITIALIZED";
            case INVALID_CORE_ID: return "INVALID_CORE_ID";
            default: return Integer.toString(status);
        }
    }
}
