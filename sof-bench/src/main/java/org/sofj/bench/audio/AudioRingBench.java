package org.sofj.bench.audio;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import org.agrona.BitUtil;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.MemorySystem;
import org.sofj.bench.BenchFlags;

/**
 * One 384-byte tick written into a ring and read back on the same thread: sofj's ring buffer
 * (checked access into simulated memory, SOF's sink/source contract) against raw Agrona
 * {@code OneToOneRingBuffer} write+read in the same run, and the bare 384-byte copy floor.
 * Targets (performance-floors 5.2): {@code ringWriteRead384 <= 2x agronaWriteRead384},
 * {@code <= 3x} two copies; 0 B/op with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class AudioRingBench {
    private static final int MSG_TYPE = 1;

    private MemorySystem memory;
    private AudioEngine engine;
    private AudioEngine.Buffer ring;
    private MemoryAccess access;
    private final AudioRegion region = new AudioRegion();
    private final byte[] in = new byte[AudioBench.TICK];
    private final byte[] out = new byte[AudioBench.TICK];

    private OneToOneRingBuffer agrona;
    private final UnsafeBuffer agronaSrc = new UnsafeBuffer(new byte[AudioBench.TICK]);
    private final UnsafeBuffer copyDst = new UnsafeBuffer(new byte[AudioBench.TICK]);
    private final byte[] agronaOut = new byte[AudioBench.TICK];
    private final org.agrona.concurrent.MessageHandler handler =
            (type, buffer, index, length) -> buffer.getBytes(index, agronaOut, 0, length);

    /** Builds both rings: IBS = OBS = one tick (sofj: 1152 B; Agrona: 4 KiB + trailer). */
    @Setup(Level.Trial)
    public void setUp() {
        memory = AudioBench.newMemory();
        engine = AudioBench.newEngine(memory);
        access = memory.access();
        ring = engine.newRingBuffer(memory.heap(org.sofj.api.spi.HeapRegion.SHARED_BUFFER),
                AudioBench.TICK, AudioBench.TICK, AudioBench.FORMAT);
        for (int i = 0; i < in.length; i++) {
            in[i] = (byte) i;
        }
        agronaSrc.putBytes(0, in);
        agrona = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                BitUtil.findNextPositivePowerOfTwo(4096) + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /** Releases the engine and the memory system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        memory.close();
    }

    /** @return a byte of the tick read back: sofj's ring, get/commit + get/release */
    @Benchmark
    public byte ringWriteRead384() {
        ring.sink().getBuffer(AudioBench.TICK, region);
        AudioBench.copyIn(access, region, in);
        ring.sink().commitBuffer(AudioBench.TICK);
        ring.source().getData(AudioBench.TICK, region);
        AudioBench.copyOut(access, region, out);
        ring.source().releaseData(AudioBench.TICK);
        return out[17];
    }

    /** @return a byte of the tick read back: raw Agrona write + read, the reference */
    @Benchmark
    public byte agronaWriteRead384() {
        agrona.write(MSG_TYPE, agronaSrc, 0, AudioBench.TICK);
        while (agrona.read(handler) == 0) {
            Thread.onSpinWait(); // a read that only consumed end-of-buffer padding: read again
        }
        return agronaOut[17];
    }

    /** @return a byte copied: one 384-byte copy, the absolute floor (a ring hop is two) */
    @Benchmark
    public byte copy384() {
        copyDst.putBytes(0, agronaSrc, 0, AudioBench.TICK);
        return copyDst.getByte(17);
    }
}
