package org.sofj.api;

/**
 * SOF's identifier arithmetic: {@code module_id = lib_id << 12 | index} and
 * {@code comp_id = instance_id << 16 | module_id} ({@code IPC4_COMP_ID}).
 */
public final class ModuleIds {
    /** The largest library id; 0 is the base firmware, 1..15 are loadable. */
    public static final int MAX_LIB_ID = 15;
    /** The largest module index within a library (12 bits). */
    public static final int MAX_INDEX = 0xFFF;
    /** The largest instance id (16 bits). */
    public static final int MAX_INSTANCE_ID = 0xFFFF;

    private ModuleIds() {
    }

    /**
     * {@code module_id} of entry {@code index} of library {@code libId}.
     *
     * @param libId the library id, 0..15
     * @param index the entry index, 0..4095
     * @return the module id
     * @throws IllegalArgumentException naming the value if out of range
     */
    public static int moduleId(int libId, int index) {
        if (libId < 0 || libId > MAX_LIB_ID) {
            throw new IllegalArgumentException("libId=" + libId + " must be in [0, 15]");
        }
        if (index < 0 || index > MAX_INDEX) {
            throw new IllegalArgumentException("index=" + index + " must be in [0, 4095]");
        }
        return libId << 12 | index;
    }

    /**
     * {@code comp_id} of instance {@code instanceId} of module {@code moduleId}.
     *
     * @param instanceId the instance id, 0..65535
     * @param moduleId   the module id, 0..65535
     * @return the component id
     * @throws IllegalArgumentException naming the value if out of range
     */
    public static int componentId(int instanceId, int moduleId) {
        if (instanceId < 0 || instanceId > MAX_INSTANCE_ID) {
            throw new IllegalArgumentException("instanceId=" + instanceId
                    + " must be in [0, 65535]");
        }
        if (moduleId < 0 || moduleId > 0xFFFF) {
            throw new IllegalArgumentException("moduleId=" + moduleId + " must be in [0, 65535]");
        }
        return instanceId << 16 | moduleId;
    }

    /**
     * The library part of a module id.
     *
     * @param moduleId a module id
     * @return its library id (bits 15..12), 0..15
     */
    public static int libId(int moduleId) {
        return moduleId >>> 12 & 0xF;
    }

    /**
     * The manifest entry part of a module id.
     *
     * @param moduleId a module id
     * @return its entry index (bits 11..0), 0..4095
     */
    public static int index(int moduleId) {
        return moduleId & MAX_INDEX;
    }

    /**
     * The instance part of a component id.
     *
     * @param componentId a component id
     * @return its instance id (bits 31..16), 0..65535
     */
    public static int instanceId(int componentId) {
        return componentId >>> 16;
    }

    /**
     * The module part of a component id.
     *
     * @param componentId a component id
     * @return its module id (bits 15..0), 0..65535
     */
    public static int moduleIdOf(int componentId) {
        return componentId & 0xFFFF;
    }
}
