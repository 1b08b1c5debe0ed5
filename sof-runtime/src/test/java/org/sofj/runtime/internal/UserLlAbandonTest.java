package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A user LL module whose call never comes back to a preemption check (here a loop in a test
 * module, which the loader never rewrote: to the runtime exactly a JDK method that does not
 * return, such as {@code AttackSuiteTest}'s exponential hash) no longer stops its core. On the
 * wall clock the tick watchdog FAULTs it, and a limit later abandons the tick thread: the core
 * ticks on a new thread, so the clean pipeline beside it keeps running while the call is still
 * stuck; the given-up thread, once its call returns, writes nothing (its sink refuses it, its
 * return is dropped, no event) and ends. On the virtual clock the caller's thread is not
 * abandoned: {@code runTicks} returns once the call does, as the event says. Real threads; every
 * wait is bounded (a guard, not a timing).
 */
final class UserLlAbandonTest {
    private static final long GUARD_NANOS = TimeUnit.SECONDS.toNanos(60);
    /** The rogue's process call at which it gets stuck: past the JIT's first compilations. */
    private static final int STUCK_AT = 300;

    private static volatile boolean release;
    private static volatile Thread stuckOn;
    private static volatile boolean back;
    private static volatile boolean committedAfter;
    private SofRuntime rt;
    /** The capture of the last {@link #pipeline} made. */
    private int lastCap;

    @AfterEach
    void tearDown() {
        release = true;
        if (rt != null) {
            rt.close();
        }
        TestModules.SCRIPTS.clear();
    }

    @Test
    void shouldTickTheCleanPipelineOnANewThreadWhileTheRoguesCallIsStuckOnTheWallClock()
            throws Exception {
        rt = SofRuntime.builder().builtIn(new TestModules()).clock(SchedulerConfig.Clock.WALL)
                .build();
        final int rogue = pipeline(1, "scripted");
        final int cleanPass = pipeline(2, "upass");
        rt.start();
        await(() -> stuckOn != null, "the rogue's call is stuck");
        // a control request that must block core 0 waits for the stuck tick: before, it failed
        // after ten hold timeouts (LlBlockBoundTest); now the abandonment lets it through
        final Throwable[] refused = new Throwable[1];
        final Thread control = new Thread(() -> {
            try {
                rt.setPipelineState(2, PipelineState.PAUSED);
            } catch (RuntimeException e) {
                refused[0] = e;
            }
        }, "control");
        control.setDaemon(true);
        control.start();
        await(() -> faulted(rogue), "the watchdog FAULTs the rogue");
        control.join(TimeUnit.NANOSECONDS.toMillis(GUARD_NANOS));
        assertFalse(control.isAlive(), "the control request ended");
        assertNull(refused[0], "the control request was carried out");
        rt.setPipelineState(2, PipelineState.RUNNING);
        final long before = calls(cleanPass);
        // before, the core's only thread was inside the rogue's call: nothing else ticked
        await(() -> calls(cleanPass) > before + 500, "the clean pipeline ticks on");
        assertFalse(back, "still inside the stuck call");
        assertEquals(1, rt.abandonedTickThreads());
        final List<RuntimeEvent> events = rt.events();
        assertEquals(2, events.size(), events.toString());
        assertEquals(RuntimeEvent.Kind.HANG, events.get(0).kind());
        assertTrue(events.get(1).detail().contains("was abandoned and core 0 ticks on a new one"),
                events.toString());
        assertEquals(RuntimeEvent.Kind.STUCK_THREAD, events.get(1).kind(), events.toString());
        assertFalse(events.get(1).kind().isFault());
        assertTrue(events.stream().allMatch(e -> e.componentId() == rogue), events.toString());

        release = true;
        final Thread given = stuckOn;
        given.join(TimeUnit.NANOSECONDS.toMillis(GUARD_NANOS));
        assertFalse(given.isAlive(), "the given-up thread ends once its call returns");
        assertTrue(back);
        assertFalse(committedAfter, "its sink refused it: nothing written after its return");
        assertEquals(events, rt.events(), "no event from it after its return");
        final long after = calls(cleanPass);
        await(() -> calls(cleanPass) > after + 100, "the clean pipeline still ticks");
        assertFalse(rt.report(cleanPass).faulted());
        assertTimeoutPreemptively(Duration.ofSeconds(30), rt::close, "close is bounded");
        rt = null;
    }

    /**
     * The rogue's thread was abandoned holding a fragment of its sink: the FAULTED rogue plays
     * silence from the next tick on, as any FAULTED instance, so its capture counts no underruns.
     * Before, the fragment stayed held, silence could not be written (EBUSY) and the capture
     * counted an underrun every tick (501 in 500 ticks).
     */
    @Test
    void shouldPlaySilenceFromARogueWhoseAbandonedThreadHeldItsSink() throws Exception {
        rt = SofRuntime.builder().builtIn(new TestModules()).clock(SchedulerConfig.Clock.WALL)
                .build();
        pipeline(1, "scripted");
        final int rogueCap = lastCap;
        final int cleanPass = pipeline(2, "upass");
        rt.start();
        await(() -> rt.abandonedTickThreads() == 1, "the rogue's tick thread is abandoned");
        final long before = calls(cleanPass);
        await(() -> calls(cleanPass) > before + 100, "the core ticks on a new thread");
        final long xruns = rt.report(rogueCap).xruns();
        final long from = calls(cleanPass);
        await(() -> calls(cleanPass) > from + 500, "500 more ticks");
        final long more = rt.report(rogueCap).xruns() - xruns;
        assertTrue(more < 50, more + " underruns of the rogue's capture in 500 ticks");
    }

    @Test
    void shouldNotAbandonTheCallersThreadOnTheVirtualClockAndReturnFromRunTicksOnceTheCallDoes()
            throws Exception {
        rt = SofRuntime.builder().builtIn(new TestModules()).build();
        final int rogue = pipeline(1, "scripted");
        final int cleanPass = pipeline(2, "upass");
        final Thread ticker = new Thread(() -> rt.runTicks(STUCK_AT + 10), "virtual-ticker");
        ticker.setDaemon(true);
        ticker.start();
        await(() -> stuckOn != null, "the rogue's call is stuck");
        await(() -> rt.events().size() == 2, "the watchdog FAULTs the rogue and says why it "
                + "does not abandon the thread");
        final List<RuntimeEvent> events = rt.events();
        assertEquals(RuntimeEvent.Kind.HANG, events.get(0).kind(), events.toString());
        assertTrue(events.get(1).detail().contains("runTicks returns once the call does"),
                events.toString());
        assertEquals(RuntimeEvent.Kind.STUCK_THREAD, events.get(1).kind(), events.toString());
        assertTrue(faulted(rogue));
        assertTrue(ticker.isAlive(), "runTicks cannot return while its own thread is stuck");
        release = true;
        ticker.join(TimeUnit.NANOSECONDS.toMillis(GUARD_NANOS));
        assertFalse(ticker.isAlive(), "runTicks returned once the call did");
        assertTrue(committedAfter, "not abandoned: the call's thread goes on as the tick's");
        assertEquals(0, rt.abandonedTickThreads());
        final long calls = calls(cleanPass);
        rt.runTicks(5);
        assertEquals(calls + 5, calls(cleanPass));
        assertEquals(events, rt.events());
    }

    /**
     * The abandonment's check on the tick's path (the window's read of its runner, the sink's
     * and source's read of the requests in force) allocates nothing, both while no thread is
     * preempted and while another thread is abandoned (every check then looks through the
     * requests). Two user LL pipelines on the virtual clock; least of five rounds, after the JIT
     * has compiled the tick.
     */
    @ParameterizedTest(name = "another thread abandoned={0}")
    @ValueSource(booleans = {false, true})
    void shouldAllocateNothingPerTickOnTheAbandonmentChecksPath(boolean pending)
            throws Exception {
        release = false;
        final Thread idle = new Thread(() -> {
            while (!release) {
                java.util.concurrent.locks.LockSupport.park();
            }
        }, "idle");
        idle.setDaemon(true);
        idle.start();
        final Preemption.Request r = pending ? Preemption.abandon(idle, "a test's") : null;
        try (RuntimeFixture fx = new RuntimeFixture()) {
            rt = fx.runtime();
            pipeline(1, "upass");
            pipeline(2, "pass");
            fx.ticks(20_000);
            assertEquals(0, fx.leastBytesOverTicks(5, 5_000),
                    "bytes the tick thread allocated over 5,000 ticks");
            assertEquals(List.of(), rt.events());
        } finally {
            rt = null;
            if (r != null) {
                r.withdraw();
            }
            release = true;
            java.util.concurrent.locks.LockSupport.unpark(idle);
            idle.join(TimeUnit.NANOSECONDS.toMillis(GUARD_NANOS));
        }
    }

    /** src -> {@code middle} (user LL) -> cap on core 0, running; the middle's id. */
    private int pipeline(int id, String middle) {
        if ("scripted".equals(middle)) {
            release = false;
            stuckOn = null;
            back = false;
            committedAfter = false;
            TestModules.SCRIPTS.put("scripted", stuckScript());
        }
        rt.createPipeline(id, 0);
        rt.setPipelineState(id, PipelineState.RESET);
        final int src = create("src", id);
        final int mid = create(middle, id);
        final int cap = create("cap", id);
        lastCap = cap;
        rt.bind(src, 0, mid, 0);
        rt.bind(mid, 0, cap, 0);
        rt.setPipelineState(id, PipelineState.RUNNING);
        return mid;
    }

    /** Drains its input; at call {@link #STUCK_AT} holds a fragment of its sink and gets stuck. */
    private static TestModules.Script stuckScript() {
        final AtomicInteger calls = new AtomicInteger();
        final AudioRegion region = new AudioRegion();
        final TestModules.Script script = new TestModules.Script();
        script.process = (ctx, sources, sinks) -> {
            if (sources[0].getData(TestModules.TICK, region) == 0) {
                sources[0].releaseData(TestModules.TICK);
            }
            if (calls.incrementAndGet() != STUCK_AT) {
                return 0;
            }
            final int held = sinks[0].getBuffer(TestModules.TICK, region);
            stuckOn = Thread.currentThread();
            while (!release) {
                Thread.onSpinWait(); // no preemption check: a call that does not return
            }
            back = true;
            final int rc = held == 0 ? sinks[0].commitBuffer(TestModules.TICK) : held;
            committedAfter = true;
            return rc == 0 ? 0 : -Errno.EIO;
        };
        return script;
    }

    private int create(String name, int pipeline) {
        return rt.initInstance(new InstanceSpec(TestModules.moduleId(name), pipeline - 1, 0,
                pipeline, ProcDomain.LL, RuntimeFixture.CONFIG, null, 0, 0));
    }

    private boolean faulted(int id) {
        return rt.report(id).faulted();
    }

    private long calls(int id) {
        return rt.report(id).processTime().count();
    }

    private static void await(BooleanSupplier done, String what) {
        final long end = System.nanoTime() + GUARD_NANOS;
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() - end < 0, what + " (a hang guard, not a timing)");
            Thread.onSpinWait();
        }
    }
}
