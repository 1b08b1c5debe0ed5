package org.sofj.bench.audio;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
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
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.bench.BenchFlags;

/**
 * What one virtual LL tick costs beyond the modules' own work: N trivial LL tasks run by
 * {@code runTicks(1)} (plus the DP tick and the tick log), against N hops of a 384-byte tick
 * through raw Agrona rings, the per-module transport floor. Target (performance-floors 5.2):
 * {@code tickTrivialTasks <= 2x agronaRingHops} for the same N (gate at 4x); 0 B/op with
 * {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class TickOverheadBench {
    /** LL tasks per tick, and ring hops in the reference. */
    @Param({"1", "16", "256"})
    public int n;

    private MemorySystem memory;
    private AudioEngine engine;
    private Scheduler scheduler;
    private long work;
    private OneToOneRingBuffer[] rings;
    private final UnsafeBuffer tick = new UnsafeBuffer(new byte[AudioBench.TICK]);
    private final byte[] out = new byte[AudioBench.TICK];
    private final MessageHandler handler = (type, buffer, index, length) ->
            buffer.getBytes(index, out, 0, length);

    /** A trivial task: one field increment. */
    private final class Trivial implements LlTask {
        @Override
        public String name() {
            return "trivial";
        }

        @Override
        public void run(long tickNumber) {
            work++;
        }
    }

    /** Builds a virtual scheduler with {@link #n} trivial tasks, and {@link #n} Agrona rings. */
    @Setup(Level.Trial)
    public void setUp() {
        memory = AudioBench.newMemory();
        engine = AudioBench.newEngine(memory);
        scheduler = engine.newScheduler(new SchedulerConfig(SchedulerConfig.Clock.VIRTUAL, 1,
                SchedulerConfig.DEFAULT_PERIOD_MICROS, System::nanoTime));
        for (int i = 0; i < n; i++) {
            scheduler.addLlTask(0, new Trivial());
        }
        rings = new OneToOneRingBuffer[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                    4096 + RingBufferDescriptor.TRAILER_LENGTH)));
        }
    }

    /** Stops the scheduler and releases the memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        memory.close();
    }

    /** @return the tasks' work, so it is not dead code: one virtual tick of N trivial tasks */
    @Benchmark
    public long tickTrivialTasks() {
        scheduler.runTicks(1);
        return work;
    }

    /** @return a byte carried: N hops of one tick through raw Agrona rings, the floor */
    @Benchmark
    public byte agronaRingHops() {
        final OneToOneRingBuffer[] rs = rings;
        for (OneToOneRingBuffer r : rs) {
            r.write(1, tick, 0, AudioBench.TICK);
            while (r.read(handler) == 0) {
                Thread.onSpinWait(); // padding-only read at the wrap: read again
            }
        }
        return out[17];
    }
}
