package org.sofj.cli.internal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.sofj.api.spi.LatencySnapshot;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;

/**
 * The {@code --json} documents of {@code run}, {@code bench} and {@code inspect}, built field by
 * field so they match the schemas in {@code docs/json/} exactly (docs/json.md). Times are integer
 * nanoseconds; every document names its schema and version in {@code "schema"}.
 */
final class JsonReport {
    static final String RUN_SCHEMA = "sofj-run/2";
    static final String BENCH_SCHEMA = "sofj-bench/2";
    static final String INSPECT_SCHEMA = "sofj-inspect/2";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {
    }

    /** @return a new empty object */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * @param r           a run's report
     * @param faulted     instances FAULTED that the run does not allow (its exit 3)
     * @param interrupted whether Ctrl-C stopped the run early
     * @return the run document
     */
    static ObjectNode run(RunReport r, List<String> faulted, boolean interrupted) {
        final ObjectNode o = object();
        o.put("schema", RUN_SCHEMA);
        body(o, r);
        final ArrayNode bad = o.putArray("unexpectedFaults");
        faulted.forEach(bad::add);
        o.put("interrupted", interrupted);
        return o;
    }

    /** The fields a run and each half of a bench share. */
    static ObjectNode body(ObjectNode o, RunReport r) {
        o.put("topology", r.topology());
        o.put("clock", r.clock().name().toLowerCase(Locale.ROOT));
        o.put("ticks", r.ticks());
        o.put("wallNanos", r.wallNanos());
        final ObjectNode outputs = o.putObject("outputs");
        r.outputs().forEach(outputs::put);
        final ArrayNode modules = o.putArray("modules");
        for (RunReport.ModuleRow m : r.modules()) {
            final InstanceReport i = m.report();
            final ObjectNode n = modules.addObject();
            n.put("name", m.name());
            n.put("type", m.type());
            n.put("pipeline", m.pipeline());
            n.put("mode", i.userMode() ? "user" : "kernel");
            n.put("domain", i.domain().name());
            latency(n.putObject("processNanos"), i.processTime());
            n.put("budgetUse", i.budgetUse());
            n.put("heapUsed", i.heapUsed());
            n.put("heapHighWater", i.heapHighWater());
            n.put("javaAllocatedBytes", i.javaAllocated());
            n.put("deadlineMisses", i.deadlineMisses());
            n.put("faults", m.faults());
            n.put("xruns", m.xruns());
            n.put("xrunsAfterStartup", m.xrunsAfterStartup());
            n.put("faulted", i.faulted());
        }
        final ArrayNode pipelines = o.putArray("pipelines");
        for (RunReport.PipelineRow p : r.pipelines()) {
            final ObjectNode n = pipelines.addObject();
            n.put("id", p.id());
            latency(n.putObject("latenessNanos"), p.lateness());
        }
        latency(o.putObject("schedulerLatenessNanos"), r.scheduler());
        final ObjectNode stalls = o.putObject("hostStalls");
        stalls.put("lateTicks", r.stalls().lateTicks());
        stalls.put("stalls", r.stalls().stalls());
        stalls.put("skippedTicks", r.stalls().skippedTicks());
        stalls.put("dpHolds", r.stalls().dpHolds());
        if (r.stallsAfterStartup() != null) {
            final ObjectNode after = stalls.putObject("afterStartup");
            after.put("lateTicks", r.stallsAfterStartup().lateTicks());
            after.put("stalls", r.stallsAfterStartup().stalls());
            after.put("skippedTicks", r.stallsAfterStartup().skippedTicks());
            after.put("dpHolds", r.stallsAfterStartup().dpHolds());
        }
        final ArrayNode events = o.putArray("events");
        for (RuntimeEvent e : r.events()) {
            final ObjectNode n = events.addObject();
            n.put("tick", e.tick());
            n.put("kind", e.kind().name());
            n.put("componentId", e.componentId());
            n.put("pipeline", e.pipelineId());
            n.put("detail", e.detail());
        }
        return o;
    }

    static void latency(ObjectNode n, LatencySnapshot s) {
        n.put("count", s.count());
        n.put("p50", s.p50());
        n.put("p99", s.p99());
        n.put("p999", s.p999());
        n.put("max", s.max());
    }

    /** @return the environment a measurement was taken in */
    static ObjectNode environment() {
        final ObjectNode o = object();
        o.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        o.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        o.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("clock", "System.nanoTime");
        return o;
    }

    /** Prints a document and a newline. */
    static void print(ObjectNode o, PrintWriter out) {
        try {
            out.println(MAPPER.writeValueAsString(o));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a report node cannot fail to serialise", e);
        }
        out.flush();
    }
}
