package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.spi.HeapRegion;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/** Drivers, instances, binds and audio through user DP modules (scenarios 1, 3, 8, 9). */
final class PipelineFlowTest {
    private final RuntimeFixture fx = new RuntimeFixture();

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void scenario1ShouldCreateADriverHeapOnlyForAUserModule() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int user = fx.create("pass", 0, 1, ProcDomain.DP);
        final int kernel = fx.create("kpass", 0, 1, ProcDomain.DP);
        final Component u = fx.component(user);
        assertNotNull(u.driver.heap);
        assertEquals(4096, u.driver.heap.size());
        assertTrue(MemoryRegions.isAligned(u.driver.heap.start(), MemoryRegions.PAGE_SIZE));
        assertNull(fx.component(kernel).driver.heap);
        assertNull(fx.component(kernel).domain);
        assertEquals(1, WorkerPeek.refcount(fx.kernel.state.worker),
                "only the user instance holds the worker");
    }

    @Test
    void scenario3ShouldCreateAUserModuleInTheLlDomainWithItsControlCallsOnTheWorker() {
        // SOF refuses a user module in the LL domain; sofj runs it on the tick thread, switched
        // into its domain (issue 16 item 2), and proxies its control calls as a user DP module's
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int id = fx.create("pass", 0, 1, ProcDomain.LL);
        final Component c = fx.component(id);
        assertNotNull(c.domain, "a domain of its own");
        assertNotNull(c.driver.heap, "and a driver heap");
        assertNull(c.dpTask, "no DP task");
        assertEquals(1, WorkerPeek.refcount(fx.kernel.state.worker),
                "its calls take the shared worker");
        fx.kernel.deleteInstance(id);
        assertEquals(0, WorkerPeek.refcount(fx.kernel.state.worker));
        assertTrue(fx.kernel.instances().isEmpty());
    }

    @Test
    void shouldRefuseBadInitRequestsWithSofsStatusAndChangeNothing() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        fx.create("src", 0, 1, ProcDomain.LL);
        final long usedBefore = fx.kernel.state.memory.heap(HeapRegion.USER).stats().usedBytes();
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, assertThrows(IpcException.class,
                () -> fx.create("src", 0, 1, ProcDomain.LL)).status(), "duplicate comp_id");
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, assertThrows(IpcException.class,
                () -> fx.create("src", 1, 9, ProcDomain.LL)).status(), "missing pipeline");
        // a core that is not enabled: ipc4_process_on_core answers IPC4_INVALID_CORE_ID
        assertEquals(Ipc4Status.INVALID_CORE_ID, assertThrows(IpcException.class,
                () -> fx.kernel.initInstance(new org.sofj.runtime.InstanceSpec(
                        TestModules.moduleId("src"), 2, 3, 1, ProcDomain.LL,
                        RuntimeFixture.CONFIG, null, 0, 0))).status(), "bad core");
        assertEquals(1, fx.kernel.instances().size());
        assertEquals(usedBefore, fx.kernel.state.memory.heap(HeapRegion.USER).stats().usedBytes());
    }

    @Test
    void scenario8ShouldMoveAudioThroughAUserDpModuleInOrder() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int pass = fx.create("pass", 0, 1, ProcDomain.DP);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, pass, 0);
        fx.kernel.bind(pass, 0, cap, 0);
        final Component p = fx.component(pass);
        assertEquals(MemoryRegions.alignUp(3 * 384, 64), p.inputArray[0].ring.size());
        final long ring = p.inputArray[0].ring.address();
        final long shared = fx.kernel.state.memory.map().region("shared-buffer-heap").start();
        assertTrue(ring >= shared && ring < shared + 0x10000, "the ring is in the shared heap");
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(40);
        final TestModules.Capture capture = (TestModules.Capture) fx.component(cap).module;
        assertTrue(capture.count > 500, "captured " + capture.count);
        for (int i = 0; i < capture.count; i++) {
            assertEquals(i, capture.captured[i], "sample " + i);
        }
        assertFalse(p.faulted);
        assertEquals(40, fx.kernel.tickLateness().count(), "one lateness sample per tick");
        assertEquals(0, fx.kernel.tickLateness().max(), "virtual ticks are never late");
    }

    @Test
    void shouldCountAnUnderrunEveryTickAConsumerFindsNoData() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        fx.kernel.createPipeline(2, 0);
        fx.kernel.setPipelineState(2, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int src = fx.create("src", 0, 2, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, cap, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING); // the producer's pipeline stays off
        fx.ticks(7);
        assertEquals(7, fx.kernel.report(cap).xruns());
        assertEquals(0, fx.kernel.report(src).xruns());
        fx.kernel.setPipelineState(2, PipelineState.RUNNING);
        fx.ticks(5);
        // pipeline 1 ticks before pipeline 2, so the consumer meets one more empty tick before
        // the producer's first period arrives; then no underrun
        assertEquals(8, fx.kernel.report(cap).xruns());
    }

    @Test
    void shouldProduceBitIdenticalOutputOnTwoRuns() {
        final int[] first = runOnce();
        final int[] second = runOnce();
        assertTrue(first.length > 0);
        assertTrue(Arrays.equals(first, second));
    }

    private static int[] runOnce() {
        try (RuntimeFixture f = new RuntimeFixture()) {
            f.kernel.createPipeline(1, 0);
            f.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
            final int src = f.create("src", 0, 1, ProcDomain.LL);
            final int pass = f.create("pass", 0, 1, ProcDomain.DP);
            final int cap = f.create("cap", 0, 1, ProcDomain.LL);
            f.kernel.bind(src, 0, pass, 0);
            f.kernel.bind(pass, 0, cap, 0);
            f.kernel.setPipelineState(1, PipelineState.RUNNING);
            f.ticks(30);
            final TestModules.Capture c = (TestModules.Capture) f.component(cap).module;
            return Arrays.copyOf(c.captured, c.count);
        }
    }

    @Test
    void scenario9ShouldRefuseDpToDpAndCreateNoBuffer() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int a = fx.create("pass", 0, 1, ProcDomain.DP);
        final int b = fx.create("kpass", 0, 1, ProcDomain.DP);
        final long shared = fx.kernel.state.memory.heap(HeapRegion.SHARED_BUFFER).stats().usedBytes();
        final long system = fx.kernel.state.memory.heap(HeapRegion.SYSTEM).stats().usedBytes();
        final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.bind(a, 0, b, 0));
        assertEquals(Ipc4Status.INVALID_REQUEST, e.status());
        assertEquals(shared, fx.kernel.state.memory.heap(HeapRegion.SHARED_BUFFER).stats().usedBytes());
        assertEquals(system, fx.kernel.state.memory.heap(HeapRegion.SYSTEM).stats().usedBytes());
    }

    @Test
    void shouldAnswerInvalidResourceIdForUnknownComponentsAndUnbinds() {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int a = fx.create("src", 0, 1, ProcDomain.LL);
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, assertThrows(IpcException.class,
                () -> fx.kernel.bind(a, 0, 0x7777, 0)).status());
        final int b = fx.create("cap", 0, 1, ProcDomain.LL);
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, assertThrows(IpcException.class,
                () -> fx.kernel.unbind(a, 0, b, 0)).status());
        fx.kernel.bind(a, 0, b, 0);
        assertEquals(Ipc4Status.INVALID_RESOURCE_STATE, assertThrows(IpcException.class,
                () -> fx.kernel.bind(a, 0, b, 1)).status(), "output pin 0 already bound");
        fx.kernel.unbind(a, 0, b, 0);
        assertEquals(0, fx.component(a).outputs.size());
    }
}
