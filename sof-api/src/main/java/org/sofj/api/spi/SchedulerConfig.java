package org.sofj.api.spi;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * How a {@link Scheduler} keeps time.
 *
 * @param clock        {@link Clock#VIRTUAL} (as fast as possible, deterministic, driven by
 *                     {@link Scheduler#runTicks}) or {@link Clock#WALL} (real ticks from absolute
 *                     deadlines on the scheduler's own threads)
 * @param cores        simulated cores, one LL thread each, {@code >= 1}
 * @param periodMicros the LL period, SOF's {@code LL_TIMER_PERIOD_US}: 1000
 * @param nanoTime     the wall clock for {@link Clock#WALL} and for measuring process times;
 *                     tests inject a stepped clock
 * @param inlineDp     {@link Clock#VIRTUAL} only: a woken DP task's body runs on the tick thread,
 *                     in the same EDF order and with the same accounting as on its own thread,
 *                     instead of being handed to its thread (which is still made, and idles);
 *                     {@code false} keeps the handoff. The wall clock always hands off.
 * @param realtimePriority {@link Clock#WALL} only: {@code 1..99} asks the host to run each LL
 *                     tick thread under Linux's {@code SCHED_FIFO} at this priority (before its
 *                     first tick; {@link Scheduler#hostPolicy()} says whether the host granted
 *                     it), so a busy host's ordinary threads cannot delay a tick; {@code 0}
 *                     leaves the tick threads under the host's normal time sharing
 */
public record SchedulerConfig(Clock clock, int cores, int periodMicros, LongSupplier nanoTime,
        boolean inlineDp, int realtimePriority) {

    /** The clock kind. */
    public enum Clock {
        /** Virtual time: each tick runs when {@link Scheduler#runTicks} asks, as fast as possible. */
        VIRTUAL,
        /** Wall time: ticks at absolute deadlines {@code start + n * period}, sleep then spin. */
        WALL
    }

    /** SOF's LL period: 1000 microseconds. */
    public static final int DEFAULT_PERIOD_MICROS = 1000;

    /** The highest {@link #realtimePriority()}: Linux's highest {@code SCHED_FIFO} priority. */
    public static final int MAX_REALTIME_PRIORITY = 99;

    /**
     * Validates the fields.
     *
     * @param clock {@link Clock#VIRTUAL} (as fast as possible, deterministic, driven by
     *     {@link Scheduler#runTicks}) or {@link Clock#WALL} (real ticks from absolute deadlines on
     *     the scheduler's own threads)
     * @param cores simulated cores, one LL thread each, {@code >= 1}
     * @param periodMicros the LL period, SOF's {@code LL_TIMER_PERIOD_US}: 1000
     * @param nanoTime the wall clock for {@link Clock#WALL} and for measuring process times; tests
     *     inject a stepped clock
     * @param inlineDp whether virtual-time DP bodies run on the tick thread (no handoff)
     * @param realtimePriority the wall clock's {@code SCHED_FIFO} priority for the tick threads,
     *     {@code 1..99}, or {@code 0} for none
     * @throws IllegalArgumentException naming the field and value if out of range, or if
     *     {@code inlineDp} or {@code realtimePriority} is set on the virtual clock
     */
    public SchedulerConfig {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(nanoTime, "nanoTime");
        if (cores < 1 || cores > 8) {
            throw new IllegalArgumentException("cores=" + cores + " must be in [1, 8]");
        }
        if (periodMicros < 100 || periodMicros > 100_000) {
            throw new IllegalArgumentException("periodMicros=" + periodMicros
                    + " must be in [100, 100000]");
        }
        if (inlineDp && clock != Clock.VIRTUAL) {
            throw new IllegalArgumentException("inlineDp=true needs clock=VIRTUAL, not "
                    + clock);
        }
        if (realtimePriority < 0 || realtimePriority > MAX_REALTIME_PRIORITY) {
            throw new IllegalArgumentException("realtimePriority=" + realtimePriority
                    + " must be in [0, " + MAX_REALTIME_PRIORITY + "] (0: none)");
        }
        if (realtimePriority != 0 && clock != Clock.WALL) {
            throw new IllegalArgumentException("realtimePriority=" + realtimePriority
                    + " needs clock=WALL, not " + clock);
        }
    }

    /**
     * A configuration with no real-time priority for the tick threads.
     *
     * @param clock        the clock kind
     * @param cores        simulated cores
     * @param periodMicros the LL period
     * @param nanoTime     the clock
     * @param inlineDp     whether virtual-time DP bodies run on the tick thread
     */
    public SchedulerConfig(Clock clock, int cores, int periodMicros, LongSupplier nanoTime,
            boolean inlineDp) {
        this(clock, cores, periodMicros, nanoTime, inlineDp, 0);
    }

    /**
     * A configuration whose DP bodies run on their own threads (no inline DP).
     *
     * @param clock        the clock kind
     * @param cores        simulated cores
     * @param periodMicros the LL period
     * @param nanoTime     the clock
     */
    public SchedulerConfig(Clock clock, int cores, int periodMicros, LongSupplier nanoTime) {
        this(clock, cores, periodMicros, nanoTime, false, 0);
    }

    /**
     * One core, 1 ms, {@link System#nanoTime()}.
     *
     * @param clock the clock kind
     * @return the config
     */
    public static SchedulerConfig of(Clock clock) {
        return new SchedulerConfig(clock, 1, DEFAULT_PERIOD_MICROS, System::nanoTime);
    }
}
