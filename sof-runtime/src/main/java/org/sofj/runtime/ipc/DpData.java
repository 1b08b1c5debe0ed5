package org.sofj.runtime.ipc;

/**
 * The DP memory request an INIT_INSTANCE may carry in its extended init:
 * SOF's {@code struct ipc4_module_init_ext_obj_dp_data} ({@code src/include/ipc4/module.h}),
 * object id {@code IPC4_MOD_INIT_DATA_ID_DP_DATA} (1). It wins over the manifest's request.
 *
 * <pre>
 * offset  size  field
 *      0     4  domain_id    userspace domain id
 *      4     4  stack_bytes  stack the DP thread needs
 *      8     4  heap_bytes   heap the instance needs
 * </pre>
 *
 * <p>The wire fields are {@code uint32_t}; sofj limits them to {@code [0, Integer.MAX_VALUE]}.
 *
 * @param domainId   the userspace domain id
 * @param stackBytes the stack size in bytes; 0 means the default
 * @param heapBytes  the heap size in bytes; 0 means the default
 */
public record DpData(int domainId, int stackBytes, int heapBytes) {

    /** Size of the object's data in bytes: three {@code uint32_t}. */
    public static final int BYTES = 12;

    /**
     * Validates the fields.
     *
     * @param domainId the userspace domain id
     * @param stackBytes the stack size in bytes; 0 means the default
     * @param heapBytes the heap size in bytes; 0 means the default
     * @throws IllegalArgumentException naming the field and value if negative
     */
    public DpData {
        Fields.check("domainId", domainId, 0, Integer.MAX_VALUE);
        Fields.check("stackBytes", stackBytes, 0, Integer.MAX_VALUE);
        Fields.check("heapBytes", heapBytes, 0, Integer.MAX_VALUE);
    }
}
