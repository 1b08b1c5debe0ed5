package org.sofj.audio.internal;

import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

import org.sofj.api.spi.DpTask;
import org.sofj.api.spi.DpTaskSpec;
import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.LlTask;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;

/**
 * The {@link Scheduler}: one {@link LlCore} per simulated core. In virtual time
 * {@link #runTicks} runs every core's tick on the caller's thread, core by core, as fast as
 * possible, and a tick's timestamp is the injected clock's reading at its start; DP work a tick
 * wakes finishes before the next tick. In wall time {@link #start} runs one thread per core,
 * each driving a {@link WallTicker} from one shared start time.
 *
 * <p>Cold-path calls (adding tasks, start, stop) come from the kernel's IPC thread; ticks never
 * allocate, lock or log. A runtime exception from an LL task in wall time is counted and kept
 * ({@link #failures()}, {@link #lastFailure()}) and the core keeps ticking; in virtual time it
 * reaches the {@code runTicks} caller.
 */
final class TickScheduler implements Scheduler {
    /** SOF's {@code LL_TIMER_PERIOD_US}: the shortest DP period. */
    static final int LL_TIMER_PERIOD_US = 1000;
    /** Ticks each core's log keeps verbatim. */
    static final int LOG_ENTRIES = 1024;
    /**
     * Wall clock: LL ticks after a DP task is scheduled whose slow runs are not charged to the
     * module (1 s): its first runs are interpreted and compiled by the JIT.
     */
    static final int STARTUP_GRACE_TICKS = 1000;
    /** How long {@link #stop()} waits for each LL thread (real time). */
    static final long JOIN_MILLIS = TimeUnit.SECONDS.toMillis(5);
    /**
     * The most tick threads one scheduler (one runtime) abandons ({@link #abandonTickThread}):
     * each may keep a CPU busy until its call returns. Past it a stuck tick thread is kept, and
     * its core waits for the call, as before threads were abandoned.
     */
    static final int MAX_ABANDONED_THREADS = 4;

    private final SchedulerConfig config;
    private final LongSupplier clock;
    private final LongSupplier ownClock;
    private final int graceTicks;
    private final LlCore[] cores;
    private final LatencyRecorder[] lateness;
    private final WallTicker[] tickers;
    private final Thread[] threads;
    private volatile boolean running;
    private boolean started;
    private long virtualTick;
    /**
     * Virtual time: the thread inside {@link #runTicks}, and the reading it took for the tick it
     * runs ({@link #tickStart}). Plain fields: written and read on that thread; another thread
     * sees itself in neither.
     */
    private Thread virtualRunner;
    private long virtualTickStart = Long.MIN_VALUE;
    private volatile long failures;
    private volatile Throwable lastFailure;
    private volatile String hostPolicy = "not started";
    /** Tick threads abandoned so far; written under this object's lock. */
    private volatile int abandoned;

    /**
     * A scheduler that judges DP runs as its clock kind does: by the task thread's CPU time and
     * after a start-up grace of {@link #STARTUP_GRACE_TICKS} under the wall clock; by the
     * scheduler's clock and without grace under the virtual clock (where tests step it).
     *
     * @param config the configuration
     */
    TickScheduler(SchedulerConfig config) {
        this(config, config.clock() == SchedulerConfig.Clock.WALL ? ThreadCpuClock::now
                : config.nanoTime(), config.clock() == SchedulerConfig.Clock.WALL
                ? STARTUP_GRACE_TICKS : 0);
    }

    /**
     * @param config     the configuration
     * @param ownClock   measures a DP run's own processing time, on the task's thread
     * @param graceTicks LL ticks after scheduling whose slow DP runs are not charged
     */
    TickScheduler(SchedulerConfig config, LongSupplier ownClock, int graceTicks) {
        this(config, ownClock, graceTicks, ThreadCpuClock::of, HostHold.LIMIT_NANOS);
    }

