package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.MemoryFault;
import org.sofj.api.TriggerCommand;
import org.sofj.api.spi.Partition;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/** The userspace proxy: scenarios 7, 10-16 and 20 of spec 9. */
final class ProxyScenariosTest {
    private static final long BOUND_SECONDS = 30;
    private final RuntimeFixture fx = new RuntimeFixture();
    private final TestModules.Script script = new TestModules.Script();

    ProxyScenariosTest() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private int scripted() {
        return fx.create("scripted", 0, 1, ProcDomain.DP);
    }

    @Test
    void scenario7ShouldAllocateFromUserCodeButFaultOnTheHeapStruct() {
        final AtomicLong allocated = new AtomicLong();
        final AtomicReference<Throwable> direct = new AtomicReference<>();
        script.init = ctx -> {
            allocated.set(ctx.memory().alloc(64));
            return 0;
        };
        final int id = scripted();
        final Component c = fx.component(id);
        assertTrue(allocated.get() >= c.driver.heap.start()
                && allocated.get() < c.driver.heap.start() + c.driver.heap.size());
        script.setConfig = (ctx, view) -> {
            try {
                ctx.access().getInt(c.driver.heap.controlPartition().start());
            } catch (MemoryFault f) {
                direct.set(f);
            }
            return 0;
        };
        assertThrows(IpcException.class, () -> fx.kernel.setConfiguration(id, 1, new byte[4]));
        assertTrue(direct.get() instanceof MemoryFault, "a direct read of the heap struct");
        assertTrue(c.faulted, "recorded even though the module caught it");
    }

    @Test
    void scenario6ShouldLetSiblingsShareTheHeapButNotTheBss() {
        final AtomicLong siblingAlloc = new AtomicLong();
        script.init = ctx -> {
            if (ctx.instanceId() == 1) {
                siblingAlloc.set(ctx.memory().alloc(32));
            }
            ctx.access().putInt(ctx.bssAddress(), ctx.instanceId() + 100); // own BSS: allowed
            return 0;
        };
        final int x0 = scripted();
        final int x1 = fx.create("scripted", 1, 1, ProcDomain.DP);
        final long siblingBss = fx.component(x1).bss;
        final AtomicReference<Throwable> heapRead = new AtomicReference<>();
        final AtomicReference<Throwable> bssRead = new AtomicReference<>();
        script.getConfig = (ctx, view) -> {
            try {
                ctx.access().getInt(siblingAlloc.get());
            } catch (Throwable t) {
                heapRead.set(t);
            }
            try {
                ctx.access().getInt(siblingBss);
            } catch (Throwable t) {
                bssRead.set(t);
            }
            return 0;
        };
        assertThrows(IpcException.class, () -> fx.kernel.getConfiguration(x0, 1),
                "the caught fault FAULTs x0 at the end of the call");
        assertNull(heapRead.get(), "the sibling's allocation is in the shared driver heap");
        assertTrue(bssRead.get() instanceof MemoryFault, "the sibling's BSS slice faults");
        assertTrue(fx.component(x0).faulted);
        assertFalse(fx.component(x1).faulted, "the sibling is untouched");
        assertEquals(101, fx.kernel.memory().getInt(siblingBss), "the kernel sees it");
        assertNotEquals(fx.component(x0).bss, siblingBss);
    }

