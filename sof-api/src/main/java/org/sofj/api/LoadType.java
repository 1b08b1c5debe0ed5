package org.sofj.api;

/** {@code sof_man_module_type.load_type}: how a module entry is loaded (bits 0-3). */
public enum LoadType {
    /** 0: built into the base firmware. */
    BUILTIN(0),
    /** 1: an IADK/LMDK loadable module, started by a system agent. */
    MODULE(1),
    /** 2: an llext module: no agent, its entry is the module interface. */
    LLEXT(2),
    /** 3: an llext auxiliary library, linked at library load. */
    LLEXT_AUX(3);

    private final int code;

    LoadType(int code) {
        this.code = code;
    }

    /** {@return the 4-bit manifest code} */
    public int code() {
        return code;
    }

    /**
     * The load type for a manifest code.
     *
     * @param code the 4-bit code
     * @return the load type
     * @throws IllegalArgumentException naming the value if unknown
     */
    public static LoadType ofCode(int code) {
        for (LoadType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("load_type=" + code + " is not one of 0..3");
    }

    /** {@return whether {@code module_is_llext()} is true: {@link #LLEXT} or {@link #LLEXT_AUX}} */
    public boolean isLlext() {
        return this == LLEXT || this == LLEXT_AUX;
    }
}
