package org.sofj.runtime.internal;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ProcessingModule;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.bench.BenchFlags;
import org.sofj.plugins.sample.internal.SampleModuleProvider;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The cost of isolation per tick: one 1 ms tick (virtual clock) of tone (LL) -> passthru
 * ({@link #domain}: DP or LL) -> host_out (LL), with the passthru in kernel mode, in user mode
 * (its own domain and driver heap, every access checked; on the tick thread switched into its
 * domain, or with {@link #dpThreads} a DP run handed to its own thread), and in kernel mode plus
 * one blocking round trip to another thread per tick (what an out-of-process plugin sandbox pays
 * per module per tick). Goals: user {@code <= 1.10x} kernel; report the ratio to the blocking
 * baseline; 0 B/op with {@code -prof gc} for the user variants (inline DP and user LL).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class IsolationCostBench {
    private static final AudioFormat FORMAT = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
    private static final BaseConfig CONFIG = new BaseConfig(0, 384, 384, 0, 0, FORMAT);

    @Param({"kernel", "user", "blockingRoundTrip"})
    String mode;
    /** The passthru's domain: DP (SOF's only domain for a user module) or LL. */
    @Param({"DP", "LL"})
    String domain;
    /** Virtual-time DP runs on their own threads (the handoff) instead of inline. */
    @Param({"false"})
    boolean dpThreads;
    private SofRuntime runtime;
    private HostEndpoints endpoints;
    private int out;
    private final byte[] drain = new byte[4096];

    /** The passthru in the mode under test, plus the sample tone and the host endpoint. */
    static final class Modules implements ModuleProvider {
        private final SampleModuleProvider samples = new SampleModuleProvider();
        private final boolean user;
        private final boolean blocking;

        Modules(boolean user, boolean blocking) {
            this.user = user;
            this.blocking = blocking;
        }

        @Override
        public Set<String> moduleNames() {
            return Set.of("tone", "pass");
        }

        @Override
        public Optional<ModuleDescription> describe(String name) {
            return Optional.of(ModuleDescription.builder(name, UUID.nameUUIDFromBytes(
                    name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                    .userMode("pass".equals(name) && user).ibs(384).obs(384)
                    .instanceMaxCount(64).build()); // UserCallBench chains many passthrus
        }

        @Override
        public ProcessingModule create(String name) {
            final ProcessingModule m = samples.create("pass".equals(name) ? "passthru" : name);
            return blocking && "pass".equals(name) ? new BlockingRoundTrip(m) : m;
        }
    }

    /** A module that pays one blocking round trip to another thread per process call. */
    static final class BlockingRoundTrip implements ProcessingModule {
        private final ProcessingModule inner;
        private final SynchronousQueue<Integer> to = new SynchronousQueue<>();
        private final SynchronousQueue<Integer> back = new SynchronousQueue<>();
        private final Integer token = 1;

        BlockingRoundTrip(ProcessingModule inner) {
            this.inner = inner;
            final Thread peer = new Thread(() -> {
                try {
                    while (true) {
                        back.put(to.take());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sandbox-peer");
            peer.setDaemon(true);
            peer.start();
        }

        @Override
        public int init(ModuleContext context) {
            return inner.init(context);
        }

        @Override
        public int process(Source[] sources, Sink[] sinks) {
            try {
                to.put(token);
                back.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.process(sources, sinks);
        }
    }

    /** Builds and starts the pipeline. */
    @Setup(Level.Trial)
    public void setUp() {
        endpoints = new HostEndpoints();
        runtime = SofRuntime.builder().virtualDpThreads(dpThreads).builtIn(endpoints)
                .builtIn(new Modules("user".equals(mode), "blockingRoundTrip".equals(mode)))
                .build();
        runtime.createPipeline(1, 0);
        runtime.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int tone = create("tone", ProcDomain.LL);
        final int pass = create("pass", ProcDomain.valueOf(domain));
        out = create(HostEndpoints.HOST_OUT, ProcDomain.LL);
        runtime.bind(tone, 0, pass, 0);
        runtime.bind(pass, 0, out, 0);
        runtime.setPipelineState(1, PipelineState.RUNNING);
    }

    private int create(String name, ProcDomain domain) {
        return runtime.initInstance(new InstanceSpec(runtime.moduleId(0, name), 0, 0, 1, domain,
                CONFIG, null, 0, 0));
    }

    /** Closes the runtime. */
    @TearDown(Level.Trial)
    public void tearDown() {
        runtime.close();
    }

    /** @return bytes drained from the output: one tick of the whole pipeline */
    @Benchmark
    public int tick() {
        runtime.runTicks(1);
        return endpoints.port(out).read(drain, 0, drain.length);
    }
}
