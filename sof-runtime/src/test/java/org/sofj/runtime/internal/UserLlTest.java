package org.sofj.runtime.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicInteger;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.sofj.api.MemoryFault;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * User-mode LL modules (issue 16 item 2): a user module in the LL domain runs on the tick thread
 * switched into its own domain, with the containment of a user DP module: its own rights only
 * (the tick thread's kernel rights are out of reach while its code runs), throwables described
 * inside the window, the allocation budget, and an overrun rule instead of a DP deadline.
 */
final class UserLlTest {
    private static final int TICKS = 40;
    private static final long SYSTEM_HEAP = 0x2000_0000L + 64;

    /** src -> {@code middle} (LL) -> cap; returns what cap captured. */
    private static int[] run(RuntimeFixture fx, String middle) {
        final int[] ids = build(fx, middle);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(TICKS);
        final TestModules.Capture c = (TestModules.Capture) fx.component(ids[2]).module;
        return Arrays.copyOf(c.captured, c.count);
    }

    private static int[] build(RuntimeFixture fx, String middle) {
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET); // completes it, as SOF needs before RUNNING
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int mid = fx.create(middle, 0, 1, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, mid, 0);
        fx.kernel.bind(mid, 0, cap, 0);
        return new int[] {src, mid, cap};
    }

    @Test
    void shouldProduceTheSameBytesAsTheSameModuleInKernelMode() {
        final int[] kernel;
        try (RuntimeFixture fx = new RuntimeFixture()) {
            kernel = run(fx, "kpass");
        }
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final int[] user = run(fx, "pass");
            assertTrue(user.length > (TICKS - 2) * TestModules.TICK / 4, "audio flowed");
            assertArrayEquals(kernel, user);
            assertTrue(fx.kernel.events().isEmpty(), fx.kernel.events().toString());
        }
    }

    @Test
    void shouldRunProcessOnTheTickThreadWithoutTheTickThreadsKernelRights() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final MemoryAccess kernelCapability = fx.kernel.state.memory.access();
            final AtomicReference<Thread> ranOn = new AtomicReference<>();
            final AtomicReference<Throwable> denied = new AtomicReference<>();
            final TestModules.Script probe = new TestModules.Script();
            probe.process = (ctx, sources, sinks) -> {
                ranOn.set(Thread.currentThread());
                try {
                    // the kernel's own capability, as if the module had got hold of it: on this
                    // (kernel) tick thread it would read anything; switched, only the domain
                    return kernelCapability.getInt(SYSTEM_HEAP);
                } catch (MemoryFault e) {
                    denied.set(e);
                    throw e;
                }
            };
            TestModules.SCRIPTS.put("scripted", probe);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(3);
            assertSame(Thread.currentThread(), ranOn.get(), "the tick thread (runTicks' caller)");
            assertTrue(denied.get() instanceof MemoryFault, String.valueOf(denied.get()));
            assertEquals(fx.component(ids[1]).domain.name(), ((MemoryFault) denied.get())
                    .domainName(), "checked against its own domain");
            assertTrue(fx.component(ids[1]).faulted);
            assertEquals(RuntimeEvent.Kind.MEMORY_FAULT, fx.kernel.events().get(0).kind());
            assertEquals(ids[1], fx.kernel.events().get(0).componentId());
            assertEquals(0x1234, readSystemHeapAfterwards(fx, kernelCapability),
                    "the tick thread has its kernel rights again outside the window");
        }
    }

    private static int readSystemHeapAfterwards(RuntimeFixture fx, MemoryAccess kernel) {
        kernel.putInt(SYSTEM_HEAP, 0x1234);
        return kernel.getInt(SYSTEM_HEAP);
    }

    @Test
    void shouldDescribeAThrowableInsideTheWindow() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final MemoryAccess kernelCapability = fx.kernel.state.memory.access();
            final TestModules.Script nasty = new TestModules.Script();
            nasty.process = (ctx, sources, sinks) -> {
                throw new IllegalStateException() {
                    private static final long serialVersionUID = 1L;

                    @Override
                    public String getMessage() {
                        return "read " + kernelCapability.getInt(SYSTEM_HEAP); // kernel memory
                    }
                };
            };
            TestModules.SCRIPTS.put("scripted", nasty);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(3);
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(ids[1], e.componentId());
            assertTrue(e.detail().contains("<getMessage threw org.sofj.api.MemoryFault>"),
                    "getMessage ran with the module's rights: " + e.detail());
        }
    }

    @Test
    void shouldFaultAUserLlModulePastItsAllocationBudget() {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder()
                .allocationBudget(4L << 20))) {
            final List<long[]> kept = new java.util.ArrayList<>();
            final TestModules.Script hog = new TestModules.Script();
            hog.process = (ctx, sources, sinks) -> {
                kept.add(new long[1 << 17]); // 1 MiB per tick, kept
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", hog);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(10);
            assertTrue(fx.component(ids[1]).faulted);
            assertTrue(fx.kernel.events().get(0).detail().contains("allocation budget"),
                    fx.kernel.events().get(0).detail());
            assertTrue(kept.size() <= 5, "not called again once FAULTED: " + kept.size());
        }
    }

    @Test
    void shouldChargeEachUserLlCallOnlyWhatItAllocatedWhenCallsAreAdjacentOrSplitByAKernelModule() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final TestModules.Script user = new TestModules.Script();
            final int[] sink = new int[1];
            user.process = (ctx, sources, sinks) -> {
                sink[0] += new byte[64 << 10].length; // 64 KiB per call, garbage
                return 0;
            };
            final TestModules.Script kernelModule = new TestModules.Script();
            kernelModule.process = (ctx, sources, sinks) -> {
                sink[0] += new byte[1 << 20].length; // 1 MiB per call, a trusted module's own
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", user);
            TestModules.SCRIPTS.put("kscript", kernelModule);
            fx.kernel.createPipeline(1, 0);
            fx.kernel.setPipelineState(1, PipelineState.RESET);
            // src -> scripted (user) -> pass (user, right after it) -> kscript -> upass (user) -> cap
            final String[] names = {"src", "scripted", "pass", "kscript", "upass", "cap"};
            final int[] ids = new int[names.length];
            for (int i = 0; i < names.length; i++) {
                ids[i] = fx.create(names[i], 0, 1, ProcDomain.LL);
                if (i > 0) {
                    fx.kernel.bind(ids[i - 1], 0, ids[i], 0);
                }
            }
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(20);
            assertTrue(fx.kernel.events().isEmpty(), fx.kernel.events().toString());
            final long allocating = fx.component(ids[1]).allocated();
            assertTrue(allocating >= 20L * (64 << 10), "the allocating user module is charged"
                    + " its own 64 KiB per call: " + allocating);
            assertTrue(allocating < 20L * (64 << 10) + (1 << 20), "and not the kernel "
                    + "module's MiB: " + allocating);
            assertTrue(fx.component(ids[2]).allocated() < 64 << 10, "the next user call, "
                    + "started from the previous one's end, is not charged its bytes: "
                    + fx.component(ids[2]).allocated());
            assertTrue(fx.component(ids[4]).allocated() < 1 << 20, "a user call after a kernel "
                    + "module is not charged the kernel module's bytes: "
                    + fx.component(ids[4]).allocated());
        }
    }

    @Test
    void shouldFaultAUserLlModuleWhoseProcessKeepsOverrunningTheTick() {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().deadlineMissBudget(3))) {
            final TestModules.Script slow = new TestModules.Script();
            final int[] calls = new int[1];
            slow.process = (ctx, sources, sinks) -> {
                calls[0]++;
                if (calls[0] % 2 == 0) {
                    fx.now.addAndGet(2_000_000L); // 2 ms of work in a 1 ms tick
                }
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", slow);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(6);
            assertFalse(fx.component(ids[1]).faulted, "3 overruns: within the budget");
            assertEquals(3, fx.kernel.report(ids[1]).deadlineMisses());
            fx.ticks(2);
            assertTrue(fx.component(ids[1]).faulted, "the 4th overrun passes the budget");
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(RuntimeEvent.Kind.DEADLINE, e.kind());
            assertTrue(e.detail().contains("longer than the 1000 us tick"), e.detail());
        }
    }

    @Test
    void shouldRunControlCallsOnTheWorkerAtATickBoundary() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final AtomicReference<Thread> configOn = new AtomicReference<>();
            final TestModules.Script s = new TestModules.Script();
            s.setConfig = (ctx, view) -> {
                configOn.set(Thread.currentThread());
                return view.getInt(0) == 7 ? 0 : -22;
            };
            TestModules.SCRIPTS.put("scripted", s);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(2);
            fx.kernel.setConfiguration(ids[1], 1, new byte[] {7, 0, 0, 0});
            assertSame(WorkerPeek.thread(fx.kernel.state.worker), configOn.get(),
                    "on the shared user worker");
            assertNotSame(Thread.currentThread(), configOn.get());
            fx.ticks(2);
            assertFalse(fx.component(ids[1]).faulted);
        }
    }

    @Test
    void shouldWriteOffAUserLlModuleThatNeverReturnsAndBreakItsLoopThroughItsMemory() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final long[] own = new long[1];
            final TestModules.Script hang = new TestModules.Script();
            hang.process = (ctx, sources, sinks) -> {
                // spins over its own heap; bounded so a broken watchdog fails the test, not CI
                final long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long sum = 0;
                while (System.nanoTime() - end < 0) {
                    sum += ctx.access().getInt(own[0]);
                }
                return (int) sum;
            };
            TestModules.SCRIPTS.put("scripted", hang);
            final int[] ids = build(fx, "scripted");
            own[0] = fx.component(ids[1]).driver.heap.start();
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            final long start = System.nanoTime();
            fx.ticks(3);
            final long took = System.nanoTime() - start;
            assertTrue(fx.component(ids[1]).faulted);
            final RuntimeEvent e = fx.kernel.events().get(0);
            assertEquals(RuntimeEvent.Kind.HANG, e.kind(), e.toString());
            assertTrue(e.detail().contains("written off"), e.detail());
            assertTrue(took < TimeUnit.SECONDS.toNanos(25), "the watchdog broke the loop: "
                    + took / 1_000_000 + " ms");
            assertTrue(fx.component(ids[1]).domain.partitions().isEmpty(), "its domain emptied");
        }
    }

    /**
     * A loaded host can keep a healthy module's tick thread off the CPU for longer than the
     * watchdog's limit: that is not a hang. Here one process call is off the CPU for 1.5 s of
     * real time (parked: as a descheduled thread, it spends no CPU time), past the 1 s limit; the
     * watchdog judges CPU time, so the module is not written off and the next tick runs it.
     */
    @Test
    void shouldNotWriteOffAUserLlModuleTheHostKeptOffTheCpuPastTheLimit() {
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final AtomicInteger calls = new AtomicInteger();
            final TestModules.Script slow = new TestModules.Script();
            slow.process = (ctx, sources, sinks) -> {
                if (calls.incrementAndGet() == 2) {
                    final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
                    while (System.nanoTime() - end < 0) {
                        LockSupport.parkNanos(end - System.nanoTime());
                    }
                }
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", slow);
            final int[] ids = build(fx, "scripted");
            fx.kernel.setPipelineState(1, PipelineState.RUNNING);
            fx.ticks(4);
            assertEquals(List.of(), fx.kernel.events(), "no HANG for time off the CPU");
            assertFalse(fx.component(ids[1]).faulted);
            assertEquals(4, calls.get(), "every tick ran it");
        }
    }
}
