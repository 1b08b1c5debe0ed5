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
 * the tick's start as the pipeline sees it. Each tick is measured against its own deadline by
 * the scheduler's rule ({@code WallTicker}): deadlines are {@code t(0) + k * 1 ms}, and when a
 * tick starts two or more periods late the ticks the stall swallowed are skipped, so the next
 * deadline is the next period boundary after it. One stall is then one late tick, not a late
 * run. Under the virtual clock ticks run back to back and lateness is 0 by construction; the gaps
 * then show what each tick cost.
 */
final class TickProbe implements ModuleProvider {
    /** The module's name. */
    static final String NAME = "probe";
    private static final long PERIOD_NANOS = 1_000_000L;

    private final Map<Integer, Stamps> stamps = new ConcurrentHashMap<>();
    private final int capacity;
    private final LongSupplier nanoTime;

    /**
     * @param capacity ticks to record at most
     * @param nanoTime the clock
     */
    TickProbe(int capacity, LongSupplier nanoTime) {
        this.capacity = capacity;
        this.nanoTime = nanoTime;
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
     * @param starts tick start times
     * @return each tick's lateness against its own deadline, nanoseconds, never below 0
     */
    static long[] lateness(long[] starts) {
        final long[] out = new long[starts.length];
        long deadline = starts.length == 0 ? 0 : starts[0] - Math.floorMod(
                starts[0] - gridPhase(starts), PERIOD_NANOS);
        for (int i = 0; i < starts.length; i++) {
            final long late = starts[i] - deadline;
            out[i] = Math.max(0, late);
            // the scheduler's rule: a stall of two or more periods skips the ticks it swallowed
            deadline += late >= 2 * PERIOD_NANOS ? (1 + late / PERIOD_NANOS) * PERIOD_NANOS
                    : PERIOD_NANOS;
        }
        return out;
    }

    /**
     * Where the scheduler's deadlines fall, as a clock value on their {@code 1 ms} grid. The
     * probe sees only when each tick started, and a tick never starts before its deadline, so the
     * deadlines sit at the earliest phase of the bulk of the starts: the densest {@value
     * #BIN_NANOS} ns phase bin holds the ticks that started on time, and the earliest start
     * within {@value #LOOK_BACK_NANOS} ns below it is the grid. The probe cannot see the
     * scheduler's deadlines, so this grid is as early as the pipeline ever starts on time (the
     * scheduler's own row measures against the deadlines themselves). Tick 0 alone would not do:
     * a first tick that started late (a cold JIT) would make every later tick look late.
     *
     * @param starts tick start times, at least one
     * @return a clock value on the deadline grid
     */
    static long gridPhase(long[] starts) {
        final int bins = (int) (PERIOD_NANOS / BIN_NANOS);
        final int[] count = new int[bins];
        for (long t : starts) {
            count[(int) (Math.floorMod(t - starts[0], PERIOD_NANOS) / BIN_NANOS)]++;
        }
        int mode = 0;
        for (int b = 1; b < bins; b++) {
            if (count[b] > count[mode]) {
                mode = b;
            }
        }
        final long top = (mode + 1) * BIN_NANOS; // phases in (top - LOOK_BACK - BIN, top]
        long earliest = BIN_NANOS + LOOK_BACK_NANOS; // distance below top, circular
        for (long t : starts) {
            final long below = Math.floorMod(top - Math.floorMod(t - starts[0], PERIOD_NANOS),
                    PERIOD_NANOS);
            if (below <= BIN_NANOS + LOOK_BACK_NANOS && below < earliest) {
                earliest = below;
            }
        }
        return starts[0] + top - earliest;
    }

    private static final long BIN_NANOS = 10_000;
    private static final long LOOK_BACK_NANOS = 100_000;

    /** What one probe instance recorded; written by its LL thread only. */
    private static final class Stamps {
        final long[] times;
        int count;

        Stamps(int capacity) {
            times = new long[capacity];
        }
    }

    /** One probe instance: records the time, allocates nothing. */
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
                s.times[s.count++] = nanoTime.getAsLong();
            }
            return 0;
        }
    }
}
