package org.sofj.testkit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.SofRuntimeBuilder;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.host.HostPort;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.testkit.CapturedAudio;
import org.sofj.testkit.Pcm;

/**
 * A {@link GraphSpec} set up in a fresh virtual-time runtime: one pipeline of host_in endpoints,
 * the modules and host_out endpoints, bound and configured, on a stepped clock that advances
 * 1 ms per tick (nothing reads the wall clock, and virtual time waits for every DP run, so two
 * runs of one spec give identical output). Run segments with {@link #start}, {@link #tick} and
 * {@link #takeCaptures}; {@link #reset} returns the pipeline to RESET and re-applies the
 * configuration blobs. The tick loop allocates nothing: captures go into arrays made here.
 */
public final class GraphRun implements AutoCloseable {
    /** The pipeline every instance joins. */
    static final int PIPELINE = 1;
    /** Where the first placed blob starts, past the 8 bytes of init data that point at it. */
    static final int BLOB_OFFSET = 64;

    private final GraphSpec spec;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final HostEndpoints endpoints;
    private final SofRuntime runtime;
    private final Map<Integer, Integer> nextInstance = new HashMap<>();
    private final int[] hostIns;
    private final int[] stageIds;
    private final int[] hostOuts;
    private final HostPort[] outPorts;
    private final byte[][] capture;
    private final int[] captured;
    private final int[] firstTick;
    private final byte[] drain;
    private int segmentTicks;

