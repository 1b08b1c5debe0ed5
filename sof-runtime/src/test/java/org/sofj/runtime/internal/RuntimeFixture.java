package org.sofj.runtime.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.runtime.InstanceSpec;
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
        return kernel.initInstance(new InstanceSpec(TestModules.moduleId(name), instance, 0,
                pipeline, domain, CONFIG, null, 0, 0));
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

    Component component(int id) {
        return kernel.ipc(() -> kernel.state.components.get(id));
    }

    @Override
    public void close() {
        kernel.close();
        TestModules.SCRIPTS.clear();
    }
}
