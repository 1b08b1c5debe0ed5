package org.sofj.cli.internal;

import org.sofj.api.spi.SchedulerConfig;

import picocli.CommandLine.Option;

/**
 * The {@code --rt-priority} option of {@code run} and {@code bench} (a picocli mixin): the
 * wall clock's {@code SCHED_FIFO} priority for the tick thread, checked before a run.
 */
final class RtPriority {
    @Option(names = "--rt-priority", paramLabel = "N", defaultValue = "${sys:sofj.rt.priority:-0}",
            description = "wall clock: run the LL tick thread under Linux's SCHED_FIFO at "
                    + "priority N (1-99), so other programs cannot delay a tick; needs root or "
                    + "an rtprio limit, and a refusal is reported, not fatal. 0: time sharing. "
                    + "Default: 0, or what the launcher sets (10 as root; SOFJ_NO_PRIORITY=1: 0)")
    private int priority;

    /**
     * @return the priority, 0 for none
     * @throws CliException naming the option and value unless it is 0 to 99
     */
    int checked() {
        if (priority < 0 || priority > SchedulerConfig.MAX_REALTIME_PRIORITY) {
            throw new CliException("--rt-priority " + priority + ": must be 0 (none) to "
                    + SchedulerConfig.MAX_REALTIME_PRIORITY);
        }
        return priority;
    }
}
