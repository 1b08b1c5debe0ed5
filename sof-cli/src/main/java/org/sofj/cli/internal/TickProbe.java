package org.sofj.cli.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.sofj.api.LoadType;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.ModuleProvider;

/**
 * A built-in kernel LL module with no pins, {@code probe}, that {@link Session} creates first in
 * every pipeline: the pipeline's LL task runs it at the start of each tick, so its timestamps are
 * the tick's start as the pipeline sees it. Each start is stored with the scheduler's own
 * deadline for that tick ({@link org.sofj.runtime.SofRuntime#tickDeadline()}, read on the tick thread), so a
 * tick's lateness is exact: no grid is rebuilt from the starts, and a stall that skips ticks
 * makes one late tick, measured as the scheduler measures it. Under the virtual clock ticks run
 * back to back, there is no deadline and lateness is 0 by construction; the gaps between starts
 * then show what each tick cost. There each start is the reading the scheduler took for the tick
 * ({@link org.sofj.runtime.SofRuntime#tickStart()}), so the probe reads no clock of its own: for
 * the first pipeline of the first core it is the start of the probe's own call, tens of
 * nanoseconds before the probe runs; a probe that runs after other pipelines of the tick gets the
 * same reading, taken before they ran (the gaps between one probe's starts are still one tick
 * each).
 */
final class TickProbe implements ModuleProvider {
    /** The module's name. */
    static final String NAME = "probe";

    private final Map<Integer, Stamps> stamps = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier nanoTime;
    private volatile LongSupplier deadline = () -> Long.MIN_VALUE;
    private volatile LongSupplier tickStart = () -> Long.MIN_VALUE;

    /**
     * @param capacity ticks to record at most
     * @param nanoTime the clock
     */
    TickProbe(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
    }

    /**
     * Where each tick's deadline comes from, once the runtime exists (before the first tick).
     *
     * @param tickDeadline the deadline of the tick the calling thread runs, on {@code nanoTime}'s
     *                     clock, or {@link Long#MIN_VALUE} when there is none (virtual time)
     */
    void deadlines(LongSupplier tickDeadline) {
        this.deadline = tickDeadline;
    }

    /**
     * Where each tick's start comes from under the virtual clock, once the runtime exists
     * (before the first tick).
     *
     * @param tickStart the reading the scheduler took for the virtual tick the calling thread
     *                  runs, or {@link Long#MIN_VALUE} when there is none (then the probe reads
     *                  {@code nanoTime} itself, as it always does on the wall clock)
     */
    void tickStarts(LongSupplier tickStart) {
        this.tickStart = tickStart;
    }

    @Override
    public Set<String> moduleNames() {
        return Set.of(NAME);
    }

    @Override
    public Optional<ModuleDescription> describe(String moduleName) {
        return Optional.of(ModuleDescription.builder(NAME, UUID.nameUUIDFromBytes(
                "sofj.cli.probe".getBytes(StandardCharsets.US_ASCII)))
                .loadType(LoadType.BUILTIN).instanceMaxCount(64).build());
    }

    @Override
    public ProcessingModule create(String moduleName) {
        return new Probe();
    }

    /**
     * @param componentId a probe instance
     * @return the tick start times it recorded, oldest first
     */
    long[] starts(int componentId) {
        final Stamps s = stamps.get(componentId);
        return s == null ? new long[0] : Arrays.copyOf(s.times, s.count);
    }

    /**
     * @param componentId a probe instance
     * @return each tick's lateness against the scheduler's deadline for it, nanoseconds, never
     *         below 0; 0 for a tick that had no deadline (virtual time)
     */
    long[] lateness(int componentId) {
        final Stamps s = stamps.get(componentId);
        if (s == null) {
            return new long[0];
        }
        final long[] out = new long[s.count];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.deadlines[i] == Long.MIN_VALUE ? 0 : Math.max(0, s.times[i] - s.deadlines[i]);
        }
        return out;
    }

    private static final class Stamps {
        final long[] times;
        final long[] deadlines;
        int count;

        Stamps(int capacity) {
            times = new long[capacity];
            deadlines = new long[capacity];
        }
    }

    /**
     * One probe instance: records the time, allocates nothing. A tick with a deadline (the wall
     * clock) is stamped by the probe's own read, so its lateness includes the tick's way to the
     * probe; a tick without one by the scheduler's reading when there is one.
     */
    private final class Probe implements ProcessingModule {
        private Stamps mine;

        @Override
        public int init(ModuleContext context) {
            mine = new Stamps(capacity);
            stamps.put(context.componentId(), mine);
            return 0;
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            final Stamps s = mine;
            if (s.count < s.times.length) {
                final long d = deadline.getAsLong();
                final long start = d == Long.MIN_VALUE ? tickStart.getAsLong() : Long.MIN_VALUE;
                s.deadlines[s.count] = d;
                s.times[s.count++] = start != Long.MIN_VALUE ? start : nanoTime.getAsLong();
            }
            return 0;
        }
    }
}
