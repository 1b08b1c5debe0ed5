package org.sofj.runtime;

import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.internal.Kernel;
import org.sofj.runtime.internal.RuntimeOptions;

/**
 * Builds a {@link SofRuntime}. Every option has SOF's default except the proxy timeout (see
 * {@link #DEFAULT_PROXY_TIMEOUT}); each setter validates at once and setting an option twice is an
 * error.
 */
public final class SofRuntimeBuilder {
    /** SOF's userspace proxy timeout: 5 ms. Pass it to {@link #proxyTimeout} to run as SOF does. */
    public static final Duration SOF_PROXY_TIMEOUT = Duration.ofMillis(5);
    /**
     * The default proxy timeout: 1 s. A fresh JVM loads, verifies and links a module's classes
     * during its first proxied call (INIT), which can take longer than SOF's 5 ms for warm
     * firmware, so with SOF's value a cold JVM's first user-mode INIT can time out and FAULT the
     * instance.
     */
    public static final Duration DEFAULT_PROXY_TIMEOUT = Duration.ofSeconds(1);

    private MemoryLayout layout;
    private Integer cores;
    private SchedulerConfig.Clock clock;
    private SharingPolicy sharing;
    private ProxyVariant proxy;
    private Duration proxyTimeout;
    private LongSupplier nanoTime;
    private Integer deadlineMissBudget;
    private Integer watchdogTicks;
    private Long allocationBudget;
    private Integer dpMargin;
    private Integer realtimePriority;
    private Boolean virtualDpThreads;
    private final Set<PublicKey> trustedKeys = new HashSet<>();
    private boolean keysSet;
    private final List<ModuleProvider> builtIns = new ArrayList<>();

    SofRuntimeBuilder() {
    }

    private static <T> T once(T current, T value, String name) {
        if (current != null) {
            throw new IllegalStateException(name + " was already set");
        }
        return Objects.requireNonNull(value, name);
    }

    /**
     * Sets the sizes of the simulated address space's regions.
     *
     * @param value region sizes, not null; default {@link MemoryLayout#defaults()}
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the layout was already set
     */
    public SofRuntimeBuilder memoryLayout(MemoryLayout value) {
        layout = once(layout, value, "memoryLayout");
        return this;
    }

    /**
     * Sets the number of simulated cores, each with its own LL scheduler and DP threads.
     *
     * @param value simulated cores, 1..8; default 1
     * @return this builder
     * @throws IllegalArgumentException naming the value if it is out of range
     * @throws IllegalStateException if the count was already set
     */
    public SofRuntimeBuilder cores(int value) {
        if (value < 1 || value > 8) {
            throw new IllegalArgumentException("cores=" + value + " must be in [1, 8]");
        }
        cores = once(cores, value, "cores");
        return this;
    }

    /**
     * Sets how ticks advance: {@link SchedulerConfig.Clock#VIRTUAL} (the default: as fast as
     * possible, deterministic, driven by the caller) or {@link SchedulerConfig.Clock#WALL} (real 1
     * ms ticks).
     *
     * @param value the clock, not null
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the clock was already set
     */
    public SofRuntimeBuilder clock(SchedulerConfig.Clock value) {
        clock = once(clock, value, "clock");
        return this;
    }

    /**
     * Sets how audio buffers are mapped into user modules' domains.
     *
     * @param value the policy, not null; default {@link SharingPolicy#LEAST_PRIVILEGE}
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the policy was already set
     */
    public SofRuntimeBuilder sharingPolicy(SharingPolicy value) {
        sharing = once(sharing, value, "sharingPolicy");
        return this;
    }

    /**
     * Sets how control calls reach user modules.
     *
     * @param value the variant, not null; default {@link ProxyVariant#SHARED_WORKER} (A1)
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the variant was already set
     */
    public SofRuntimeBuilder proxyVariant(ProxyVariant value) {
        proxy = once(proxy, value, "proxyVariant");
        return this;
    }

    /**
     * Sets how long the kernel waits for a proxied call into a user module before it FAULTs the
     * instance. It is measured on real time and the serving thread's CPU time, never on the
     * injected {@link #nanoTime} clock: past the timeout of real time, the call is timed out once
     * its thread has used another timeout of CPU time, or after {@code max(timeout, 1 s)} of real
     * time (docs/concurrency.md, "What a proxy timeout is measured on").
     *
     * @param value proxied-call timeout, 1 us..10 s; default {@link #DEFAULT_PROXY_TIMEOUT} (1 s),
     *     SOF's is {@link #SOF_PROXY_TIMEOUT} (5 ms)
     * @return this
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException naming the value if it is outside 1 us..10 s
     * @throws IllegalStateException if the timeout was already set
     */
    public SofRuntimeBuilder proxyTimeout(Duration value) {
        Objects.requireNonNull(value, "proxyTimeout");
        if (value.toNanos() < 1000 || value.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("proxyTimeout=" + value
                    + " must be in [1 us, 10 s]");
        }
        proxyTimeout = once(proxyTimeout, value, "proxyTimeout");
        return this;
    }

