package org.sofj.runtime.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.bench.BenchFlags;

/**
 * One proxied control call (a small GET_CONF-sized operation) kernel -> shared user worker ->
 * kernel, against the floors measured in the same run: two threads ping-ponging volatile longs
 * (spin) and a park/unpark ping-pong (park). Goals: spin path <= 2x the spin floor, park path
 * <= 1.2x the park floor. Run with {@code -f 3} or more (cross-thread numbers are bimodal here).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = BenchFlags.AGRONA)
public class ProxyCallBench {

    /** The proxy: a memory system, one domain, one worker. */
    @State(Scope.Thread)
    public static class Proxy {
        @org.openjdk.jmh.annotations.Param({"spin", "park"})
        String path;
        MemorySystem memory;
        MemoryDomain domain;
        UserWorker worker;
        final int[] sink = new int[1];
        /** The request: made once, as a host reuses its request records. */
        final java.util.function.IntSupplier op = () -> sink[0]++;

        /** Starts the worker. */
        @Setup(Level.Trial)
        public void setUp() {
            memory = new org.sofj.mmu.internal.MmuProvider().create(MemoryLayout.defaults());
            domain = memory.newDomain("bench");
            worker = new UserWorker(memory, TimeUnit.SECONDS.toNanos(5),
                    "spin".equals(path));
            worker.get(domain);
        }

        /** Stops the worker. */
        @TearDown(Level.Trial)
        public void tearDown() {
            worker.put();
            memory.close();
        }
    }

    /** @return the status of one proxied call */
    @Benchmark
    public int proxyCall(Proxy p) {
        final UserWorker.Request r = p.worker.invoke(p.domain, p.op);
        return r.status;
    }

    /** The floors: an echo thread answering through volatile longs or park/unpark. */
    @State(Scope.Thread)
    public static class Floor {
        @org.openjdk.jmh.annotations.Param({"spin", "park"})
        String path;
        // request and response on separate cache lines (false sharing costs 5x here)
        final long[] padA = new long[16];
        volatile long request;
        final long[] padB = new long[16];
        volatile long response;
        volatile boolean running = true;
        Thread echo;
        Thread caller;

        /** Starts the echo thread. */
        @Setup(Level.Trial)
        public void setUp() {
            caller = Thread.currentThread();
            final boolean park = "park".equals(path);
            echo = new Thread(() -> {
                long seen = 0;
                while (running) {
                    final long r = request;
                    if (r != seen) {
                        seen = r;
                        response = r;
                        if (park) {
                            LockSupport.unpark(caller);
                        }
                    } else if (park) {
                        LockSupport.park(this);
                    } else {
                        Thread.onSpinWait();
                    }
                }
            }, "floor-echo");
            echo.setDaemon(true);
            echo.start();
        }

        /** Stops it. */
        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            running = false;
            LockSupport.unpark(echo);
            echo.join(1000);
        }
    }

    /** @return the echoed sequence number: one round trip of the floor */
    @Benchmark
    public long floorRoundTrip(Floor f) {
        final long next = f.request + 1;
        f.request = next;
        if ("park".equals(f.path)) {
            LockSupport.unpark(f.echo);
            while (f.response != next) {
                LockSupport.park(this);
            }
        } else {
            while (f.response != next) {
                Thread.onSpinWait();
            }
        }
        return next;
    }
}
