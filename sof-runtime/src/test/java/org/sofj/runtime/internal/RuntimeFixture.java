package org.sofj.runtime.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.SharingPolicy;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.SofRuntimeBuilder;

/** A virtual-clock runtime with the test modules as built-ins, and a stepped clock. */
final class RuntimeFixture implements AutoCloseable {
    static final AudioFormat FORMAT = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
    static final BaseConfig CONFIG = new BaseConfig(0, TestModules.TICK, TestModules.TICK,
            1_000_000, 0, FORMAT);

    /** The stepped clock: tests and modules advance it; nothing reads the wall clock. */
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final Kernel kernel;

    RuntimeFixture() {
        this(SharingPolicy.LEAST_PRIVILEGE);
    }

    RuntimeFixture(SharingPolicy sharing) {
        this(SofRuntime.builder().sharingPolicy(sharing));
    }

    RuntimeFixture(SofRuntimeBuilder builder) {
        kernel = (Kernel) builder.builtIn(new TestModules()).nanoTime(now::get)
                .proxyTimeout(Duration.ofMillis(5)).build();
    }

    SofRuntime runtime() {
        return kernel;
    }

    int create(String name, int instance, int pipeline, ProcDomain domain) {
        return create(kernel, name, instance, pipeline, domain);
    }

    /** Makes instance {@code instance} of test module {@code name} on core 0. */
    static int create(Kernel kernel, String name, int instance, int pipeline, ProcDomain domain) {
        return kernel.initInstance(new InstanceSpec(TestModules.moduleId(name), instance, 0,
                pipeline, domain, CONFIG, null, 0, 0));
    }

    /**
     * Makes pipeline {@code pipeline} on core 0, completes it (RESET, as SOF needs before
     * RUNNING) and binds in it src -> instance 0 of {@code type} in {@code domain} -> cap, where
     * src and cap are instance {@code edge} of theirs. Leaves it READY.
     *
     * @return the component ids of src, the middle instance and cap
     */
    static int[] chain(Kernel kernel, int pipeline, int edge, String type, ProcDomain domain) {
        kernel.createPipeline(pipeline, 0);
        kernel.setPipelineState(pipeline, PipelineState.RESET);
        final int src = create(kernel, "src", edge, pipeline, ProcDomain.LL);
        final int mid = create(kernel, type, 0, pipeline, domain);
        final int cap = create(kernel, "cap", edge, pipeline, ProcDomain.LL);
        kernel.bind(src, 0, mid, 0);
        kernel.bind(mid, 0, cap, 0);
        return new int[] {src, mid, cap};
    }

    /** Runs ticks, stepping the clock 1 ms per tick. */
    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            now.addAndGet(1_000_000L);
            kernel.runTicks(1);
        }
    }

    /**
     * The least the tick thread (this one) allocated over {@code rounds} runs of {@code n} ticks,
     * stopping early at a run of 0 B: a JIT compilation or a JFR chunk in one run is not the
     * tick's own allocation, but a tick that allocates shows in every run.
     */
    long leastBytesOverTicks(int rounds, int n) {
        long bytes = Long.MAX_VALUE;
        for (int round = 0; round < rounds && bytes > 0; round++) {
            final long a0 = Allocations.current();
            ticks(n);
            bytes = Math.min(bytes, Allocations.current() - a0);
        }
        return bytes;
    }

    /** @return what test module {@code cap} instance {@code id} has captured so far */
    int[] captured(int id) {
        final TestModules.Capture c = (TestModules.Capture) component(id).module;
        return java.util.Arrays.copyOf(c.captured, c.count);
    }

    Component component(int id) {
        return kernel.ipc(() -> kernel.state.components.get(id));
    }

    @Override
    public void close() {
        kernel.close();
        TestModules.SCRIPTS.clear();
    }
}
