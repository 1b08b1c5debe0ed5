package org.sofj.runtime.ipc;

/**
 * {@code SOF_IPC4_MOD_DELETE_INSTANCE} (11): SOF's {@code struct ipc4_module_delete_instance}
 * ({@code src/include/ipc4/module.h}). No payload.
 *
 * <pre>
 * primary
 * bit  31  30  29  28..24  23..16        15..0
 *     +---+---+---+-------+-------------+-----------+
 *     | 0 | 1 | 0 |  11   | instance_id | module_id |
 *     +---+---+---+-------+-------------+-----------+
 * extension: bits 31..0 reserved, 0
 * </pre>
 *
 * @param moduleId   the module id, 0..65535
 * @param instanceId the instance id, 0..255
 */
public record ModDeleteInstance(int moduleId, int instanceId) implements Ipc4Message {

    /**
     * Validates the ids.
     *
     * @param moduleId the module id, 0..65535
     * @param instanceId the instance id, 0..255
     * @throws IllegalArgumentException naming the field and value if out of range
     */
    public ModDeleteInstance {
        ModuleFields.checkIds(moduleId, instanceId);
    }
}
