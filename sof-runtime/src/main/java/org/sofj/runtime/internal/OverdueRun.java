package org.sofj.runtime.internal;

/**
 * Whether a DP run past its limit in real time is hung, or only kept off the CPU by the host
 * (other processes, a GC pause, a descheduled DP thread, steal): it is hung once its thread has
 * used {@link #CPU_NANOS} of CPU time (or the limit, if that is shorter) since it was first found
 * past the limit, or once it has stayed past {@link #BLOCKED_LIMITS} limits in all (it blocks, or
 * the host never runs it). The rule of the run token's holder ({@code LlCore.hung},
 * sof-audio-lowlatency) and, with another limit of CPU, of a proxied call ({@link CallTimeout}).
 * Used by the DP watchdog (the tick thread) and by a tick boundary's wait for a run (the IPC
 * thread): one judge per waiter. Cold path (a run past its limit); the CPU-time read may allocate.
 */
final class OverdueRun {
    /**
     * CPU time a run past its limit must use after it is found there to be hung: a healthy run
     * uses no more than its period in all, and the run token's hold limit is 100 ms.
     */
    static final long CPU_NANOS = 100_000_000L;
    /** A run past its limit that uses no CPU is hung once past this many limits in all. */
    static final int BLOCKED_LIMITS = 10;
    private long cpuMark = -1;

    /** Forgets the mark: a new run, or a new wait. */
    void reset() {
        cpuMark = -1;
    }

    /**
     * Asked only for a run already past its limit.
     *
     * @param runner the thread that runs it; {@code null}: real time alone judges
     * @param blocked whether it has been past {@link #BLOCKED_LIMITS} limits in all
     * @param limitNanos the limit, as CPU time
     * @return whether the run is hung
     */
    boolean hung(Thread runner, boolean blocked, long limitNanos) {
        return runner == null || blocked || computedOn(runner, Math.min(CPU_NANOS, limitNanos));
    }

    /**
     * Whether {@code runner} has used {@code cpuNanos} of CPU time since the first call after
     * {@link #reset} (which only marks where it stands, and answers {@code false}). Also
     * {@code true} where threads' CPU time is not measured, or the thread has ended.
     *
     * @param runner the thread judged
     * @param cpuNanos the CPU time it may use past the mark
     * @return whether it has used that much
     */
    boolean computedOn(Thread runner, long cpuNanos) {
        if (!ThreadCpu.MEASURED) {
            return true;
        }
        final long cpu = ThreadCpu.of(runner);
        if (cpu < 0) {
            return true; // its thread ended inside the run or the call
        }
        if (cpuMark < 0) {
            cpuMark = cpu;
            return false;
        }
        return cpu - cpuMark >= cpuNanos;
    }
}
