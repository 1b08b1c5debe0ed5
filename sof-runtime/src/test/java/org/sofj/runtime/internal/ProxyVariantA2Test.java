package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.spi.DpTask;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/** Scenario 17: proxy variant A2, IPC delivered on the instance's own DP thread. */
final class ProxyVariantA2Test {
    private final RuntimeFixture fx =
            new RuntimeFixture(SofRuntime.builder().proxyVariant(ProxyVariant.DP_THREAD));
    private final TestModules.Script script = new TestModules.Script();

    ProxyVariantA2Test() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
    }

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void scenario17ShouldRunEveryControlCallOnTheInstancesDpThreadWithoutAWorker() {
        scenario17(fx, true);
    }

    @Test
    void scenario17ShouldShareOneThreadForIpcAndProcessWithTheVirtualDpHandoff() {
        try (RuntimeFixture threads = new RuntimeFixture(SofRuntime.builder()
                .proxyVariant(ProxyVariant.DP_THREAD).virtualDpThreads(true))) {
            TestModules.SCRIPTS.put("scripted", script);
            threads.kernel.createPipeline(1, 0);
            threads.kernel.setPipelineState(1, PipelineState.RESET);
            scenario17(threads, false);
        }
    }

    /**
     * A DP thread that no longer answers: the module's {@code free} does not return. On a stepped
     * clock nobody steps, the IPC thread stops waiting for the FREE after
     * {@link CallTimeout#REAL_FLOOR_NANOS} of real time, not after the kernel's own 60 s bound
     * for an IPC call, so close returns promptly, with the TIMEOUT charged to that module.
     */
    @Test
    void shouldCloseWithinRealTimeWhenTheDpThreadNoLongerAnswers() throws InterruptedException {
        final CountDownLatch release = new CountDownLatch(1);
        script.free = ctx -> {
            try {
                release.await(30, TimeUnit.SECONDS); // bounded: the test releases it below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        };
        final int id = fx.create("scripted", 0, 1, ProcDomain.DP);
        assertTrue(fx.kernel.instances().contains(id));
        final Thread closer = new Thread(fx::close, "closer");
        closer.setDaemon(true);
        closer.start();
        try {
            closer.join(20_000); // bounded; before the real-time floor this took the IPC thread's 60 s
            assertFalse(closer.isAlive(), "close returned on a clock that never moved");
        } finally {
            release.countDown();
        }
        assertEquals(RuntimeEvent.Kind.TIMEOUT, fx.kernel.events().get(0).kind(),
                "the unanswered FREE timed out: " + fx.kernel.events());
    }

    /**
     * Close frees the instances while their DP threads still run: a healthy A2 instance's FREE
     * is answered on its DP thread, so closing charges it nothing (stopping the scheduler first
     * left every FREE unanswered: a TIMEOUT per instance, and a second of waiting each).
     */
    @Test
    void shouldCloseWithoutChargingAHealthyInstance() {
        final AtomicReference<Thread> freedOn = new AtomicReference<>();
        script.free = ctx -> {
            freedOn.set(Thread.currentThread());
            return 0;
        };
        final int id = fx.create("scripted", 0, 1, ProcDomain.DP);
        final Thread dpThread = fx.component(id).dpThread;
        fx.close();
        assertEquals(List.of(), fx.kernel.events(), "nothing charged at close");
        assertTrue(freedOn.get() == dpThread, "free ran on the DP thread: " + freedOn.get());
    }

    /**
     * @param inline whether virtual-time DP runs inline (process on the tick thread, the test's)
     *               or are handed to the DP thread (process and IPC on one thread)
     */
    private void scenario17(RuntimeFixture fx, boolean inline) {
        final AtomicReference<Thread> initOn = new AtomicReference<>();
        final AtomicReference<Thread> configOn = new AtomicReference<>();
        final AtomicReference<Thread> processOn = new AtomicReference<>();
        script.init = ctx -> {
            initOn.set(Thread.currentThread());
            return 0;
        };
        script.setConfig = (ctx, view) -> {
            configOn.set(Thread.currentThread());
            return view.getInt(0) == 7 ? 0 : -22;
        };
        script.process = (ctx, sources, sinks) -> {
            processOn.set(Thread.currentThread());
            return 0;
        };
        final int id = fx.create("scripted", 0, 1, ProcDomain.DP);
        assertNull(WorkerPeek.thread(fx.kernel.state.worker), "no shared worker exists under A2");
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        final Component c = fx.component(id);
        assertTrue(initOn.get() == c.dpThread, "init (the agent's start) ran on the DP thread");
        assertTrue(initOn.get().getName().startsWith("dp-"), initOn.get().getName());
        fx.kernel.setConfiguration(id, 1, new byte[] {7, 0, 0, 0});
        assertTrue(configOn.get() == c.dpThread);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(5);
        if (inline) {
            assertTrue(processOn.get() == Thread.currentThread(), "process inline on the tick "
                    + "thread; control calls stay on the DP thread");
        } else {
            assertTrue(processOn.get() == c.dpThread, "IPC and process share one thread");
        }
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        assertNotEquals(DpTask.State.CANCEL, c.dpTask.state(), "reset does not cancel the task");
        assertTrue(c.dpThread.isAlive());
        final Thread dp = c.dpThread;
        fx.kernel.deleteInstance(id);
        assertFalse(fx.kernel.instances().contains(id));
        try {
            dp.join(5_000); // bounded: free() ends the DP thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertFalse(dp.isAlive(), "delete ends the DP thread");
    }
}
