package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.ModuleContext;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Real LL threads on the wall clock while the IPC side churns: configuration of a kernel LL and
 * a user DP instance, pause and resume, reset and restart, unbind and bind, delete and create,
 * for every proxy variant. Each module counts how often a control operation ran while its own
 * {@code process} was in progress; the count must stay 0, no request may fail, nothing may be
 * FAULTED, no {@code process} may start while the pipeline is PAUSED or RESET (from the moment
 * that request returned to the moment RUNNING is sent), and the graph must end as it was built.
 * The iteration count is
 * {@code -Dsofj.churn=N} (1,000 in {@code mvn verify}, a few seconds per variant; 5,000 under
 * {@code -Pstress}; README gives the long run).
 *
 * <p>Each overlap is described in the failure: the hook, the instance and thread that ran it,
 * the instance and thread that were in {@code process}, and the request the IPC side was
 * making. Every delete must return with the deleted instance's DP thread ended. The probe of
 * the user DP type is shared by the instances the churn deletes and re-creates, so a deleted
 * instance still processing while its successor is prepared counts too.
 */
final class ChurnStressTest {
    private static final int ITERATIONS = Integer.getInteger("sofj.churn", 1000);
    private static final byte[] BLOB = {1, 2, 3, 4};
    /** How long each process call takes: a third of the period, so overlaps would be common. */
    private static final long PROCESS_NANOS = 300_000;

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldNeverOverlapAControlCallWithProcessUnderChurn(ProxyVariant proxy) {
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicInteger stray = new AtomicInteger();
        final List<String> aliveAfterDelete = new java.util.ArrayList<>();
        final Queue<String> seen = new ConcurrentLinkedQueue<>();
        final Probe user = new Probe("user DP", overlaps, stray, seen);
        final Probe kernel = new Probe("kernel LL", overlaps, stray, seen);
        TestModules.SCRIPTS.put("scripted", user.script);
        TestModules.SCRIPTS.put("kscript", kernel.script);
        try (SofRuntime rt = SofRuntime.builder().builtIn(new TestModules())
                .clock(SchedulerConfig.Clock.WALL).proxyVariant(proxy)
                // about overlap, not about a loaded host: no budget or watchdog fault may end it
                .deadlineMissBudget(Integer.MAX_VALUE).watchdogTicks(60_000).build()) {
            rt.createPipeline(1, 0);
            rt.setPipelineState(1, PipelineState.RESET);
            final int src = create(rt, "src", 0, ProcDomain.LL);
            final int k = create(rt, "kscript", 0, ProcDomain.LL);
            final int cap = create(rt, "cap", 0, ProcDomain.LL);
            final int src2 = create(rt, "src", 1, ProcDomain.LL);
            int dp = create(rt, "scripted", 0, ProcDomain.DP);
            final int cap2 = create(rt, "cap", 1, ProcDomain.LL);
            rt.bind(src, 0, k, 0);
            rt.bind(k, 0, cap, 0);
            rt.bind(src2, 0, dp, 0);
            rt.bind(dp, 0, cap2, 0);
            rt.setPipelineState(1, PipelineState.RUNNING);
            rt.start();
            for (int i = 1; i <= ITERATIONS; i++) {
                Probe.step(i, "setConfiguration kscript");
                rt.setConfiguration(k, 0, BLOB);
                Probe.step(i, "setConfiguration scripted");
                rt.setConfiguration(dp, 0, BLOB);
                if (i % 10 == 0) {
                    Probe.step(i, "PAUSED");
                    rt.setPipelineState(1, PipelineState.PAUSED);
                    Probe.stopped = true;
                    Probe.step(i, "RUNNING after PAUSED");
                    Probe.stopped = false;
                    rt.setPipelineState(1, PipelineState.RUNNING);
                }
                if (i % 15 == 0) {
                    Probe.step(i, "unbind and bind dp->cap2");
                    rt.unbind(dp, 0, cap2, 0);
                    rt.bind(dp, 0, cap2, 0);
                }
                if (i % 25 == 0) {
                    Probe.step(i, "RESET");
                    rt.setPipelineState(1, PipelineState.RESET);
                    Probe.stopped = true;
                    Probe.step(i, "unbind dp");
                    rt.unbind(src2, 0, dp, 0);
                    rt.unbind(dp, 0, cap2, 0);
                    Probe.step(i, "deleteInstance dp");
                    final Thread deleted = dpThread(rt, dp);
                    rt.deleteInstance(dp);
                    if (deleted == null || deleted.isAlive()) {
                        aliveAfterDelete.add("churn " + i + ": " + deleted);
                    }
                    Probe.step(i, "create and bind dp");
                    dp = create(rt, "scripted", 0, ProcDomain.DP);
                    rt.bind(src2, 0, dp, 0);
                    rt.bind(dp, 0, cap2, 0);
                    Probe.step(i, "RUNNING after RESET");
                    Probe.stopped = false;
                    rt.setPipelineState(1, PipelineState.RUNNING);
                }
            }
            // events first: a body the host stalled past the hold limit is written off as hung
            // (a HANG event), and only then may a control call overlap it; that must show as
            // what it is, not as an overlap
            assertEquals(List.of(), rt.events(), "nothing FAULTED");
            assertEquals(0, overlaps.get(), "control calls that overlapped process: " + seen);
            assertEquals(0, stray.get(), "process calls on a PAUSED or RESET pipeline: " + seen);
            assertEquals(List.of(), aliveAfterDelete, "DP threads alive after their instance's "
                    + "delete returned (SOF frees a component only after its task stopped)");
            assertEquals(6, rt.instances().size(), "the graph ends as it was built");
        } finally {
            Probe.stopped = false;
            TestModules.SCRIPTS.clear();
        }
    }