    /**
     * Builds the runtime and the graph, and sets every configuration blob.
     *
     * @param spec the graph
     * @throws org.sofj.api.IpcException if the runtime refuses a request (its message says why)
     */
    public GraphRun(GraphSpec spec) {
        this.spec = spec;
        final List<StageSpec> stages = spec.stages();
        final AudioFormat f = spec.format();
        final StageSpec first = stages.get(0);
        final StageSpec last = stages.get(stages.size() - 1);
        int inputBytes = 4 * Math.max(first.ibs(), last.obs());
        for (byte[] in : spec.inputs()) {
            inputBytes = Math.max(inputBytes, in.length);
        }
        endpoints = new HostEndpoints(inputBytes);
        final HostboxProbe probe = new HostboxProbe();
        long blobBytes = 0;
        for (StageSpec s : stages) {
            blobBytes += s.initBlob() == null ? 0 : MemoryRegions.alignUp(s.initBlob().length, 64);
        }
        final SofRuntimeBuilder b = SofRuntime.builder().nanoTime(now::get).builtIn(endpoints);
        final Set<ModuleProvider> providers = new LinkedHashSet<>();
        for (StageSpec s : stages) {
            providers.add(s.provider());
        }
        providers.forEach(b::builtIn);
        if (blobBytes > 0) {
            if (BLOB_OFFSET + blobBytes > MemoryLayout.DEFAULT_HOSTBOX_BYTES) {
                throw new IllegalArgumentException("the placed blobs take " + blobBytes
                        + " bytes (each rounded up to 64); the hostbox holds at most "
                        + Stages.MAX_BLOB_BYTES);
            }
            b.builtIn(probe);
        }
        runtime = b.build();
        hostIns = new int[spec.inputs().size()];
        stageIds = new int[stages.size()];
        hostOuts = new int[spec.outputs()];
        outPorts = new HostPort[hostOuts.length];
        capture = new byte[hostOuts.length][spec.ticks() * last.obs()];
        captured = new int[hostOuts.length];
        firstTick = new int[hostOuts.length];
        drain = new byte[inputBytes];
        try {
            runtime.createPipeline(PIPELINE, 0);
            runtime.setPipelineState(PIPELINE, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final long blobBase = blobBytes > 0 ? probe(probe) + BLOB_OFFSET : 0;
            for (int i = 0; i < hostIns.length; i++) {
                hostIns[i] = create(HostEndpoints.HOST_IN, ProcDomain.LL,
                        new BaseConfig(0, 0, first.ibs(), 0, 0, f), null);
            }
            long blobAt = blobBase;
            for (int i = 0; i < stages.size(); i++) {
                final StageSpec s = stages.get(i);
                byte[] initData = s.initData();
                if (s.initBlob() != null) {
                    runtime.memory().putBytes(blobAt, s.initBlob(), 0, s.initBlob().length);
                    initData = Pcm.fromInts(new int[] {(int) blobAt, s.initBlob().length});
                    blobAt += MemoryRegions.alignUp(s.initBlob().length, 64);
                }
                stageIds[i] = create(s.name(), s.domain(), new BaseConfig(0, s.ibs(), s.obs(),
                        s.description().cps(), s.description().isPages(), f), initData);
            }
            for (int i = 0; i < hostOuts.length; i++) {
                hostOuts[i] = create(HostEndpoints.HOST_OUT, ProcDomain.LL,
                        new BaseConfig(0, last.obs(), 0, 0, 0, f), null);
                outPorts[i] = endpoints.port(hostOuts[i]);
            }
            bindAll();
            configure();
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    /** Creates and deletes the probe; its init data lands where every instance's does. */
    private long probe(HostboxProbe probe) {
        final int id = create(HostboxProbe.NAME, ProcDomain.LL,
                new BaseConfig(0, 0, 0, 0, 0, spec.format()), new byte[4]);
        runtime.deleteInstance(id);
        if (probe.initDataAddress() == MemoryRegions.NULL) {
            throw new IllegalStateException("the runtime gave the probe no init data address");
        }
        return probe.initDataAddress();
    }

    private int create(String name, ProcDomain domain, BaseConfig config, byte[] initData) {
        final int moduleId = runtime.moduleId(0, name);
        final int instance = nextInstance.merge(moduleId, 1, Integer::sum) - 1;
        return runtime.initInstance(new InstanceSpec(moduleId, instance, 0, PIPELINE, domain,
                config, initData, 0, 0));
    }

    private void bindAll() {
        for (int i = 0; i < hostIns.length; i++) {
            runtime.bind(hostIns[i], 0, stageIds[0], i);
        }
        for (int i = 0; i + 1 < stageIds.length; i++) {
            runtime.bind(stageIds[i], 0, stageIds[i + 1], 0);
        }
        for (int i = 0; i < hostOuts.length; i++) {
            runtime.bind(stageIds[stageIds.length - 1], i, hostOuts[i], 0);
        }
    }

    private void configure() {
        for (int i = 0; i < stageIds.length; i++) {
            for (StageSpec.ConfigBlob c : spec.stages().get(i).configs()) {
                runtime.setConfiguration(stageIds[i], c.paramId(), c.blob());
            }
        }
    }

    /** Writes every input pin's PCM into its host_in port and sets the pipeline RUNNING. */
    public void start() {
        for (int i = 0; i < hostIns.length; i++) {
            final byte[] in = spec.inputs().get(i);
            endpoints.port(hostIns[i]).write(in, 0, in.length);
        }
        runtime.setPipelineState(PIPELINE, PipelineState.RUNNING);
        segmentTicks = 0;
        java.util.Arrays.fill(captured, 0);
        java.util.Arrays.fill(firstTick, -1);
    }

    /**
     * Runs ticks, stepping the clock 1 ms before each, and captures what each host_out produced.
     * Allocates nothing.
     *
     * @param ticks how many, at most what is left of the segment's {@link GraphSpec#ticks()}
     */
    public void tick(int ticks) {
        if (segmentTicks + ticks > spec.ticks()) {
            throw new IllegalStateException("ticks=" + ticks + " exceeds the segment: "
                    + segmentTicks + " of " + spec.ticks() + " run");
        }
        for (int t = 0; t < ticks; t++) {
            now.addAndGet(1_000_000L);
            runtime.runTicks(1);
            for (int p = 0; p < outPorts.length; p++) {
                final int n = outPorts[p].read(capture[p], captured[p],
                        capture[p].length - captured[p]);
                if (n > 0 && firstTick[p] < 0) {
                    firstTick[p] = segmentTicks;
                }
                captured[p] += n;
            }
            segmentTicks++;
        }
    }

    /** @return what each output pin captured since {@link #start} */
    public List<CapturedAudio> takeCaptures() {
        final List<CapturedAudio> out = new ArrayList<>();
        for (int p = 0; p < outPorts.length; p++) {
            out.add(new CapturedAudio(spec.format(), java.util.Arrays.copyOf(capture[p],
                    captured[p]), firstTick[p], outPorts[p].overruns()));
        }
        return out;
    }

    /**
     * SET_PIPELINE_STATE RESET, drops what the host ports still hold, and sets the configuration
     * blobs again, so the next {@link #start} begins as the first did.
     */
    public void reset() {
        runtime.setPipelineState(PIPELINE, PipelineState.RESET);
        for (int id : hostIns) {
            final HostPort port = endpoints.port(id);
            port.read(drain, 0, Math.min(drain.length, port.available()));
        }
        for (HostPort port : outPorts) {
            while (port.read(drain, 0, drain.length) > 0) {
                continue;
            }
        }
        configure();
    }

    /** @return each module's report now, in graph order */
    public List<InstanceReport> reports() {
        final List<InstanceReport> out = new ArrayList<>();
        for (int id : stageIds) {
            out.add(runtime.report(id));
        }
        return out;
    }

    /** @return the runtime's event log */
    public List<RuntimeEvent> events() {
        return runtime.events();
    }

    /**
     * @param stage a stage index
     * @return its component id
     */
    public int componentId(int stage) {
        return stageIds[stage];
    }

    /** @return the runtime, for checks that drive it directly */
    public SofRuntime runtime() {
        return runtime;
    }

    /** Closes the runtime: deletes every instance and releases its memory. */
    @Override
    public void close() {
        runtime.close();
    }
}
