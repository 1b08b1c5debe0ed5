package org.sofj.api.spi;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

import org.sofj.api.audio.Sink;

/**
 * What a DP task runs and how it is scheduled (spec 4.4, 4.9).
 *
 * @param name          a name for reports and the thread
 * @param core          the core whose LL tick drives it
 * @param periodMicros  the task's period (SOF's LPT): at least 1000, floored to whole ms by the
 *                      scheduler
 * @param threadFactory makes the task's thread around the scheduler's loop (for a user module, a
 *                      user thread in the instance's domain)
 * @param ready         the readiness check run on the LL thread after each tick: the module's own
 *                      or SOF's generic one. Hot path.
 * @param body          one run on the task's thread (SOF's {@code task_run}): returns
 *                      {@link DpTask#RESCHEDULE}, {@link DpTask#COMPLETED} or
 *                      {@link DpTask#CANCEL}. Hot path.
 * @param sinks         the module's sinks, whose last feeding times give the EDF deadline
 * @param ipc           run by the task's thread each time it wakes, before any process run:
 *                      how IPC reaches a module on its own DP thread (proxy variant A2, spec
 *                      4.6); the owner wakes the thread with {@code LockSupport.unpark}. Must
 *                      return quickly when there is nothing to do.
 */
public record DpTaskSpec(String name, int core, int periodMicros, ThreadFactory threadFactory,
        BooleanSupplier ready, IntSupplier body, Sink[] sinks, Runnable ipc) {

    /** Makes the DP thread. */
    @FunctionalInterface
    public interface ThreadFactory {
        /**
         * Makes, without starting, the thread that runs a DP task's loop; the scheduler starts it.
         *
         * @param name the thread's name
         * @param loop the scheduler's loop the thread must run
         * @return an unstarted thread
         */
        Thread newThread(String name, Runnable loop);
    }

    /**
     * Validates the fields (the period is checked by the scheduler, which returns SOF's error).
     *
     * @param name a name for reports and the thread
     * @param core the core whose LL tick drives it
     * @param periodMicros the task's period (SOF's LPT): at least 1000, floored to whole ms by the
     *     scheduler
     * @param threadFactory makes the task's thread around the scheduler's loop (for a user module,
     *     a user thread in the instance's domain)
     * @param ready the readiness check run on the LL thread after each tick: the module's own or
     *     SOF's generic one. Hot path.
     * @param body one run on the task's thread (SOF's {@code task_run}): returns
     *     {@link DpTask#RESCHEDULE}, {@link DpTask#COMPLETED} or {@link DpTask#CANCEL}. Hot path.
     * @param sinks the module's sinks, whose last feeding times give the EDF deadline
     * @param ipc run by the task's thread each time it wakes, before any process run: how IPC
     *     reaches a module on its own DP thread (proxy variant A2, spec 4.6); the owner wakes the
     *     thread with {@code LockSupport.unpark}. Must return quickly when there is nothing to do.
     * @throws NullPointerException if any reference is null
     */
    public DpTaskSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(threadFactory, "threadFactory");
        Objects.requireNonNull(ready, "ready");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(sinks, "sinks");
        Objects.requireNonNull(ipc, "ipc");
    }

    /**
     * A spec whose thread handles no IPC (proxy variant A1, kernel DP modules).
     *
     * @param name          a name
     * @param core          the core
     * @param periodMicros  the period
     * @param threadFactory makes the thread
     * @param ready         the readiness check
     * @param body          one run
     * @param sinks         the sinks
     */
    public DpTaskSpec(String name, int core, int periodMicros, ThreadFactory threadFactory,
            BooleanSupplier ready, IntSupplier body, Sink[] sinks) {
        this(name, core, periodMicros, threadFactory, ready, body, sinks, () -> { });
    }
}
