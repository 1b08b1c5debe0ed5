package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.CreatePipeline;
import org.sofj.runtime.ipc.Ipc4Codec;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.ModInitInstance;
import org.sofj.runtime.ipc.ModLargeConfigSet;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Requests a hostile or careless host sends, each checked for SOF's answer and for a runtime
 * left exactly as it was: the kernel's tables, every heap's statistics (the memory system's and
 * each driver heap), each driver's live instance count and the threads the runtime owns.
 */
final class HostileRequestsTest {
    private final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().cores(2));
    private final TestModules.Script script = new TestModules.Script();

    HostileRequestsTest() {
        TestModules.SCRIPTS.put("scripted", script);
        fx.kernel.createPipeline(1, 0);
        fx.kernel.setPipelineState(1, PipelineState.RESET);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private static int status(Ipc4Frame reply) {
        return reply.primary() & 0xFF_FFFF;
    }

    @Test
    void shouldAnswerInvalidCoreIdForAPipelineOnACoreThatDoesNotExist() {
        // SOF's ipc_pipeline_new (src/ipc/ipc4/helper.c, 12dd7265 "reject invalid pipeline core
        // ID"): core_id >= CONFIG_CORE_COUNT -> IPC4_INVALID_CORE_ID, before anything is made
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.createPipeline(2, 2));
        assertEquals(Ipc4Status.INVALID_CORE_ID, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("core=2"), e.getMessage());
        final Ipc4Frame reply = fx.kernel.ipc(Ipc4Codec.standard().encode(
                new CreatePipeline(2, 0, 0, false, 0, 15)));
        assertEquals(Ipc4Status.INVALID_CORE_ID, status(reply), reply.toString());
        assertEquals(before, snapshot());
    }

    @Test
    void shouldAnswerInvalidCoreIdForAnInstanceOnACoreThatDoesNotExist() {
        // ipc4_init_module_instance (handler-user.c) passes the request to its core first:
        // ipc4_process_on_core -> ipc_process_on_core answers -EACCES for a core that is not
        // enabled, which ipc4_process_on_core maps to IPC4_INVALID_CORE_ID
        fx.create("pass", 0, 1, ProcDomain.DP); // the driver and its heap exist
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                new InstanceSpec(TestModules.moduleId("pass"), 1, 3, 1, ProcDomain.DP,
                        RuntimeFixture.CONFIG, null, 0, 0)));
        assertEquals(Ipc4Status.INVALID_CORE_ID, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("core=3"), e.getMessage());
        final Ipc4Frame reply = fx.kernel.ipc(Ipc4Codec.standard().encode(new ModInitInstance(
                TestModules.moduleId("pass"), 1, 9, 1, ProcDomain.DP, new org.sofj.api.BaseConfig(
                        0, TestModules.TICK, TestModules.TICK, 0, 0, RuntimeFixture.FORMAT),
                new byte[0])));
        assertEquals(Ipc4Status.INVALID_CORE_ID, status(reply), reply.toString());
        assertEquals(before, snapshot());
    }

    @Test
    void shouldRefuseAnInstanceOnAnotherCoreThanItsPipelineAndChangeNothing() {
        // sofj runs an LL instance on its pipeline's tick thread and has no buffer made for two
        // cores: an instance whose core is not its pipeline's would be processed on one core
        // while its control calls hold off the other (docs/pipeline-states.md, a departure)
        final String before = snapshot();
        for (String name : new String[] {"kscript", "pass"}) {
            final ProcDomain domain = "pass".equals(name) ? ProcDomain.DP : ProcDomain.LL;
            final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                    new InstanceSpec(TestModules.moduleId(name), 0, 1, 1, domain,
                            RuntimeFixture.CONFIG, null, 0, 0)));
            assertEquals(Ipc4Status.INVALID_CORE_ID, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("core=1") && e.getMessage().contains(
                    "pipeline=1 runs on core 0"), e.getMessage());
        }
        assertEquals(before, snapshot());
    }

    @Test
    void shouldRefuseADuplicateInstanceAndLeaveTheFirstOneAndEveryHeapAsTheyWere() {
        final int first = fx.create("pass", 0, 1, ProcDomain.DP);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.create("pass", 0, 1, ProcDomain.DP));
        assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status()); // comp_new_ipc4: "exists"
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals(before, snapshot());
        fx.kernel.deleteInstance(first); // the first one is intact and can go
    }

    @Test
    void shouldUndoAFailedUserInitUnderTheDpThreadProxyToTheLastThread() {
        try (RuntimeFixture a2 = new RuntimeFixture(SofRuntime.builder()
                .proxyVariant(org.sofj.runtime.ProxyVariant.DP_THREAD))) {
            TestModules.SCRIPTS.put("scripted", script);
            a2.kernel.createPipeline(1, 0);
            a2.create("pass", 0, 1, ProcDomain.DP); // registers the driver heap of its own type
            a2.create("scripted", 0, 1, ProcDomain.DP);
            final String before = snapshot(a2);
            final long threads = runtimeThreads();
            script.init = ctx -> -Errno.ENOMEM;
            final IpcException e = assertThrows(IpcException.class,
                    () -> a2.create("scripted", 1, 1, ProcDomain.DP));
            assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status());
            assertTrue(e.getMessage().contains("-ENOMEM"), e.getMessage());
            assertEquals(before, snapshot(a2));
            assertEquals(threads, awaitThreads(threads), "the failed instance's DP thread ended");
        }
    }

    @Test
    void shouldRefuseAnUnbindThatNamesTheRightInstancesButAnotherPin() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, cap, 0);
        final String before = snapshot();
        for (int[] q : new int[][] {{1, 0}, {0, 1}, {0, 9}, {-1, 0}}) {
            final IpcException e = assertThrows(IpcException.class,
                    () -> fx.kernel.unbind(src, q[0], cap, q[1]));
            assertEquals(Ipc4Status.INVALID_RESOURCE_ID, e.status(), e.getMessage());
        }
        final IpcException reversed = assertThrows(IpcException.class,
                () -> fx.kernel.unbind(cap, 0, src, 0));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, reversed.status());
        assertEquals(before, snapshot());
        fx.kernel.unbind(src, 0, cap, 0);
    }

    @Test
    void shouldRefuseASecondDeleteOfTheSameInstance() {
        final int pass = fx.create("kpass", 0, 1, ProcDomain.LL);
        fx.kernel.deleteInstance(pass);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.deleteInstance(pass));
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID, e.status());
        assertTrue(e.getMessage().contains("0x" + Integer.toHexString(pass)), e.getMessage());
        assertEquals(before, snapshot());
    }

    @Test
    void shouldAnswerInvalidResourceIdForAStateRequestNamingAMissingPipelineWhateverTheState() {
        // ipc4_set_pipeline_state looks every pipeline up (INVALID_RESOURCE_ID, line 505) before
        // ipc4_pipeline_prepare looks at the command, so a command it does not support
        // (UNINITIALIZED, ERROR_STOP, SAVED, or no state at all) for a missing pipeline is a
        // missing pipeline; primary: ppl_state bits 15..0, ppl_id bits 23..16, type bits 28..24
        final String before = snapshot();
        for (int code : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 31, 0xFFFF}) {
            final Ipc4Frame frame = new Ipc4Frame(code | 9 << 16 | 19 << 24, 0);
            assertEquals(Ipc4Status.INVALID_RESOURCE_ID, status(fx.kernel.ipc(frame)),
                    "ppl_state=" + code);
        }
        // and an unknown command for a pipeline that exists is INVALID_REQUEST (the default case)
        for (int code : new int[] {0, 1, 5, 6, 7, 31}) {
            final Ipc4Frame frame = new Ipc4Frame(code | 1 << 16 | 19 << 24, 0);
            assertEquals(Ipc4Status.INVALID_REQUEST, status(fx.kernel.ipc(frame)),
                    "ppl_state=" + code);
        }
        assertEquals(before, snapshot());
    }

    @Test
    void shouldRefuseOnTheTypedPathAnInstanceIdTheFrameCannotCarry() {
        // MOD_INIT_INSTANCE's instance_id is 8 bits (primary bits 23..16, struct
        // ipc4_module_init_instance): a typed init must not make a comp_id no frame can name
        final String before = snapshot();
        for (int instance : new int[] {256, 0xFFFF}) {
            final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                    new InstanceSpec(TestModules.moduleId("kpass"), instance, 0, 1, ProcDomain.LL,
                            RuntimeFixture.CONFIG, null, 0, 0)));
            assertEquals(Ipc4Status.INVALID_PARAM, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("instance_id=" + instance), e.getMessage());
        }
        assertEquals(before, snapshot());
    }

    @Test
    void shouldRefuseOnTheTypedPathAConfigParamIdTheFrameCannotCarryAndCallNothing() {
        // MOD_LARGE_CONFIG_SET/GET's large_param_id is 8 bits (extension bits 27..20)
        final int k = fx.create("kscript", 0, 1, ProcDomain.LL);
        final int[] calls = new int[1];
        final TestModules.Script ks = new TestModules.Script();
        ks.setConfig = (ctx, view) -> {
            calls[0]++;
            return 0;
        };
        ks.getConfig = (ctx, view) -> {
            calls[0]++;
            return 0;
        };
        TestModules.SCRIPTS.put("kscript", ks);
        for (int param : new int[] {-1, 256}) {
            final IpcException set = assertThrows(IpcException.class,
                    () -> fx.kernel.setConfiguration(k, param, new byte[] {1, 2, 3, 4}));
            assertEquals(Ipc4Status.INVALID_PARAM, set.status(), set.getMessage());
            assertTrue(set.getMessage().contains("large_param_id=" + param), set.getMessage());
            final IpcException get = assertThrows(IpcException.class,
                    () -> fx.kernel.getConfiguration(k, param));
            assertEquals(Ipc4Status.INVALID_PARAM, get.status(), get.getMessage());
        }
        assertEquals(0, calls[0], "the module was never called");
        fx.kernel.setConfiguration(k, 255, new byte[] {1, 2, 3, 4}); // VENDOR_CONFIG_PARAM fits
        assertEquals(1, calls[0]);
    }

    @Test
    void shouldSizeALastConfigFragmentFromTheBlobSizeOfItsFirstAsSofDoes() {
        final int k = fx.create("kscript", 0, 1, ProcDomain.LL);
        final java.util.List<String> got = new java.util.ArrayList<>();
        final TestModules.Script ks = new TestModules.Script();
        ks.setConfig = (ctx, view) -> {
            got.add(Long.toString(view.length()));
            return 0;
        };
        TestModules.SCRIPTS.put("kscript", ks);
        final int module = TestModules.moduleId("kscript");
        // FIRST: blob of 100 bytes, 60 of them here; LAST at 60 with 200 bytes: SOF's
        // module_set_large_config hands the module new_cfg_size - data_off_size = 40
        assertEquals(Ipc4Status.SUCCESS, status(frame(module, ConfigFragment.FIRST, 100, 60)));
        assertEquals(Ipc4Status.SUCCESS, status(frame(module, ConfigFragment.LAST, 60, 200)));
        assertEquals(java.util.List.of("60", "40"), got);
        // a LAST past the blob's end: SOF's u32 subtraction wraps past the hostbox, -EINVAL,
        // which the handler answers IPC4_INVALID_RESOURCE_ID; the module is not called
        assertEquals(Ipc4Status.INVALID_RESOURCE_ID,
                status(frame(module, ConfigFragment.LAST, 120, 8)));
        // a LAST shorter than the rest of its blob: refused, not padded with stale hostbox bytes
        assertEquals(Ipc4Status.SUCCESS, status(frame(module, ConfigFragment.FIRST, 100, 60)));
        assertEquals(Ipc4Status.INVALID_PARAM, status(frame(module, ConfigFragment.LAST, 60, 8)));
        assertEquals(java.util.List.of("60", "40", "60"), got);
        fx.kernel.setConfiguration(k, 1, new byte[5000]); // the typed path's own fragments fit
        final long box = fx.kernel.ipc(() -> fx.kernel.state.memory.map()
                .region("hostbox").size());
        assertEquals(java.util.List.of("60", "40", "60", Long.toString(box),
                Long.toString(5000 - box)), got, "FIRST of the hostbox's size, LAST the rest");
    }

    @Test
    void shouldAnswerAConfigCallTheModuleFailsWithInvalidResourceIdAsSofsHandlerDoes() {
        // ipc4_set_large_config_module_instance and ipc4_get_large_config_module_instance
        // (handler-user.c): "if (ret < 0) ret = IPC4_INVALID_RESOURCE_ID", whatever the errno
        final int k = fx.create("kscript", 0, 1, ProcDomain.LL);
        final TestModules.Script ks = new TestModules.Script();
        TestModules.SCRIPTS.put("kscript", ks);
        for (int errno : new int[] {Errno.EINVAL, Errno.ENOMEM, Errno.EIO, Errno.EBUSY}) {
            ks.setConfig = (ctx, view) -> -errno;
            ks.getConfig = (ctx, view) -> -errno;
            final String before = snapshot();
            final IpcException set = assertThrows(IpcException.class,
                    () -> fx.kernel.setConfiguration(k, 1, new byte[] {1, 2, 3, 4}));
            assertEquals(Ipc4Status.INVALID_RESOURCE_ID, set.status(), set.getMessage());
            assertTrue(set.getMessage().contains(Errno.name(-errno)), set.getMessage());
            final IpcException get = assertThrows(IpcException.class,
                    () -> fx.kernel.getConfiguration(k, 1));
            assertEquals(Ipc4Status.INVALID_RESOURCE_ID, get.status(), get.getMessage());
            assertEquals(before, snapshot());
        }
    }

    private Ipc4Frame frame(int module, ConfigFragment pos, int dataOffsetSize, int bytes) {
        return fx.kernel.ipc(Ipc4Codec.standard().encode(ModLargeConfigSet.of(module, 0, 1, pos,
                dataOffsetSize, new byte[bytes])));
    }

    @Test
    void shouldRefuseASecondBindOfTheSamePinsAndLeakNoBuffer() {
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.create("pass", 0, 1, ProcDomain.DP);
        fx.kernel.bind(src, 0, dp, 0);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.bind(src, 0, dp, 0));
        assertEquals(Ipc4Status.INVALID_RESOURCE_STATE, e.status(), e.getMessage());
        assertEquals(before, snapshot(), "no second buffer or ring was left allocated");
    }

    @Test
    void shouldRunAGraphWithACycleWithoutFaultingAnyone() {
        // SOF's bind does not look for cycles; a cycle of LL modules must not break the tick
        final int a = fx.create("kpass", 0, 1, ProcDomain.LL);
        final int b = fx.create("kpass", 1, 1, ProcDomain.LL);
        fx.kernel.bind(a, 0, b, 0);
        fx.kernel.bind(b, 0, a, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(20);
        assertEquals(java.util.List.of(), fx.kernel.events());
        fx.kernel.setPipelineState(1, PipelineState.RESET);
        fx.kernel.unbind(b, 0, a, 0);
        fx.kernel.deletePipeline(1);
        assertEquals(java.util.List.of(), fx.kernel.instances());
    }

    /** Repeated: the race it looks for needs a call to be queued just as close shuts down. */
    @RepeatedTest(20)
    void shouldAnswerEveryCallRacingWithCloseWithItsResultOrOneClearError() throws Exception {
        final RuntimeFixture racing = new RuntimeFixture(SofRuntime.builder().cores(2));
        final java.util.Queue<Throwable> unexpected =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        final java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        final java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int base = t * 50;
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 50; i++) {
                        try {
                            racing.kernel.createPipeline(base + i, 0);
                        } catch (IllegalStateException closed) {
                            if (!"the runtime is closed".equals(closed.getMessage())) {
                                unexpected.add(closed);
                            }
                        }
                    }
                } catch (Throwable x) {
                    unexpected.add(x);
                }
            }));
        }
        for (int t = 0; t < 2; t++) {
            threads.add(new Thread(() -> {
                try {
                    go.await();
                    racing.kernel.close(); // two closers at once: each returns, neither throws
                } catch (Throwable x) {
                    unexpected.add(x);
                }
            }));
        }
        threads.forEach(Thread::start);
        go.countDown();
        for (Thread t : threads) {
            t.join(20_000);
            assertTrue(!t.isAlive(), "a call neither returned nor failed: " + t);
        }
        assertEquals(java.util.List.of(), java.util.List.copyOf(unexpected));
        racing.close();
    }

    @Test
    void shouldResetTheWholePipelineWhenADpPeriodBelowOneMillisecondFailsItsPrepare() {
        // spec 4.9: a DP period below 1000 us is -EINVAL at prepare; ipc4_pipeline_prepare maps a
        // failed prepare to INVALID_REQUEST and ipc4_pcm_params' error path resets the pipeline
        final org.sofj.api.BaseConfig half = new org.sofj.api.BaseConfig(0, TestModules.TICK / 2,
                TestModules.TICK / 2, 1_000_000, 0, RuntimeFixture.FORMAT); // 0.5 ms blocks
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("pass"), 0, 0,
                1, ProcDomain.DP, half, null, 0, 0));
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, dp, 0);
        fx.kernel.bind(dp, 0, cap, 0);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.setPipelineState(1, PipelineState.RUNNING));
        assertEquals(Ipc4Status.INVALID_REQUEST, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("below 1000 us"), e.getMessage());
        assertEquals(before, snapshot(), "every instance READY again, nothing left allocated");
        fx.ticks(3);
        assertEquals(java.util.List.of(), fx.kernel.events());
        fx.kernel.deletePipeline(1); // and it can be torn down
    }

    @Test
    void shouldAnswerOutOfMemoryWhenTheSharedBufferHeapCannotHoldARingAndLeakNothing() {
        // 16 KiB blocks: a ring of 3 * 16 KiB = 48 KiB fits the 64 KiB shared buffer heap once
        final org.sofj.api.BaseConfig big = new org.sofj.api.BaseConfig(0, 16384, 16384,
                1_000_000, 0, RuntimeFixture.FORMAT);
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int dp = fx.kernel.initInstance(new InstanceSpec(TestModules.moduleId("pass"), 0, 0,
                1, ProcDomain.DP, big, null, 0, 0));
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        fx.kernel.bind(src, 0, dp, 0);
        final String before = snapshot();
        final IpcException e = assertThrows(IpcException.class,
                () -> fx.kernel.bind(dp, 0, cap, 0));
        assertEquals(Ipc4Status.OUT_OF_MEMORY, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains("ibs=16384") || e.getMessage().contains("16384"),
                e.getMessage());
        assertEquals(before, snapshot(), "the comp_buffer made first was freed again");
        fx.kernel.unbind(src, 0, dp, 0);
        fx.kernel.bind(dp, 0, cap, 0); // the room the first ring held is free again
    }

    @Test
    void shouldDeleteAPipelineBoundToARunningOneWithoutStoppingOrFaultingIt() {
        // ipc_pipeline_module_free disconnects a freed instance's buffers from the other
        // pipeline's instances too; the running pipeline goes on, at a tick boundary
        fx.kernel.createPipeline(2, 0);
        fx.kernel.setPipelineState(2, PipelineState.RESET);
        final int src = fx.create("src", 0, 1, ProcDomain.LL);
        final int tee = fx.create("kpass", 0, 1, ProcDomain.LL);
        final int cap = fx.create("cap", 0, 1, ProcDomain.LL);
        final int dp = fx.create("pass", 0, 2, ProcDomain.DP);
        final int cap2 = fx.create("cap", 1, 2, ProcDomain.LL);
        fx.kernel.bind(src, 0, tee, 0);
        fx.kernel.bind(tee, 0, cap, 0);
        fx.kernel.bind(src, 1, dp, 0); // across pipelines, same core
        fx.kernel.bind(dp, 0, cap2, 0);
        fx.kernel.setPipelineState(1, PipelineState.RUNNING);
        fx.ticks(5);
        fx.kernel.deletePipeline(2); // READY: it may go while pipeline 1 runs
        assertEquals(java.util.List.of(src, tee, cap).stream().sorted().toList(),
                fx.kernel.instances().stream().sorted().toList());
        assertEquals(0L, (long) fx.kernel.ipc(() -> fx.kernel.state.components.get(src)
                .outputs.stream().filter(c -> c.sink.componentId == dp).count()));
        final int before = ((TestModules.Capture) fx.component(cap).module).count;
        fx.ticks(5);
        assertTrue(((TestModules.Capture) fx.component(cap).module).count > before,
                "pipeline 1 still runs");
        assertEquals(java.util.List.of(), fx.kernel.events());
    }

    @Test
    void shouldRefuseAModuleIdNoLibraryHasAndChangeNothing() {
        // comp_new_ipc4: ipc4_get_comp_drv finds no driver -> NULL -> IPC4_MOD_NOT_INITIALIZED
        fx.create("pass", 0, 1, ProcDomain.DP);
        final String before = snapshot();
        for (int module : new int[] {org.sofj.api.ModuleIds.moduleId(0, 99),
            org.sofj.api.ModuleIds.moduleId(5, 0), org.sofj.api.ModuleIds.moduleId(15, 4095)}) {
            final IpcException e = assertThrows(IpcException.class, () -> fx.kernel.initInstance(
                    new InstanceSpec(module, 0, 0, 1, ProcDomain.DP, RuntimeFixture.CONFIG, null,
                            0, 0)));
            assertEquals(Ipc4Status.MOD_NOT_INITIALIZED, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("no built-in module at index 99")
                    || e.getMessage().contains("no module at lib_id="), e.getMessage());
        }
        assertEquals(before, snapshot());
    }

    /** Threads of the runtime: the IPC thread, LL threads, DP threads, the user worker. */
    static long runtimeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("sofj")).count();
    }

    /** Waits, bounded, for the runtime's threads to come down to {@code expected}. */
    static long awaitThreads(long expected) {
        final long end = System.nanoTime() + 5_000_000_000L;
        long n = runtimeThreads();
        while (n > expected && System.nanoTime() < end) {
            Thread.onSpinWait();
            n = runtimeThreads();
        }
        return n;
    }

    private String snapshot() {
        return snapshot(fx);
    }

    /** What a heap holds; its high-water mark may rise and stays risen. */
    private static String held(org.sofj.api.spi.HeapStats s) {
        return "used=" + s.usedBytes() + " free=" + s.freeBytes() + " largest="
                + s.largestFreeBlock() + " allocations=" + s.allocationCount();
    }

    /** The tables, every heap's statistics and every driver's live instance count. */
    static String snapshot(RuntimeFixture f) {
        return f.kernel.ipc(() -> {
            final StringBuilder b = new StringBuilder();
            f.kernel.state.pipelines.values().forEach(p -> b.append(p.id).append(':')
                    .append(p.status).append(p.components.size()).append(' '));
            f.kernel.state.components.values().forEach(c -> b.append(Integer.toHexString(
                    c.componentId)).append(':').append(c.state).append(c.faulted ? "F" : "")
                    .append(c.inputs.size()).append(c.outputs.size()).append(' '));
            final Map<String, Object> heaps = new LinkedHashMap<>();
            for (HeapRegion r : HeapRegion.values()) {
                final Heap h = f.kernel.state.memory.heap(r);
                heaps.put(r.name(), held(h.stats()));
            }
            for (Driver d : f.kernel.state.drivers.values()) {
                heaps.put("driver " + d.description.name() + " live=" + d.liveInstances,
                        d.heap == null ? "-" : held(d.heap.stats()));
            }
            return b.append(heaps).toString();
        });
    }
}
