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
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.bench.BenchFlags;

/**
 * Sustained cross-thread streaming of 384-byte ticks, one producer and one consumer thread:
 * sofj's ring buffer against raw Agrona {@code OneToOneRingBuffer} in the same run. Both sides
 * busy-spin and leave their loops on {@link Control#stopMeasurement}. Cross-thread numbers are
 * bimodal on this machine: run with {@code -f 3} or more and compare per-fork medians. Target:
 * {@code >= 0.8x} Agrona's throughput (report only).
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class AudioStreamBench {
    private MemorySystem memory;
    private AudioEngine engine;
    private AudioEngine.Buffer ring;
    private MemoryAccess access;
    private OneToOneRingBuffer agrona;

    /**
     * The ring's IBS = OBS in ticks: 1 is SOF's sizing for a 1 ms module (3 ticks, 1152 B);
     * 7 gives 8064 B, the same capacity as the Agrona ring, so the two compare like for like.
     */
    @org.openjdk.jmh.annotations.Param({"1", "7"})
    int ringTicks;

    /** Per-thread buffers and flyweights, so the two sides share nothing but the ring. */
    @State(Scope.Thread)
    public static class Side {
        final AudioRegion region = new AudioRegion();
        final byte[] bytes = new byte[AudioBench.TICK];
        final UnsafeBuffer src = new UnsafeBuffer(new byte[AudioBench.TICK]);
        final MessageHandler handler = (type, buffer, index, length) ->
                buffer.getBytes(index, bytes, 0, length);
    }

    /** A ring per kind: sofj's sized by {@link #ringTicks}, Agrona's 8 KiB + trailer. */
    @Setup(Level.Trial)
    public void setUp() {
        memory = AudioBench.newMemory();
        engine = AudioBench.newEngine(memory);
        access = memory.access();
        ring = engine.newRingBuffer(memory.heap(HeapRegion.SHARED_BUFFER),
                ringTicks * AudioBench.TICK, ringTicks * AudioBench.TICK, AudioBench.FORMAT);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                8192 + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Releases the engine and the memory system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        memory.close();
    }

    /**
     * Producer of sofj's ring: waits for one tick of free space, writes it.
     *
     * @param side    this thread's buffers
     * @param control JMH's control, to leave the spin when measurement stops
     */
    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public void ringProduce(Side side, Control control) {
        while (ring.sink().getFreeSize() < AudioBench.TICK) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        ring.sink().getBuffer(AudioBench.TICK, side.region);
        AudioBench.copyIn(access, side.region, side.bytes);
        ring.sink().commitBuffer(AudioBench.TICK);
    }

    /**
     * Consumer of sofj's ring: waits for one tick, reads it.
     *
     * @param side    this thread's buffers
     * @param control JMH's control
     * @return a byte read
     */
    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public byte ringConsume(Side side, Control control) {
        while (ring.source().getDataAvailable() < AudioBench.TICK) {
            if (control.stopMeasurement) {
                return 0;
            }
            Thread.onSpinWait();
        }
        ring.source().getData(AudioBench.TICK, side.region);
        AudioBench.copyOut(access, side.region, side.bytes);
        ring.source().releaseData(AudioBench.TICK);
        return side.bytes[17];
    }

    /**
     * Producer of the Agrona ring.
     *
     * @param side    this thread's buffers
     * @param control JMH's control
     */
    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaProduce(Side side, Control control) {
        while (!agrona.write(1, side.src, 0, AudioBench.TICK)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Consumer of the Agrona ring; a read that only skipped padding reads again.
     *
     * @param side    this thread's buffers
     * @param control JMH's control
     * @return a byte read
     */
    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public byte agronaConsume(Side side, Control control) {
        while (agrona.read(side.handler, 1) == 0) {
            if (control.stopMeasurement) {
                return 0;
            }
            Thread.onSpinWait();
        }
        return side.bytes[17];
    }
}
