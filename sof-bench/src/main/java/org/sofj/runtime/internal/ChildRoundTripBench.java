package org.sofj.runtime.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;

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
import org.sofj.bench.BenchFlags;

/**
 * The floor of a process sandbox: one period (384 bytes, 48 stereo S32 frames) sent to a child
 * {@code cat} over a pipe and read back, as {@code sofj bench --isolation}'s child column does per
 * tick. {@link UserCallBench#main} compares it with one user-mode call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchFlags.AGRONA)
public class ChildRoundTripBench {
    /** A child {@code cat} and the period it echoes. */
    @State(Scope.Thread)
    public static class Child {
        final byte[] period = new byte[384];
        private Process process;
        private OutputStream to;
        private InputStream from;

        /**
         * Starts the child.
         *
         * @throws IOException if {@code cat} cannot be started
         */
        @Setup(Level.Trial)
        public void start() throws IOException {
            process = new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            to = process.getOutputStream();
            from = process.getInputStream();
        }

        /** Stops the child. */
        @TearDown(Level.Trial)
        public void stop() {
            process.destroy();
        }
    }

    /**
     * @param c the child
     * @return bytes read back: one period through the child process and back
     * @throws IOException if the child is gone
     */
    @Benchmark
    public int childRoundTrip(Child c) throws IOException {
        final byte[] p = c.period;
        c.to.write(p);
        c.to.flush();
        int got = 0;
        while (got < p.length) {
            final int n = c.from.read(p, got, p.length - got);
            if (n < 0) {
                throw new IOException("the child process closed its output");
            }
            got += n;
        }
        return got;
    }
}