    /**
     * Sets the nanosecond clock the runtime reads for wall-clock ticks and measurements (not for
     * proxy timeouts, which are about hung modules: {@link #proxyTimeout}); inject a stepped clock in tests. It is called from the runtime's threads, so it
     * must be thread-safe.
     *
     * @param value the clock, not null; default {@code System::nanoTime}
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalStateException if the clock was already set
     */
    public SofRuntimeBuilder nanoTime(LongSupplier value) {
        nanoTime = once(nanoTime, value, "nanoTime");
        return this;
    }

    /**
     * DP deadline misses tolerated before the instance is FAULTED. Default: 100 under the wall
     * clock; unlimited under the virtual clock, where misses are still counted and reported but
     * a run's outcome must not depend on how fast the host happens to be (a virtual run is
     * deterministic). Set it to fault on misses in virtual time too, e.g. with a stepped clock.
     *
     * @param value misses, {@code >= 0}
     * @return this
     */
    public SofRuntimeBuilder deadlineMissBudget(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("deadlineMissBudget=" + value
                    + " must not be negative");
        }
        deadlineMissBudget = once(deadlineMissBudget, value, "deadlineMissBudget");
        return this;
    }

    /**
     * Sets how long one DP run may take before the watchdog FAULTs the instance. On the wall
     * clock a run past it is FAULTED once its thread has used another {@code value} ticks of CPU
     * time (at most 100 ms), or after ten times {@code value} ticks (it blocks): a DP thread the
     * host keeps off the CPU is not charged (docs/wall-clock.md, "Blame").
     *
     * @param value ticks a DP run may take before the watchdog FAULTs it; default 1000 (1 s)
     * @return this
     * @throws IllegalArgumentException naming the value if it is not positive
     * @throws IllegalStateException if the count was already set
     */
    public SofRuntimeBuilder watchdogTicks(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("watchdogTicks=" + value + " must be positive");
        }
        watchdogTicks = once(watchdogTicks, value, "watchdogTicks");
        return this;
    }

    /**
     * The Java heap a user-mode instance's code may allocate over its life, measured on its user
     * threads (the proxy's worker during its control calls, its DP thread during its runs) with
     * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}, charged at the end
     * of each call; past it the instance is FAULTED. Allocation that is garbage counts too:
     * {@code process} is bound to allocate nothing. Default {@link #DEFAULT_ALLOCATION_BUDGET}.
     *
     * @param bytes the budget, {@code > 0}
     * @return this
     */
    public SofRuntimeBuilder allocationBudget(long bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("allocationBudget=" + bytes + " must be positive");
        }
        allocationBudget = once(allocationBudget, bytes, "allocationBudget");
        return this;
    }

    /**
     * How DP bodies run on the virtual clock. By default ({@code false}) a woken DP task's body
     * runs on the tick thread, a user module's switched into its domain, with no thread handoff;
     * {@code true} hands each run to the instance's own DP thread, as the wall clock always does.
     * Both give the same bytes and events (a test runs both). Ignored on the wall clock.
     *
     * @param value whether virtual-time DP runs take their own threads
     * @return this
     */
    public SofRuntimeBuilder virtualDpThreads(boolean value) {
        virtualDpThreads = once(virtualDpThreads, value, "virtualDpThreads");
        return this;
    }

    /** The default {@link #allocationBudget}: 256 MiB over an instance's life. */
    public static final long DEFAULT_ALLOCATION_BUDGET = 256L << 20;

    /**
     * Periods of silence primed into every DP module's output ring when its pipeline starts, so
     * the LL module that reads it has that much slack against a DP run that ends late (a host
     * that took the DP thread's CPU away, a late tick that shortened the DP window). Each period
     * adds one period of latency per DP module on the path and {@code max(ibs, obs)} bytes to the
     * ring. 0 is SOF's behaviour (a DP output is due one period after its input). Default
     * {@link #DEFAULT_WALL_DP_MARGIN} periods on the wall clock, 0 on the virtual clock, where a
     * DP run always ends within its tick.
     *
     * @param periods pre-roll periods, {@code [0, MAX_DP_MARGIN]}
     * @return this
     */
    public SofRuntimeBuilder dpMargin(int periods) {
        if (periods < 0 || periods > MAX_DP_MARGIN) {
            throw new IllegalArgumentException("dpMargin=" + periods + " must be in [0, "
                    + MAX_DP_MARGIN + "]");
        }
        dpMargin = once(dpMargin, periods, "dpMargin");
        return this;
    }

    /**
     * The default {@link #dpMargin} on the wall clock, in periods: 8. With 4, a 10-minute idle
     * run of the README example still had 4 xruns after start-up (a DP thread the host held off
     * its CPU for longer than 4 ms while the tick thread ran; docs/BENCHMARKS.md).
     */
    public static final int DEFAULT_WALL_DP_MARGIN = 8;

    /** The largest {@link #dpMargin}, in periods: a second of audio. */
    public static final int MAX_DP_MARGIN = 1000;

    /**
     * Wall clock: asks the host to run each LL tick thread under Linux's {@code SCHED_FIFO} at
     * this priority from its first tick, so ordinary threads on a busy host (a build, a browser,
     * CPU hogs) cannot delay a tick: time sharing, even at nice -5, lets them take the CPU for
     * milliseconds (docs/wall-clock.md, "Thread priorities"). The tick thread runs
     * {@code chrt -f -p PRIORITY TID} from {@code /usr/bin} or {@code /bin} on itself, which
     * needs {@code CAP_SYS_NICE} (root, or an {@code rtprio} limit); a refusal is not an error:
     * the tick thread stays under time sharing and {@link SofRuntime#hostPolicy()} says why. DP
     * threads and the runtime's other threads stay under time sharing. Default 0: none. Linux's
     * real-time throttling (95% of each CPU by default) still bounds a tick thread that never
     * sleeps, and the LL watchdog faults a user LL module that overruns.
     *
     * @param priority 1 to {@link SchedulerConfig#MAX_REALTIME_PRIORITY}, or 0 for none
     * @return this
     * @throws IllegalArgumentException naming the value if out of range
     * @throws IllegalStateException if the priority was already set
     */
    public SofRuntimeBuilder realtimePriority(int priority) {
        if (priority < 0 || priority > SchedulerConfig.MAX_REALTIME_PRIORITY) {
            throw new IllegalArgumentException("realtimePriority=" + priority + " must be in [0, "
                    + SchedulerConfig.MAX_REALTIME_PRIORITY + "] (0: none)");
        }
        realtimePriority = once(realtimePriority, priority, "realtimePriority");
        return this;
    }

    /**
     * Sets the keys whose library signatures the loader trusts; a library signed by any other key
     * is refused. Default: none, so only built-in module types can be used.
     *
     * @param keys Ed25519 public keys, not null; the set is copied
     * @return this builder
     * @throws NullPointerException if {@code keys} is null
     * @throws IllegalStateException if the keys were already set
     */
    public SofRuntimeBuilder trustedKeys(Set<PublicKey> keys) {
        if (keysSet) {
            throw new IllegalStateException("trustedKeys was already set");
        }
        keysSet = true;
        trustedKeys.addAll(Objects.requireNonNull(keys, "trustedKeys"));
        return this;
    }

    /**
     * Adds in-process module types as library 0 (the base firmware's built-ins), in order: entry
     * indexes follow the order of providers and then of each provider's sorted names. Each type
     * must be described by {@link ModuleProvider#describe}.
     *
     * @param provider a provider
     * @return this
     */
    public SofRuntimeBuilder builtIn(ModuleProvider provider) {
        builtIns.add(Objects.requireNonNull(provider, "provider"));
        return this;
    }

    /**
     * Builds and starts the kernel (its IPC thread; LL threads start with {@link SofRuntime#start}
     * in wall time).
     *
     * @return the runtime
     * @throws IllegalStateException if an implementation module (memory system, audio engine,
     *     library loader) cannot be found, or the JVM lacks a flag sofj needs ({@link JvmFlags})
     */
    public SofRuntime build() {
        JvmFlags.check();
        if (realtimePriority != null && realtimePriority != 0
                && clock != SchedulerConfig.Clock.WALL) {
            throw new IllegalArgumentException("realtimePriority=" + realtimePriority
                    + " needs clock=WALL, not " + (clock == null ? "VIRTUAL (the default)" : clock));
        }
        return new Kernel(new RuntimeOptions(
                layout == null ? MemoryLayout.defaults() : layout,
                cores == null ? 1 : cores,
                clock == null ? SchedulerConfig.Clock.VIRTUAL : clock,
                sharing == null ? SharingPolicy.LEAST_PRIVILEGE : sharing,
                proxy == null ? ProxyVariant.SHARED_WORKER : proxy,
                proxyTimeout == null ? DEFAULT_PROXY_TIMEOUT : proxyTimeout,
                nanoTime == null ? System::nanoTime : nanoTime,
                deadlineMissBudget != null ? deadlineMissBudget
                        : clock == SchedulerConfig.Clock.WALL ? 100 : Integer.MAX_VALUE,
                watchdogTicks == null ? 1000 : watchdogTicks,
                allocationBudget == null ? DEFAULT_ALLOCATION_BUDGET : allocationBudget,
                dpMargin != null ? dpMargin
                        : clock == SchedulerConfig.Clock.WALL ? DEFAULT_WALL_DP_MARGIN : 0,
                Set.copyOf(trustedKeys), List.copyOf(builtIns),
                virtualDpThreads != null && virtualDpThreads,
                realtimePriority == null ? 0 : realtimePriority));
    }
}
