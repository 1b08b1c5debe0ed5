package org.sofj.bench.audio;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;

/**
 * Tick lateness of the wall-clock LL scheduler (absolute deadlines, park until 200 us before the
 * deadline, then spin) against the floor of a plain {@code LockSupport.parkNanos(1 ms)} loop, each
 * for the same time, printing p50/p99/p99.9/max of both in microseconds. Not JMH: a plain main,
 * run alone on an otherwise idle machine.
 *
 * <p>With a real-time priority N (second argument, or {@code -Dsofj.rt.priority=N}), the
 * scheduler's tick thread asks for {@code SCHED_FIFO} N ({@code SchedulerConfig.realtimePriority})
 * and a third row shows the {@code parkNanos} loop under {@code SCHED_FIFO} N too, so the
 * scheduler is compared with the plain floor and with a floor given the same policy.
 *
 * <pre>
 *   java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED \
 *        -cp sof-bench/target/benchmarks.jar org.sofj.bench.audio.TickLateness [seconds=10] [rt=0]
 * </pre>
 */
public final class TickLateness {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private TickLateness() {
    }

    /**
     * Runs both measurements.
     *
     * @param args optional: seconds per measurement, at least 10
     */
    public static void main(String[] args) {
        final int seconds = Math.max(10, args.length > 0 ? Integer.parseInt(args[0]) : 10);
        final int rt = args.length > 1 ? Integer.parseInt(args[1])
                : Integer.getInteger("sofj.rt.priority", 0);
        final String[] policy = new String[1];
        final LatencySnapshot wall = measureScheduler(seconds, rt, policy);
        final Histogram park = measureParkNanos(seconds, 0);
        final Histogram fifoPark = rt == 0 ? null : measureParkNanos(seconds, rt);
        System.out.printf("%-28s %10s %10s %10s %10s %10s%n", "lateness (us)", "count", "p50",
                "p99", "p99.9", "max");
        print("wall scheduler (park+spin)", wall.count(), wall.p50(), wall.p99(), wall.p999(),
                wall.max());
        print("parkNanos(1 ms) overshoot", park.getTotalCount(), park.getValueAtPercentile(50),
                park.getValueAtPercentile(99), park.getValueAtPercentile(99.9),
                park.getMaxValue());
        if (fifoPark != null) {
            print("parkNanos, SCHED_FIFO " + rt, fifoPark.getTotalCount(),
                    fifoPark.getValueAtPercentile(50), fifoPark.getValueAtPercentile(99),
                    fifoPark.getValueAtPercentile(99.9), fifoPark.getMaxValue());
        }
        System.out.println("scheduler's tick thread: " + policy[0]);
        System.out.println("JDK " + Runtime.version());
    }

    private static void print(String what, long count, long p50, long p99, long p999, long max) {
        System.out.printf("%-28s %10d %10.1f %10.1f %10.1f %10.1f%n", what, count, p50 / 1e3,
                p99 / 1e3, p999 / 1e3, max / 1e3);
    }

    private static LatencySnapshot measureScheduler(int seconds, int rt, String[] policy) {
        try (MemorySystem memory = AudioBench.newMemory();
                AudioEngine engine = AudioBench.newEngine(memory)) {
            final Scheduler scheduler = engine.newScheduler(new SchedulerConfig(
                    SchedulerConfig.Clock.WALL, 1, SchedulerConfig.DEFAULT_PERIOD_MICROS,
                    System::nanoTime, false, rt));
            scheduler.start();
            policy[0] = scheduler.hostPolicy();
            final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() - end < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // main thread idles
            }
            scheduler.stop();
            return scheduler.tickLateness();
        }
    }

    /**
     * {@code parkNanos(1 ms)} in a loop, on a thread of the tick thread's priority, so the two
     * compare like with like when {@code -XX:ThreadPriorityPolicy=1} makes priorities real.
     *
     * @param rt 0, or the {@code SCHED_FIFO} priority the loop's thread asks for first
     */
    private static Histogram measureParkNanos(int seconds, int rt) {
        final Histogram[] out = new Histogram[1];
        final Thread t = new Thread(() -> {
            if (rt != 0) {
                fifo(rt);
            }
            out[0] = parkLoop(seconds);
        }, "parkNanos-loop");
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return out[0];
    }

    /** Puts the calling thread under SCHED_FIFO {@code rt} with util-linux's chrt, or fails. */
    private static void fifo(int rt) {
        try {
            final String tid = java.nio.file.Files.readSymbolicLink(
                    java.nio.file.Path.of("/proc/thread-self")).getFileName().toString();
            final Process p = new ProcessBuilder("/usr/bin/chrt", "-f", "-p",
                    Integer.toString(rt), tid).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("chrt -f -p " + rt + " " + tid + " failed");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("chrt: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Histogram parkLoop(int seconds) {
        final Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 2);
        final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long before = System.nanoTime();
        while (before - end < 0) {
            LockSupport.parkNanos(PERIOD_NANOS);
            final long after = System.nanoTime();
            h.recordValue(Math.max(0, after - before - PERIOD_NANOS));
            before = after;
        }
        return h;
    }
}
