package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A control request that must block a core's LL work waits for the tick in progress, but not
 * for ever: a kernel LL module that never returns (no watchdog or preemption takes a trusted
 * module back) kept its tick running, and the request, and every IPC request after it, waited
 * without a bound. Now it fails after {@link TickBoundary#LL_BLOCK_LIMIT} hold timeouts of real
 * time, naming the core, and changes nothing; once the tick ends, requests are served again.
 * Real threads: every wait is bounded.
 */
final class LlBlockBoundTest {
    private static volatile boolean hang;
    private static volatile boolean entered;

    @Test
    void shouldRefuseARequestWhoseCoreTickNeverEndsAndServeItOnceItDoes() throws Exception {
        hang = false;
        entered = false;
        try (RuntimeFixture f = new RuntimeFixture()) {
            final TestModules.Script script = new TestModules.Script();
            script.process = (ctx, sources, sinks) -> {
                if (hang) {
                    entered = true;
                    while (hang) {
                        Thread.onSpinWait(); // a kernel module that does not return
                    }
                }
                return 0;
            };
            TestModules.SCRIPTS.put("kscript", script);
            f.runtime().createPipeline(1, 0);
            final int src = f.create("src", 0, 1, ProcDomain.LL);
            final int mid = f.create("kscript", 0, 1, ProcDomain.LL);
            final int cap = f.create("cap", 0, 1, ProcDomain.LL);
            f.runtime().bind(src, 0, mid, 0);
            f.runtime().bind(mid, 0, cap, 0);
            f.runtime().setPipelineState(1, PipelineState.RESET);
            f.runtime().setPipelineState(1, PipelineState.RUNNING);
            f.ticks(3);
            hang = true;
            final Thread ticker = new Thread(() -> f.ticks(1), "ticker");
            ticker.setDaemon(true);
            ticker.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!entered && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(entered, "the module's tick must have started");
            try {
                // before, this request waited for ever: the guard turns that into a failure
                final IpcException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                        () -> assertThrows(IpcException.class,
                                () -> f.runtime().setPipelineState(1, PipelineState.PAUSED)),
                        "a hang guard, not a timing");
                assertEquals(Ipc4Status.FAILURE, e.status(), e.getMessage());
                assertTrue(e.getMessage().contains("core 0"), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            } finally {
                hang = false;
            }
            ticker.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(ticker.isAlive(), "the tick ends once the module returns");
            // nothing changed: still RUNNING, and the core is not left blocked
            f.ticks(2);
            f.runtime().setPipelineState(1, PipelineState.PAUSED);
            f.runtime().setPipelineState(1, PipelineState.RUNNING);
            f.ticks(2);
            assertEquals(java.util.List.of(), f.kernel.events());
        }
    }
}