    @Test
    void scenario10ShouldMapTheHostboxReadOnlyOnlyDuringSetConfiguration() {
        final AtomicReference<String> seen = new AtomicReference<>();
        final AtomicLong hostbox = new AtomicLong();
        script.setConfig = (ctx, view) -> {
            seen.set(Integer.toHexString(view.getInt(0)));
            hostbox.set(view.address());
            return 0;
        };
        final int id = scripted();
        fx.kernel.setConfiguration(id, 1, new byte[] {0x78, 0x56, 0x34, 0x12});
        assertEquals("12345678", seen.get(), "readable during the call");
        final Component c = fx.component(id);
        assertFalse(hasPartitionAt(c, hostbox.get()), "the window is closed after the call");
        script.process = (ctx, sources, sinks) -> ctx.access().getInt(hostbox.get());
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, id, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(5);
        assertTrue(c.faulted, "process() reading the hostbox faults");
        assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, fx.kernel.events().get(0).kind());
    }

    @Test
    void shouldFaultAnInstanceThatCatchesItsOwnMemoryFault() {
        final AtomicBoolean writeFaulted = new AtomicBoolean();
        script.setConfig = (ctx, view) -> {
            try {
                view.putInt(0, 0);
            } catch (MemoryFault f) {
                writeFaulted.set(true); // and carries on as if nothing happened
            }
            return 0;
        };
        final int id = scripted();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setConfiguration(id, 1, new byte[4]));
        assertTrue(e.getMessage().contains("EFAULT"), e.getMessage());
        assertTrue(writeFaulted.get(), "the hostbox is read-only, and the module caught that");
        assertTrue(fx.component(id).faulted, "FAULTED at the end of the call all the same");
        final RuntimeEvent event = fx.kernel.events().get(0);
        assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, event.kind());
        assertTrue(event.detail().contains("SET_CONFIGURATION"), event.detail());
    }

    @Test
    void shouldGiveALeakedAccessAndViewOnlyTheInstancesUserRightsOnAKernelThread() {
        final AtomicReference<org.sofj.api.memory.MemoryAccess> leaked = new AtomicReference<>();
        final AtomicReference<org.sofj.api.memory.MemoryView> leakedView = new AtomicReference<>();
        script.init = ctx -> {
            leaked.set(ctx.access()); // as a module that keeps it in a static field
            return 0;
        };
        script.setConfig = (ctx, view) -> {
            leakedView.set(view);
            return 0;
        };
        final int id = scripted();
        fx.kernel.setConfiguration(id, 1, new byte[] {1, 2, 3, 4});
        final Component c = fx.component(id);
        final long control = c.driver.heap.controlPartition().start();
        assertFalse(Thread.currentThread().getClass().getName().contains("SimThread"));
        assertEquals(fx.kernel.memory().getInt(c.bss), leaked.get().getInt(c.bss),
                "its own BSS, as on its own thread");
        assertThrows(MemoryFault.class, () -> leaked.get().getInt(control),
                "the heap struct is kernel-only; the kernel thread's rights do not lend it");
        assertThrows(MemoryFault.class, () -> leakedView.get().getInt(0),
                "the hostbox window closed with the call, on every thread");
        assertEquals(0, fx.kernel.memory().getInt(leakedView.get().address()),
                "the kernel cleared the payload when the call ended: no later module reads it");
    }

    private static boolean hasPartitionAt(Component c, long address) {
        for (Partition p : c.domain.partitions()) {
            if (address >= p.start() && address < p.end()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void scenario11ShouldOpenTheReplyBufferOnlyDuringGetConfiguration() {
        final AtomicLong reply = new AtomicLong();
        script.getConfig = (ctx, view) -> {
            reply.set(view.address());
            view.putInt(0, 0x0BADF00D);
            return 4;
        };
        final int id = scripted();
        final byte[] got = fx.kernel.getConfiguration(id, 7);
        assertEquals(4, got.length);
        assertEquals(0x0D, got[0] & 0xFF);
        assertFalse(hasPartitionAt(fx.component(id), reply.get()));
        final int minimal = fx.create("minimal", 0, 1, ProcDomain.DP);
        final long before = WorkerPeek.requests(fx.kernel.state.worker);
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.getConfiguration(minimal, 7));
        assertTrue(e.getMessage().contains("-EIO"), e.getMessage());
        assertEquals(before, WorkerPeek.requests(fx.kernel.state.worker),
                "nothing reached the worker");
    }

    @Test
    void scenario12ShouldRefcountTheSharedWorker() {
        assertNull(WorkerPeek.thread(fx.kernel.state.worker));
        final int a = fx.create("pass", 0, 1, ProcDomain.DP);
        final Thread worker = WorkerPeek.thread(fx.kernel.state.worker);
        assertEquals(1, WorkerPeek.refcount(fx.kernel.state.worker));
        final int b = fx.create("upass", 0, 1, ProcDomain.DP);
        assertEquals(2, WorkerPeek.refcount(fx.kernel.state.worker));
        assertTrue(worker == WorkerPeek.thread(fx.kernel.state.worker),
                "one worker for every user instance");
        fx.kernel.deleteInstance(a);
        fx.kernel.deleteInstance(b);
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        assertNull(WorkerPeek.thread(fx.kernel.state.worker));
        assertFalse(worker.isAlive(), "stopped at 0");
    }

    @Test
    void scenario13ShouldShortCircuitEveryAbsentOptionalOperation() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int minimal = fx.create("minimal", 0, 1, ProcDomain.DP);
        final UserWorker.Mailbox box = WorkerPeek.mailbox(fx.kernel.state.worker);
        final long afterInit = box.requestSeq;
        fx.kernel.bind(src, 0, minimal, 0);
        fx.kernel.setConfiguration(minimal, 1, new byte[] {1, 2, 3, 4});
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(3);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        fx.kernel.unbind(src, 0, minimal, 0);
        fx.kernel.deleteInstance(minimal);
        assertEquals(afterInit, box.requestSeq,
                "prepare, reset, bind, unbind, set_configuration, trigger and free never ran");
    }

    @Test
    void scenario14ShouldPropagateAModuleStatus() {
        script.prepare = ctx -> -Errno.EINVAL;
        scripted();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
        // SOF's ipc4_pipeline_prepare (src/ipc/ipc4/handler-user.c) answers any failed prepare
        // with IPC4_INVALID_REQUEST; the module's own status is carried in the message
        assertEquals(Ipc4Status.INVALID_REQUEST, e.status());
        assertTrue(e.getMessage().contains("prepare returned -EINVAL"), e.getMessage());
    }

    /** A call that hangs until the test releases it (bounded); @return 0 */
    /** Uses CPU until released (bounded): a module that computes past its timeout. */
    private static int computeUntil(CountDownLatch release) {
        final long bound = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
        while (release.getCount() > 0 && System.nanoTime() - bound < 0) {
            Thread.onSpinWait();
        }
        return 0;
    }

    private static int hangUntil(CountDownLatch release) {
        try {
            release.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Test
    void scenario15ShouldCancelAHungResetAfterTheTimeout() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        script.reset = ctx -> {
            entered.countDown();
            return computeUntil(release); // uses CPU past the 5 ms timeout: truly overrunning
        };
        final int id = scripted();
        final Thread stuck = WorkerPeek.thread(fx.kernel.state.worker);
        final UserWorker.Mailbox stuckBox = WorkerPeek.mailbox(fx.kernel.state.worker);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RESET));
        assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getMessage().contains("-ETIMEDOUT"), e.getMessage());
        final Component c = fx.component(id);
        assertTrue(c.faulted);
        assertEquals(RuntimeEvent.Kind.TIMEOUT, fx.kernel.events().get(0).kind());
        assertNotEquals(stuck, WorkerPeek.thread(fx.kernel.state.worker),
                "a fresh worker replaced the stuck one");
        final int other = fx.create("upass", 0, 1, ProcDomain.DP);
        assertTrue(fx.kernel.instances().contains(other), "the next request is served");
        release.countDown();
        stuck.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(stuck.isAlive(), "the late completion ends the abandoned worker");
        assertTrue(stuckBox.abandoned, "the stuck worker's mailbox was abandoned");
    }

    /**
     * As scenario 15 on a stepped clock that nobody steps while the call hangs: the kernel stops
     * waiting for the shared worker after {@link CallTimeout#REAL_FLOOR_NANOS} of real time
     * (it waited forever before: only the injected clock could end the wait).
     */
    @Test
    void shouldCancelAHungCallWithinRealTimeWhenTheClockDoesNotMove() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        script.reset = ctx -> hangUntil(release);
        final int id = scripted();
        final Thread stuck = WorkerPeek.thread(fx.kernel.state.worker);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        final AtomicReference<Throwable> thrown = new AtomicReference<>();
        final Thread caller = new Thread(() -> {
            try {
                fx.kernel.setPipelineState(1, PipelineState.RESET);
            } catch (RuntimeException e) {
                thrown.set(e);
            }
        }, "reset-caller");
        caller.start();
        caller.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS / 2));
        final boolean waitedOut = caller.isAlive();
        release.countDown();
        caller.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(waitedOut, "the hung call was still waited for after "
                + BOUND_SECONDS / 2 + " s on a clock that never moved");
        assertTrue(thrown.get() instanceof IpcException, String.valueOf(thrown.get()));
        assertTrue(thrown.get().getMessage().contains("-ETIMEDOUT"), thrown.get().getMessage());
        assertTrue(fx.component(id).faulted);
        assertEquals(RuntimeEvent.Kind.TIMEOUT, fx.kernel.events().get(0).kind());
        stuck.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(stuck.isAlive(), "the late completion ends the abandoned worker");
    }

    @Test
    void scenario16ShouldGateTheStateOnTheModulesTrigger() {
        script.trigger = (ctx, cmd) -> cmd == TriggerCommand.START ? -Errno.EIO : 0;
        final int id = scripted();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
        assertTrue(e.getMessage().contains("trigger START returned -EIO"), e.getMessage());
        assertEquals(Ipc4Status.PIPELINE_STATE_NOT_SET, e.status(), "ipc4_pipeline_trigger");
        final Component c = fx.component(id);
        assertEquals(Component.State.READY, c.state, "the failed start reset the pipeline");
        assertEquals(Ipc4Status.PIPELINE_STATE_NOT_SET, assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING)).status(),
                "a second RUNNING starts from scratch and fails again: never a silent SUCCESS");
        assertEquals(-Errno.EINVAL, c.setState(TriggerCommand.PAUSE), "PAUSE needs ACTIVE");
        assertEquals(-Errno.EINVAL, c.setState(TriggerCommand.PRE_START), "PRE_START needs PREPARE");
        assertEquals(0, c.setState(TriggerCommand.PREPARE));
        assertEquals(0, c.setState(TriggerCommand.PREPARE), "re-setting the state is 0");
    }

    @Test
    void scenario20ShouldTearDownInOrderAndKeepTheDriver() {
        final AtomicReference<String> freedOn = new AtomicReference<>();
        final AtomicLong leaked = new AtomicLong();
        script.init = ctx -> {
            leaked.set(ctx.memory().alloc(100));
            return 0;
        };
        final AtomicReference<List<Long>> liveAfterFree = new AtomicReference<>();
        script.free = ctx -> {
            freedOn.set(Thread.currentThread().getName());
            liveAfterFree.set(ctx.memory().liveAllocations().stream().map(a -> a.address())
                    .toList());
            return 0;
        };
        final int id = scripted();
        final Component c = fx.component(id);
        final Driver driver = c.driver;
        fx.kernel.deleteInstance(id);
        assertTrue(freedOn.get().startsWith("sofj-user-worker"), "free ran in user context");
        assertEquals(List.of(leaked.get()), liveAfterFree.get(),
                "what the module's free left behind: the leak delete logs and reclaims");
        assertEquals(0, driver.heap.stats().usedBytes(), "mod_free_all returned every byte");
        assertTrue(c.domain.partitions().isEmpty(), "the domain was emptied");
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        assertTrue(fx.kernel.state.drivers.get(driver.moduleId) == driver, "the driver persists");
        final int again = scripted();
        assertTrue(fx.component(again).driver == driver, "no re-registration");
    }
}
