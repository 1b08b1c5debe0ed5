package org.sofj.llext.internal.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What strip-mining ({@link StripMining}) costs a loop the loader leaves without a check on its
 * back edge: {@code y[i] += k * x[i]} over {@code n} floats (vectorised by C2), as javac made it
 * ({@code original}: no check in the loop, as the loader left it before) and as the loader
 * rewrites it ({@code stripMined}: a check and a limit at the head of every chunk of
 * 2<sup>16</sup> iterations). Both copies are the same class file, defined in loaders of their
 * own; {@code n} = 48 is one tick's frames, 65,536 one chunk, 1,048,576 sixteen. With
 * {@code -prof gc}: 0 B/op, the check's path allocates nothing while no preemption is requested.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3)
public class StripMinedLoopBench {
    /** The loop, called through this interface (one implementation per loader, one per trial). */
    public interface Kernel {
        /**
         * @param y the array added to
         * @param x the array read
         * @param k the factor
         * @param n how many elements
         */
        void axpy(float[] y, float[] x, float k, int n);
    }

    /** The loop as javac compiles it: a counted loop inside the loader's rule. */
    public static final class Axpy implements Kernel {
        @Override
        public void axpy(float[] y, float[] x, float k, int n) {
            for (int i = 0; i < n; i++) {
                y[i] += k * x[i];
            }
        }
    }

    @Param({"48", "65536", "1048576"})
    private int n;
    private float[] x;
    private float[] y;
    private Kernel original;
    private Kernel stripMined;

    /** Defines the loop twice: as compiled and as the loader rewrites it. */
    @Setup
    public void setUp() throws ReflectiveOperationException {
        x = new float[n];
        y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i * 0.5f;
        }
        final byte[] bytes = bytes();
        original = define(bytes);
        stripMined = define(PreemptionPoints.insert(bytes));
    }

    /** The loop as compiled. */
    @Benchmark
    public void original() {
        original.axpy(y, x, 0.999f, n);
    }

    /** The loop strip-mined. */
    @Benchmark
    public void stripMined() {
        stripMined.axpy(y, x, 0.999f, n);
    }

    private static byte[] bytes() {
        try (InputStream in = Axpy.class.getResourceAsStream("StripMinedLoopBench$Axpy.class")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Kernel define(byte[] bytes) throws ReflectiveOperationException {
        final Class<?> c = new ClassLoader(StripMinedLoopBench.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(Axpy.class.getName(), bytes, 0, bytes.length);
            }
        }.define();
        return (Kernel) c.getDeclaredConstructor().newInstance();
    }
}
