package org.sofj.bench.llext;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

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
import org.sofj.bench.BenchFlags;

/**
 * Each step of a first library load ({@code LibraryLoadBench.loadVerified}) on its own, over the
 * same four-module library: where the time of a load goes. The steps are the host layer's
 * {@code LoadSteps}; defining the layer and its providers is {@code LibraryLoadBench.load} (a
 * cached re-load) less {@code container} and {@code signedMessage}. Cold path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class LibraryLoadStepsBench {
    /** The step to time. */
    @Param({"container", "signedMessage", "ed25519", "manifests", "pluginJar", "hash",
        "agreement", "linkCheck"})
    public String step;

    private BenchLibrary lib;
    private IntSupplier run;

    /**
     * Makes the library and picks the step.
     *
     * @throws Exception if the host layer or the library cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        lib = BenchLibrary.create();
        final Function<String, IntSupplier> steps = lib.hostObject(
                "org.sofj.bench.llext.host.LoadSteps",
                new Class<?>[] {Path.class, PublicKey.class}, lib.library(),
                lib.key().getPublic());
        run = steps.apply(step);
        run.getAsInt();
    }

    /**
     * Deletes the scratch files.
     *
     * @throws Exception if they cannot be deleted
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        lib.delete();
    }

    /** @return the step's result, so its work cannot be eliminated */
    @Benchmark
    public int step() {
        return run.getAsInt();
    }
}
