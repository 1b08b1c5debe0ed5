package org.sofj.plugins.sample.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One tick of the sample FIR's arithmetic as the README pipeline runs it: 48 frames of stereo
 * through the shipped 1024-tap table ({@code META-INF/sofj/fir/lowpass-1024.taps}), both channels
 * in one lane of {@link PartitionedConvolution}. {@code engine} is the FIR's own cost per tick
 * without the sample conversion and the ring copies; {@code directForm} is the same block in
 * direct form (taps outer, frames inner: the loop order the JIT can vectorise), the floor the FFT
 * has to beat.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FirBench {
    private static final int FRAMES = 48;
    private static final int BLOCKS = 64;

    private int[] taps;
    private double[] inputLeft;
    private double[] inputRight;
    private PartitionedConvolution engine;
    private final double[] left = new double[FRAMES];
    private final double[] right = new double[FRAMES];
    private double[] historyLeft;
    private double[] historyRight;
    private double[] scaled;
    private int block;

    /**
     * Reads the shipped taps and makes 64 blocks of random full-scale input.
     *
     * @throws IOException if the table cannot be read
     */
    @Setup
    public void setUp() throws IOException {
        final byte[] table;
        try (InputStream s = Fir.class.getResourceAsStream("/" + Fir.DEFAULT_TABLE)) {
            table = s.readAllBytes();
        }
        final ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        taps = new int[b.getInt()];
        for (int k = 0; k < taps.length; k++) {
            taps[k] = b.getInt();
        }
        final Random rnd = new Random(16);
        inputLeft = new double[BLOCKS * FRAMES];
        inputRight = new double[BLOCKS * FRAMES];
        for (int i = 0; i < inputLeft.length; i++) {
            inputLeft[i] = rnd.nextInt();
            inputRight[i] = rnd.nextInt();
        }
        engine = new PartitionedConvolution(taps.length, FRAMES, 1);
        engine.setTaps(taps, 1.0 / Samples.Q31);
        scaled = new double[taps.length];
        for (int k = 0; k < taps.length; k++) {
            scaled[k] = taps[k] / Samples.Q31;
        }
        historyLeft = new double[taps.length - 1 + FRAMES];
        historyRight = new double[taps.length - 1 + FRAMES];
    }

    /** @return one output sample, so the work is not dead */
    @Benchmark
    public double engine() {
        final int at = block * FRAMES;
        block = block + 1 == BLOCKS ? 0 : block + 1;
        System.arraycopy(inputLeft, at, left, 0, FRAMES);
        System.arraycopy(inputRight, at, right, 0, FRAMES);
        engine.process(0, left, right);
        return left[FRAMES - 1] + right[0];
    }

    /** @return one output sample, so the work is not dead */
    @Benchmark
    public double directForm() {
        final int at = block * FRAMES;
        block = block + 1 == BLOCKS ? 0 : block + 1;
        directBlock(historyLeft, inputLeft, at, left);
        directBlock(historyRight, inputRight, at, right);
        return left[FRAMES - 1] + right[0];
    }

    /** {@code y[n] = sum h[k] x[n-k]} over one block, taps outer so the inner loop is an axpy. */
    private void directBlock(double[] history, double[] input, int at, double[] y) {
        final int past = taps.length - 1;
        System.arraycopy(history, FRAMES, history, 0, past);
        System.arraycopy(input, at, history, past, FRAMES);
        Arrays.fill(y, 0.0);
        final double[] h = scaled;
        for (int k = 0; k < h.length; k++) {
            final double c = h[k];
            final int from = past - k;
            for (int n = 0; n < FRAMES; n++) {
                y[n] += c * history[from + n];
            }
        }
    }
}
