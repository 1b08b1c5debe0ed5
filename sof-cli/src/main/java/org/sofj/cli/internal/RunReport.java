package org.sofj.cli.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.topology.Topology;

/**
 * What a run cost and did, gathered once at its end: one row per module instance, one per
 * pipeline, the runtime's events and the output levels over time (for the HTML timeline).
 *
 * @param topology  the topology file
 * @param clock     the clock it ran on
 * @param ticks     ticks run
 * @param wallNanos how long the run took on the wall clock, from opening the session (its
 *                  libraries loaded) to the last tick
 * @param tickingNanos of it, the ticks and the drains of host_out alone
 * @param modules   per instance, topology order
 * @param pipelines per pipeline
 * @param events    faults and xruns, oldest first
 * @param outputs   host_out instance name to where its audio went
 * @param levels    host_out instance name to its RMS level in dBFS per 10 ms
 * @param scheduler the scheduler's own tick lateness, each tick against its deadline, all cores
 * @param stalls    the scheduler's late and skipped ticks: the host's, never a module's
 * @param stallsAfterStartup the same from tick {@link Runner#STARTUP_TICKS} on, or null if the
 *                  run did not pass start-up on the wall clock
 * @param threadPriorities the LL and DP threads' nice values, wall clock only (else empty)
 */
record RunReport(String topology, SchedulerConfig.Clock clock, int ticks, long wallNanos,
        long tickingNanos, List<ModuleRow> modules, List<PipelineRow> pipelines,
        List<RuntimeEvent> events, Map<String, String> outputs, Map<String, double[]> levels,
        LatencySnapshot scheduler, HostStalls stalls, HostStalls stallsAfterStartup,
        String threadPriorities) {

    /** @return the xruns of every instance */
    long totalXruns() {
        return modules.stream().mapToLong(ModuleRow::xruns).sum();
    }

    /** @return the xruns of every instance from tick {@link Runner#STARTUP_TICKS} on (0 if none) */
    long totalXrunsAfterStartup() {
        return modules.stream().mapToLong(m -> Math.max(0, m.xrunsAfterStartup())).sum();
    }

    /** Window of one level point, in frames per ms times this. */
    static final int LEVEL_WINDOW_MS = 10;

    /**
     * The faults of one instance: events whose kind {@link RuntimeEvent.Kind#isFault is a fault},
     * so an xrun or the kernel's word on a FAULTED instance's stuck thread does not count again.
     */
    static long faults(List<RuntimeEvent> events, int componentId) {
        return events.stream().filter(e -> e.componentId() == componentId && e.kind().isFault())
                .count();
    }

    /**
     * One instance.
     *
     * @param name     its topology name
     * @param type     its module type
     * @param pipeline its pipeline
     * @param report   the runtime's report
     * @param faults   fault events (memory, exception, timeout, deadline, hang; not what the
     *                 kernel then did about a stuck thread, {@link #faults})
     * @param xruns    xrun events plus host port under/overruns
     * @param xrunsAfterStartup the part of {@code xruns} from tick {@link Runner#STARTUP_TICKS}
     *                 on, or -1 when the run did not get there on the wall clock (the virtual
     *                 clock has no start-up to tell apart: -1)
     */
    record ModuleRow(String name, String type, int pipeline, InstanceReport report, long faults,
            long xruns, long xrunsAfterStartup) {
    }

    /**
     * One pipeline.
     *
     * @param id       its id
     * @param lateness tick lateness distribution, ns
     * @param late     tick lateness per tick, ns
     * @param cost     time between consecutive tick starts, ns
     */
    record PipelineRow(int id, LatencySnapshot lateness, long[] late, long[] cost) {
    }

    /**
     * Gathers the report of a finished run.
     *
     * @param s         the session, still open
     * @param r         the runner
     * @param clock     the clock
     * @param ticks     ticks run
     * @param wallNanos wall time of the run
     * @param outputs   where each host_out's audio went
     * @return the report
     */
    static RunReport collect(Session s, Runner r, SchedulerConfig.Clock clock, int ticks,
            long wallNanos, Map<String, String> outputs) {
        final List<RuntimeEvent> events = s.runtime.events();
        final Map<String, Long> hostXruns = r.hostXruns();
        final List<ModuleRow> rows = new ArrayList<>();
        for (Topology.Module m : s.topology.modules()) {
            final int id = s.components.get(m.name());
            final long faults = faults(events, id);
            final long xruns = xruns(s, events, hostXruns, m.name());
            final Long atStartup = r.xrunsAtStartup().get(m.name());
            rows.add(new ModuleRow(m.name(), m.type(), m.pipeline(), s.runtime.report(id),
                    faults, xruns, atStartup == null ? -1 : xruns - atStartup));
        }
        final List<PipelineRow> pipes = new ArrayList<>();
        s.probes.forEach((pipeline, probeId) -> {
            final long[] starts = s.probe.starts(probeId);
            final long[] late = s.probe.lateness(probeId);
            final long[] cost = new long[Math.max(0, starts.length - 1)];
            for (int i = 0; i < cost.length; i++) {
                cost[i] = starts[i + 1] - starts[i];
            }
            pipes.add(new PipelineRow(pipeline, clock == SchedulerConfig.Clock.VIRTUAL
                    ? new LatencySnapshot(late.length, 0, 0, 0, 0) : snapshot(late), late, cost));
        });
        final Map<String, double[]> levels = r.levels();
        // the host ports' xruns as events too, for the timeline; counted above already
        final List<RuntimeEvent> all = new ArrayList<>(events);
        all.addAll(r.xrunMarks());
        all.sort(java.util.Comparator.comparingLong(RuntimeEvent::tick));
        final HostStalls stalls = s.runtime.hostStalls();
        return new RunReport(s.topology.file().toString(), clock, ticks, wallNanos, r.ranNanos(),
                List.copyOf(rows), List.copyOf(pipes), List.copyOf(all), outputs, levels,
                s.runtime.tickLateness(), stalls, r.stallsAfterStartup(stalls),
                r.threadPriorities());
    }

    /**
     * An instance's xruns so far: xrun events, host port under/overruns and its buffers' own.
     *
     * @param s         the session
     * @param events    the runtime's events
     * @param hostXruns host port xruns by instance name
     * @param name      the instance
     * @return the count
     */
    static long xruns(Session s, List<RuntimeEvent> events, Map<String, Long> hostXruns,
            String name) {
        final int id = s.components.get(name);
        return events.stream().filter(e -> e.componentId() == id
                && e.kind() == RuntimeEvent.Kind.XRUN).count()
                + hostXruns.getOrDefault(name, 0L) + s.runtime.report(id).xruns();
    }

    /**
     * @param values samples, ns
     * @return their distribution
     */
    static LatencySnapshot snapshot(long[] values) {
        if (values.length == 0) {
            return LatencySnapshot.EMPTY;
        }
        final long[] v = values.clone();
        Arrays.sort(v);
        return new LatencySnapshot(v.length, pick(v, 0.50), pick(v, 0.99), pick(v, 0.999),
                v[v.length - 1]);
    }

    private static long pick(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
    }

    /** RMS per window in dBFS (-120 for silence), over every channel. */
    static double[] levels(byte[] pcm, AudioFormat f) {
        final LevelMeter m = new LevelMeter(f);
        m.add(pcm, 0, pcm.length);
        return m.levels();
    }
}
