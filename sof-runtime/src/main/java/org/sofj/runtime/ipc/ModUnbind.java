package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_MOD_UNBIND} (6): remove the connection {@link ModBind} made. Same layout as
 * BIND, SOF's {@code struct ipc4_module_bind_unbind} ({@code src/include/ipc4/module.h}), with
 * type 6. No payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |   6   | instance_id | module_id |   (the source)
 *     +---+---+---+-------+-------------+-----------+
 * extension
 * bit  31..30  29..27     26..24     23..16            15..0
 *     +-------+----------+----------+-----------------+---------------+
 *     |   0   | src_queue| dst_queue| dst_instance_id | dst_module_id |
 *     +-------+----------+----------+-----------------+---------------+
 * </pre>
 *
 * @param srcModuleId   the source module id, 0..65535
 * @param srcInstanceId the source instance id, 0..255
 * @param dstModuleId   the sink module id, 0..65535
 * @param dstInstanceId the sink instance id, 0..255
 * @param srcQueue      the source's output queue (pin), 0..7
 * @param dstQueue      the sink's input queue (pin), 0..7
 */
public record ModUnbind(int srcModuleId, int srcInstanceId, int dstModuleId, int dstInstanceId,
        int srcQueue, int dstQueue) implements Ipc4Message {

    /**
     * Validates the fields.
     *
     * @param srcModuleId the source module id, 0..65535
     * @param srcInstanceId the source instance id, 0..255
     * @param dstModuleId the sink module id, 0..65535
     * @param dstInstanceId the sink instance id, 0..255
     * @param srcQueue the source's output queue (pin), 0..7
     * @param dstQueue the sink's input queue (pin), 0..7
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public ModUnbind {
        ModuleFields.checkBinding(srcModuleId, srcInstanceId, dstModuleId, dstInstanceId,
                srcQueue, dstQueue);
    }
}