    /** @return the instance's DP thread, read on the IPC thread that owns the tables */
    private static Thread dpThread(SofRuntime rt, int componentId) {
        final Kernel k = (Kernel) rt;
        return k.ipc(() -> k.state.components.get(componentId).dpThread);
    }

    private static int create(SofRuntime rt, String type, int instance, ProcDomain domain) {
        return rt.initInstance(new InstanceSpec(TestModules.moduleId(type), instance, 0, 1,
                domain, RuntimeFixture.CONFIG, null, 0, 0));
    }

    /**
     * A module whose control operations count the times they found process running, and
     * describe the first few. Its process hook allocates nothing (a user module is charged its
     * allocations); a description is made only for an overlap, which fails the test anyway.
     */
    private static final class Probe {
        /** The request the IPC side is making (the test's thread writes, hooks read). */
        private static volatile String step = "build";
        /** Whether a PAUSED or RESET request returned and no RUNNING was sent since. */
        static volatile boolean stopped;
        private static final int DESCRIBED = 8;

        final TestModules.Script script = new TestModules.Script();
        private final AtomicInteger inProcess = new AtomicInteger();
        /** The last instance and thread that entered process. */
        private volatile int processComp;
        private volatile Thread processThread;

        Probe(String kind, AtomicInteger overlaps, AtomicInteger stray, Queue<String> seen) {
            script.process = (ctx, sources, sinks) -> {
                processComp = ctx.componentId();
                processThread = Thread.currentThread();
                if (stopped && stray.incrementAndGet() <= DESCRIBED) {
                    seen.add(kind + " process of comp 0x" + Integer.toHexString(ctx.componentId())
                            + " on " + name(Thread.currentThread()) + " during " + step);
                }
                inProcess.incrementAndGet();
                final long until = System.nanoTime() + PROCESS_NANOS; // a wide window to hit
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
                inProcess.decrementAndGet();
                return 0;
            };
            script.prepare = ctx -> check(kind, "prepare", null, ctx, overlaps, seen);
            script.reset = ctx -> check(kind, "reset", null, ctx, overlaps, seen);
            script.setConfig = (ctx, view) -> check(kind, "setConfig", null, ctx, overlaps, seen);
            script.trigger = (ctx, cmd) -> check(kind, "trigger", cmd, ctx, overlaps, seen);
        }

        static void step(int iteration, String request) {
            step = "churn " + iteration + ": " + request;
        }

        /** @param detail appended to the hook's name (a trigger's command); no allocation */
        private int check(String kind, String hook, Object detail, ModuleContext ctx,
                AtomicInteger overlaps, Queue<String> seen) {
            if (inProcess.get() != 0) {
                if (overlaps.incrementAndGet() <= DESCRIBED) {
                    final Thread in = processThread;
                    final String what = detail == null ? hook : hook + " " + detail;
                    seen.add(kind + " " + what + " of comp 0x"
                            + Integer.toHexString(ctx.componentId()) + " on "
                            + name(Thread.currentThread()) + " while comp 0x"
                            + Integer.toHexString(processComp) + " was in process on "
                            + (in == null ? "?" : name(in) + (in.isAlive() ? "" : " (ended)"))
                            + " during " + step);
                }
            }
            return 0;
        }

        /** A re-created instance has its predecessor's id and thread name: the id tells apart. */
        private static String name(Thread t) {
            return t.getName() + " (thread " + t.getId() + ")";
        }
    }
}
