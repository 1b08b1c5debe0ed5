package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_MOD_BIND} (5): connect a source instance's output queue to a sink instance's
 * input queue. SOF's {@code struct ipc4_module_bind_unbind} ({@code src/include/ipc4/module.h}).
 * No payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |   5   | instance_id | module_id |   (the source)
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
public record ModBind(int srcModuleId, int srcInstanceId, int dstModuleId, int dstInstanceId,
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
    public ModBind {
        ModuleFields.checkBinding(srcModuleId, srcInstanceId, dstModuleId, dstInstanceId,
                srcQueue, dstQueue);
    }
}
