package org.sofj.runtime.ipc;

/**
 * The processing domain an INIT_INSTANCE request asks for: the {@code proc_domain} bit of
 * {@code ipc4_module_init_instance}'s extension (SOF {@code src/include/ipc4/module.h}).
 */
public enum ProcDomain {
    /** {@code proc_domain = 0}: the low-latency domain, run every LL tick. */
    LL(0),
    /** {@code proc_domain = 1}: the data-processing domain, a thread per instance. */
    DP(1);

    private final int bit;

    ProcDomain(int bit) {
        this.bit = bit;
    }

    /** {@return the value of the {@code proc_domain} bit, 0 or 1} */
    public int bit() {
        return bit;
    }

    /**
     * The domain a {@code proc_domain} bit names.
     *
     * @param bit 0 or 1
     * @return {@link #LL} for 0, {@link #DP} for 1
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static ProcDomain ofBit(int bit) {
        switch (bit) {
            case 0: return LL;
            case 1: return DP;
            default: throw new IllegalArgumentException("proc_domain=" + bit + " must be 0 or 1");
        }
    }
}
