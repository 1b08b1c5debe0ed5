package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.IpcException;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Virtual clock, DP run inline on the embedder's tick thread (the default): a control call that
 * meets a run in progress waits for it as it waits for a run on a DP thread. A run the host keeps
 * off the CPU (modelled by parking the tick thread inside the module's {@code process}: a
 * descheduled thread uses no CPU) past the kernel's hold timeout (1 s) is not a hung module: the
 * call is served when the run ends and nothing is FAULTED. A run that computes past the hold
 * timeout is still written off (HANG). Every wait is bounded.
 */
final class InlineHoldHostStallTest {
    private static final long STALL_NANOS = 1_500_000_000L;
    private Kernel kernel;

    @ParameterizedTest(name = "{0} DP inline")
    @CsvSource({"scripted", "kscript"})
    void shouldServeAControlCallAfterAnInlineRunTheHostHeldPastTheHoldTimeout(String type)
            throws Exception {
        runWithStall(type, () -> {
            final long end = System.nanoTime() + STALL_NANOS;
            while (System.nanoTime() - end < 0) {
                LockSupport.parkNanos(end - System.nanoTime()); // the host's, not the module's
            }
        }, dp -> {
            kernel.setConfiguration(dp, 0, new byte[] {1, 2, 3, 4});
            assertEquals(List.of(), kernel.events(), "nothing charged to the module");
            assertFalse(kernel.ipc(() -> kernel.state.components.get(dp)).faulted);
        });
    }

    /**
     * A kernel DP run inline that computes past the hold timeout (no tick watchdog looks at a
     * kernel module) is written off by the control call that waits for it: the judge still
     * tells a run that computes from one the host holds.
     */
    @Test
    void shouldWriteOffAnInlineRunThatComputesPastTheHoldTimeout() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        runWithStall("kscript", () -> {
            final long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (release.getCount() > 0 && System.nanoTime() - bound < 0) {
                Thread.onSpinWait();
            }
        }, dp -> {
            try {
                assertThrows(IpcException.class,
                        () -> kernel.setConfiguration(dp, 0, new byte[] {1, 2, 3, 4}));
            } finally {
                release.countDown();
            }
            assertEquals(RuntimeEvent.Kind.HANG, kernel.events().get(0).kind(),
                    kernel.events().toString());
        });
    }

    /** What the test does with the DP instance while its stalled run is in progress. */
    private interface During {
        void run(int dp) throws Exception;
    }

    /**
     * Builds src, a DP instance of {@code type} and cap on a virtual-clock runtime whose ticks an
     * embedder's thread runs, has one run of the DP instance do {@code stall}, and calls
     * {@code during} once that run has begun.
     */
    private void runWithStall(String type, Runnable stall, During during) throws Exception {
        final AtomicBoolean stallNext = new AtomicBoolean();
        final CountDownLatch inStall = new CountDownLatch(1);
        final TestModules.Script s = new TestModules.Script();
        s.process = (ctx, sources, sinks) -> {
            if (stallNext.compareAndSet(true, false)) {
                inStall.countDown();
                stall.run();
            }
            return 0;
        };
        s.setConfig = (ctx, view) -> 0;
        TestModules.SCRIPTS.put(type, s);
        kernel = (Kernel) SofRuntime.builder().builtIn(new TestModules()).build();
        final AtomicBoolean stop = new AtomicBoolean();
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        final Thread ticker = new Thread(() -> {
            try {
                while (!stop.get()) {
                    kernel.runTicks(1);
                }
            } catch (Throwable t) {
                errors.add(t);
            }
        }, "embedder-ticks");
        try {
            final int dp = RuntimeFixture.chain(kernel, 1, 0, type, ProcDomain.DP)[1];
            kernel.setPipelineState(1, PipelineState.RUNNING);
            ticker.start();
            stallNext.set(true);
            assertTrue(inStall.await(20, TimeUnit.SECONDS), "the run began");
            during.run(dp);
        } finally {
            stop.set(true);
            ticker.join(20_000);
            kernel.close();
            TestModules.SCRIPTS.clear();
        }
        assertFalse(ticker.isAlive(), "the tick thread ended");
        assertEquals(List.of(), List.copyOf(errors));
    }
}