    /**
     * @param config         the configuration
     * @param ownClock       measures a DP run's own processing time, on the task's thread
     * @param graceTicks     LL ticks after scheduling whose slow DP runs are not charged
     * @param threadCpu      another thread's time on {@code ownClock}'s clock, for the wall
     *                       clock's {@link HostHold}
     * @param holdLimitNanos the longest a wall-clock tick waits for a DP run the host holds up
     */
    TickScheduler(SchedulerConfig config, LongSupplier ownClock, int graceTicks,
            ToLongFunction<Thread> threadCpu, long holdLimitNanos) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = config.nanoTime();
        this.ownClock = Objects.requireNonNull(ownClock, "ownClock");
        if (graceTicks < 0) {
            throw new IllegalArgumentException("graceTicks=" + graceTicks
                    + " must not be negative");
        }
        this.graceTicks = graceTicks;
        final boolean virtual = config.clock() == SchedulerConfig.Clock.VIRTUAL;
        final int n = config.cores();
        this.cores = new LlCore[n];
        this.lateness = new LatencyRecorder[n];
        this.tickers = new WallTicker[n];
        this.threads = new Thread[n];
        final long periodNanos = config.periodMicros() * 1000L;
        for (int i = 0; i < n; i++) {
            cores[i] = new LlCore(i, virtual, config.inlineDp(), LOG_ENTRIES, virtual ? null
                    : new HostHold(threadCpu, System::nanoTime, holdLimitNanos,
                            config.periodMicros()));
            lateness[i] = new LatencyRecorder();
            tickers[i] = new WallTicker(cores[i], clock, periodNanos, lateness[i]);
        }
    }

    @Override
    public void addLlTask(int core, LlTask task) {
        Objects.requireNonNull(task, "task");
        cores[checkCore(core)].addLlTask(task);
    }

    @Override
    public void removeLlTask(LlTask task) {
        for (LlCore c : cores) {
            if (c.removeLlTask(task)) {
                return;
            }
        }
    }

    @Override
    public void blockLl(int core) {
        cores[checkCore(core)].block();
    }

    @Override
    public boolean blockLl(int core, long timeoutNanos) {
        return cores[checkCore(core)].block(timeoutNanos);
    }

    @Override
    public void unblockLl(int core) {
        cores[checkCore(core)].unblock();
    }

    @Override
    public DpTask newDpTask(DpTaskSpec spec) {
        Objects.requireNonNull(spec, "spec");
        final LlCore core = cores[checkCore(spec.core())];
        final DpTaskImpl task = new DpTaskImpl(spec, clock, ownClock, graceTicks, core);
        core.addDpTask(task);
        return task;
    }

    private int checkCore(int core) {
        if (core < 0 || core >= cores.length) {
            throw new IllegalArgumentException("core=" + core + " must be in [0, "
                    + cores.length + ")");
        }
        return core;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The caller's thread becomes every core's LL thread for the duration. No allocation.
     */
    @Override
    public void runTicks(int ticks) {
        if (config.clock() != SchedulerConfig.Clock.VIRTUAL) {
            throw new IllegalStateException("runTicks needs clock=VIRTUAL, not " + config.clock());
        }
        if (ticks < 0) {
            throw new IllegalArgumentException("ticks=" + ticks + " must not be negative");
        }
        final LlCore[] cs = cores;
        virtualRunner = Thread.currentThread();
        try {
            for (int k = 0; k < ticks; k++) {
                // one timestamp per tick for every core: the first core ticks right after the
                // read, and its first LL task starts its first call from it, so the read costs
                // nothing a tick without it would not (that call would read its own start);
                // DP tasks take their deadlines from it, and a probe on the tick its start
                // (tickStart: a clock read is about 25-35 ns here, a fifteenth of an LL-only tick)
                final long now = clock.getAsLong();
                virtualTickStart = now;
                final long tick = virtualTick++;
                for (int i = 0; i < cs.length; i++) {
                    cs[i].tick(tick, now, i == 0);
                    lateness[i].recordZero(); // virtual time: 0 by construction
                }
            }
        } finally {
            virtualRunner = null;
            virtualTickStart = Long.MIN_VALUE;
        }
    }

    @Override
    public synchronized void start() {
        if (config.clock() != SchedulerConfig.Clock.WALL) {
            throw new IllegalStateException("start needs clock=WALL, not " + config.clock());
        }
        if (started) {
            throw new IllegalStateException("scheduler already started");
        }
        started = true;
        running = true;
        // each thread first asks the host for its policy, then waits for the shared start: the
        // grid starts after the slowest thread is ready, so no tick is late for chrt's sake
        final int n = cores.length;
        final CountDownLatch ready = new CountDownLatch(n);
        final CountDownLatch go = new CountDownLatch(1);
        final String[] refused = new String[n];
        final int priority = config.realtimePriority();
        for (int i = 0; i < n; i++) {
            final int core = i;
            threads[i] = tickThread(() -> {
                refused[core] = priority == 0 ? null : HostPolicy.fifo(priority);
                ready.countDown();
                awaitStart(go);
                runWall(core);
            }, "sofj-ll-core-" + i);
            threads[i].start();
        }
        boolean inTime = false;
        try {
            inTime = ready.await(HostPolicy.CHRT_MILLIS + JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        hostPolicy = inTime ? describePolicy(priority, refused)
                : "SCHED_FIFO " + priority + ": not known, a tick thread was not ready in time";
        final long start = clock.getAsLong();
        for (WallTicker t : tickers) {
            t.start(start);
        }
        go.countDown(); // publishes the start times to the threads
    }

    private static void awaitStart(CountDownLatch go) {
        boolean interrupted = false;
        while (true) {
            try {
                go.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // start() counts down right after it stops waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * @param priority the priority asked for, 0 for none
     * @param refused  per core: why the host refused, or null if it granted
     * @return {@link #hostPolicy()}'s line
     */
    static String describePolicy(int priority, String[] refused) {
        if (priority == 0) {
            return "time sharing (no real-time priority asked for)";
        }
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < refused.length; i++) {
            if (refused[i] != null) {
                b.append(b.length() == 0 ? "" : "; ").append("core ").append(i).append(": ")
                        .append(refused[i]);
            }
        }
        return b.length() == 0 ? "SCHED_FIFO " + priority + " on every tick thread"
                : "SCHED_FIFO " + priority + " refused, time sharing instead (" + b + ")";
    }

    @Override
    public String hostPolicy() {
        return hostPolicy;
    }

    private static Thread tickThread(Runnable body, String name) {
        final Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    }

    /**
     * A core's LL thread: duty cycle, then park until shortly before the deadline, then spin.
     * A thread the scheduler has abandoned ({@link #abandonTickThread}) ends at the first
     * throwable its tick lets out (the runtime throws one at the first kernel entry it reaches
     * back from module code), and counts no failure: this frame is the only one that catches it.
     */
    private void runWall(int core) {
        final WallTicker ticker = tickers[core];
        final Thread self = Thread.currentThread();
        // a thread given up on that came back by itself never starts another tick
        while (running && threads[core] == self) {
            long wait;
            try {
                wait = ticker.doWork();
            } catch (RuntimeException | Error e) {
                if (threads[core] != self) {
                    return; // abandoned: another thread runs the core now
                }
                if (e instanceof Error) {
                    throw (Error) e;
                }
                lastFailure = e;
                failures++; // a lost increment under two failing cores is acceptable
                wait = 0;
            }
            if (wait > 0) {
                final long park = WallTicker.parkNanos(wait);
                if (park > 0) {
                    LockSupport.parkNanos(this, park);
                } else {
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The new thread asks for the same real-time priority as the first (its answer is not
     * reported again) and runs the core's {@link WallTicker} from its next due deadline: the
     * ticks the stuck call swallowed are late, so they count as one stall and are skipped, as
     * after a host stall. At most {@link #MAX_ABANDONED_THREADS} per scheduler.
     */
    @Override
    public synchronized boolean abandonTickThread(int core, Thread stuck, Runnable handOver) {
        Objects.requireNonNull(stuck, "stuck");
        Objects.requireNonNull(handOver, "handOver");
        checkCore(core);
        if (config.clock() != SchedulerConfig.Clock.WALL || !running || threads[core] != stuck
                || abandoned >= MAX_ABANDONED_THREADS || !cores[core].abandon(stuck)) {
            return false;
        }
        final int generation = ++abandoned; // single writer: under this lock
        final int priority = config.realtimePriority();
        final Thread next = tickThread(() -> {
            if (priority != 0) {
                HostPolicy.fifo(priority);
            }
            runWall(core);
        }, "sofj-ll-core-" + core + "-" + generation);
        threads[core] = next; // before the hand-over: the stuck thread, once told, sees it
        handOver.run();
        next.start();
        return true;
    }

    @Override
    public long abandonedTickThreads() {
        return abandoned;
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (Thread t : threads) {
            if (t != null && t != Thread.currentThread()) {
                try {
                    t.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        for (LlCore c : cores) {
            for (DpTaskImpl t : c.dpTasks()) {
                t.free();
            }
        }
    }

    @Override
    public long ticks() {
        long sum = 0;
        for (LlCore c : cores) {
            sum += c.ticks();
        }
        return sum;
    }

    @Override
    public LatencySnapshot tickLateness() {
        return LatencyRecorder.merged(lateness);
    }

    @Override
    public HostStalls hostStalls() {
        return new HostStalls(lateTicks(), stalls(), skippedTicks(), dpHolds());
    }

    @Override
    public long tickStart() {
        return virtualRunner == Thread.currentThread() ? virtualTickStart : Long.MIN_VALUE;
    }

    @Override
    public long tickDeadline() {
        final Thread me = Thread.currentThread();
        for (int i = 0; i < threads.length; i++) {
            if (threads[i] == me) {
                return tickers[i].tickDeadline();
            }
        }
        return Long.MIN_VALUE;
    }

    /** @param core a core @return its tick log */
    TickLog tickLog(int core) {
        return cores[checkCore(core)].log();
    }

    /** @param core a core @return its wall-time duty cycle */
    WallTicker ticker(int core) {
        return tickers[checkCore(core)];
    }

    /** @return a digest of every core's tick log: equal for runs that did the same */
    long digest() {
        long d = 0;
        for (LlCore c : cores) {
            d = d * 31 + c.log().digest();
        }
        return d;
    }

    /** @return wall-time ticks that started more than half a period late, over all cores */
    long lateTicks() {
        long sum = 0;
        for (WallTicker t : tickers) {
            sum += t.lateTicks();
        }
        return sum;
    }

    /** @return wall-time host stalls (two or more deadlines missed), over all cores */
    long stalls() {
        long sum = 0;
        for (WallTicker t : tickers) {
            sum += t.stalls();
        }
        return sum;
    }

    /** @return wall-time ticks skipped by stalls, over all cores */
    long skippedTicks() {
        long sum = 0;
        for (WallTicker t : tickers) {
            sum += t.skippedTicks();
        }
        return sum;
    }

    /** @return wall-time ticks that waited for a DP run the host held up, over all cores */
    long dpHolds() {
        long sum = 0;
        for (LlCore c : cores) {
            sum += c.hostHold() == null ? 0 : c.hostHold().holds();
        }
        return sum;
    }

    /** @param core a core @return its host hold, or {@code null} under the virtual clock */
    HostHold hostHold(int core) {
        return cores[checkCore(core)].hostHold();
    }

    /** @return virtual-time DP waits that ran out, over all cores */
    long dpWaitTimeouts() {
        long sum = 0;
        for (LlCore c : cores) {
            sum += c.dpWaitTimeouts();
        }
        return sum;
    }

    /** @return DP run tokens taken from bodies deemed hung, over all cores */
    long revocations() {
        long sum = 0;
        for (LlCore c : cores) {
            sum += c.revocations();
        }
        return sum;
    }

    /** @return LL task exceptions caught in wall time */
    long failures() {
        return failures;
    }

    /** @return the last LL task exception caught in wall time, or {@code null} */
    Throwable lastFailure() {
        return lastFailure;
    }
}
