package org.sofj.runtime.internal;

import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SharingPolicy;

/**
 * The validated options of a runtime (the builder validates each).
 *
 * @param layout             region sizes
 * @param cores              simulated cores
 * @param clock              virtual or wall
 * @param sharing            buffer sharing policy
 * @param proxy              proxy variant
 * @param proxyTimeout       proxied-call timeout
 * @param nanoTime           the clock
 * @param deadlineMissBudget DP misses tolerated
 * @param watchdogTicks      ticks a DP run may take
 * @param allocationBudget   Java heap bytes a user-mode instance's code may allocate in its life
 * @param dpMargin           periods of silence primed into each DP output ring at start
 * @param trustedKeys        library signing keys
 * @param builtIns           in-process providers (library 0)
 * @param virtualDpThreads   virtual time: DP bodies on their own threads (else inline on the tick)
 * @param realtimePriority   wall time: SCHED_FIFO priority asked for the tick threads, 0 for none
 */
public record RuntimeOptions(MemoryLayout layout, int cores, SchedulerConfig.Clock clock,
        SharingPolicy sharing, ProxyVariant proxy, Duration proxyTimeout, LongSupplier nanoTime,
        int deadlineMissBudget, int watchdogTicks, long allocationBudget, int dpMargin,
        Set<PublicKey> trustedKeys, List<ModuleProvider> builtIns, boolean virtualDpThreads,
        int realtimePriority) {
}
