package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.lang.management.ManagementFactory;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * A proxied call allocates nothing on either side once warm, on the spin path and on the park
 * path: the idle strategies, the mailbox handoff and the wake-ups included. Measured with
 * HotSpot's per-thread allocation counters, for the calling thread and for the worker thread.
 * The least of a few rounds is taken: a JIT tier change can allocate once in one round, but an
 * allocation per call shows in every round.
 */
final class ProxyAllocationTest {
    private static final int ROUNDS = 5;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "spin={0}")
    @ValueSource(booleans = {true, false})
    void shouldAllocateNothingPerProxiedCallOnEitherSide(boolean spin) {
        final int warmUp = spin ? 20_000 : 5_000; // the park path takes ~50 us a call
        final int measured = spin ? 10_000 : 2_000;
        final MemorySystem memory = ServiceLoader.load(MemorySystemProvider.class).findFirst()
                .orElseThrow().create(MemoryLayout.defaults());
        try {
            final MemoryDomain domain = memory.newDomain("alloc");
            final UserWorker worker = new UserWorker(memory,
                    TimeUnit.SECONDS.toNanos(5), spin);
            worker.get(domain);
            final int[] count = new int[1];
            final IntSupplier op = () -> count[0]++;
            for (int i = 0; i < warmUp; i++) {
                assertNotNull(worker.invoke(domain, op), "a call timed out");
            }
            final long workerId = WorkerPeek.thread(worker).getId();
            long kernel = Long.MAX_VALUE;
            long user = Long.MAX_VALUE;
            int calls = warmUp;
            for (int round = 0; round < ROUNDS && (kernel > 0 || user > 0); round++) {
                final long k0 = Allocations.current();
                final long u0 = THREADS.getThreadAllocatedBytes(workerId);
                for (int i = 0; i < measured; i++) {
                    worker.invoke(domain, op);
                }
                kernel = Math.min(kernel, Allocations.current() - k0);
                user = Math.min(user, THREADS.getThreadAllocatedBytes(workerId) - u0);
                calls += measured;
            }
            worker.put();
            assertEquals(calls, count[0], "every call ran once, on the worker");
            assertEquals(0, kernel, "bytes the calling thread allocated over " + measured
                    + " calls");
            assertEquals(0, user, "bytes the worker thread allocated over " + measured
                    + " calls");
        } finally {
            memory.close();
        }
    }
}
