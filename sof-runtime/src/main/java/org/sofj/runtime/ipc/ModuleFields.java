package org.sofj.runtime.ipc;

/**
 * Widths of the fields every module message shares: {@code module_id} (bits 15..0 of
 * {@code primary}) and {@code instance_id} (bits 23..16). IPC4 carries only 8 bits of instance
 * id although {@code comp_id} has room for 16.
 */
final class ModuleFields {
    /** Largest {@code module_id}: 16 bits. */
    static final int MAX_MODULE_ID = 0xFFFF;
    /** Largest {@code instance_id} IPC4 can carry: 8 bits. */
    static final int MAX_INSTANCE_ID = 0xFF;
    /** Largest queue (pin) id: {@code SOF_IPC4_*_QUEUE_ID_BITFIELD_SIZE} = 3 bits. */
    static final int MAX_QUEUE_ID = 7;

    private ModuleFields() {
    }

    static void checkIds(int moduleId, int instanceId) {
        Fields.check("moduleId", moduleId, 0, MAX_MODULE_ID);
        Fields.check("instanceId", instanceId, 0, MAX_INSTANCE_ID);
    }

    static void checkBinding(int srcModuleId, int srcInstanceId, int dstModuleId,
            int dstInstanceId, int srcQueue, int dstQueue) {
        Fields.check("srcModuleId", srcModuleId, 0, MAX_MODULE_ID);
        Fields.check("srcInstanceId", srcInstanceId, 0, MAX_INSTANCE_ID);
        Fields.check("dstModuleId", dstModuleId, 0, MAX_MODULE_ID);
        Fields.check("dstInstanceId", dstInstanceId, 0, MAX_INSTANCE_ID);
        Fields.check("srcQueue", srcQueue, 0, MAX_QUEUE_ID);
        Fields.check("dstQueue", dstQueue, 0, MAX_QUEUE_ID);
    }

    /** {@return the primary word of a module request} */
    static int primary(int type, int moduleId, int instanceId) {
        return Ipc4Header.requestPrimary(true, type, instanceId << 16 | moduleId);
    }
}
