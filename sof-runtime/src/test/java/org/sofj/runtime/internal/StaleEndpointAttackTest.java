package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A user module keeps the {@code Sink} and {@code Source} it was handed, outlives their binding
 * (another instance of its type stays), and calls them once their ring is freed and a clean
 * pipeline's rings have been made since: the ring's bookkeeping is kernel memory the MMU does
 * not see, reused by the next ring. The clean pipeline's capture must be bit-identical to a run
 * without the rogue, and every read or write of a fragment the stale views hand out (the freed
 * ring's memory, which the clean pipeline's rings may hold since) must fault. Since 2026-12-01
 * the views of a user-mode instance's sides admit only that instance's threads, so the other
 * instance's first call on them faults it (a memory fault) before it reaches the freed ring at
 * all; before, its calls went through to a graveyard block no ring uses.
 */
final class StaleEndpointAttackTest {
    private static final int TICKS = 40;
    /** What the rogue kept: written by one instance, used by the other. */
    private static volatile Sink keptSink;
    private static volatile Source keptSource;
    private static volatile boolean attack;
    static final java.util.concurrent.atomic.AtomicInteger STALE_OK =
            new java.util.concurrent.atomic.AtomicInteger();
    /** Stale fragment accesses tried, and those the MMU let through. */
    static final java.util.concurrent.atomic.AtomicInteger STALE_TRIED =
            new java.util.concurrent.atomic.AtomicInteger();
    static final java.util.concurrent.atomic.AtomicInteger STALE_DATA =
            new java.util.concurrent.atomic.AtomicInteger();
    /** The rogue's memory faults, recorded by the attacked run. */
    private static volatile long rogueFaults;

    @ParameterizedTest
    @EnumSource(value = ProcDomain.class, names = {"LL", "DP"})
    void shouldGiveAModuleNoHoldOnARingItWasHandedOnceItsBindingIsGone(ProcDomain domain) {
        STALE_OK.set(0);
        STALE_DATA.set(0);
        STALE_TRIED.set(0);
        final int[] reference = clean(false, domain);
        final int[] attacked = clean(true, domain);
        assertTrue(reference.length > 0);
        assertEquals(0, STALE_OK.get(), "stale commits that went through");
        assertEquals(1, rogueFaults, "the rogue faulted at its first stale call");
        assertEquals(0, STALE_DATA.get(), "accesses to a freed ring's memory that went through");
        assertArrayEquals(reference, attacked, "the clean pipeline's capture changed");
    }

    private static int[] clean(boolean rogue, ProcDomain domain) {
        keptSink = null;
        keptSource = null;
        attack = false;
        try (RuntimeFixture f = new RuntimeFixture()) {
            final TestModules.Script script = new TestModules.Script();
            final AudioRegion region = new AudioRegion();
            script.process = (ctx, sources, sinks) -> {
                if (keptSink == null && ctx.instanceId() == 1) { // A's, used by B later
                    keptSink = sinks[0];
                    keptSource = sources[0];
                }
                if (attack && ctx.instanceId() == 3) {
                    // what it kept belongs to a ring freed since: its offsets, its counters
                    for (int i = 0; i < 4; i++) {
                        keptSink.getBuffer(0, region);
                        keptSink.commitBuffer(keptSink.getFreeSize() / 2);
                        if (keptSink.getBuffer(TestModules.TICK, region) == 0) {
                            touch(ctx.access(), region);
                        }
                        if (keptSink.commitBuffer(TestModules.TICK) == 0) {
                            STALE_OK.incrementAndGet();
                        }
                        keptSource.getData(0, region);
                        keptSource.releaseData(keptSource.getDataAvailable() / 3);
                        if (keptSource.getData(TestModules.TICK, region) == 0) {
                            touch(ctx.access(), region);
                        }
                        keptSource.releaseData(TestModules.TICK);
                    }
                }
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", script);
            final SofRuntimeAccess rt = new SofRuntimeAccess(f);
            if (rogue) {
                // pipeline 1: src -> rogue A -> cap; pipeline 3: src -> rogue B -> cap, kept
                rt.chain(1, 1, "scripted", domain);
                rt.chain(3, 3, "scripted", domain);
                f.ticks(5); // A kept its endpoints
                f.runtime().setPipelineState(1, PipelineState.RESET);
                for (int id : rt.members(1)) {
                    f.runtime().deleteInstance(id); // unbinds: A's rings are freed
                }
                f.runtime().deletePipeline(1);
            }
            final int cap = rt.chain(2, 2, "kpass", ProcDomain.DP)[2]; // rings with offsets
            attack = rogue;
            f.ticks(TICKS);
            rogueFaults = f.kernel.events().stream().filter(e -> e.kind()
                    == org.sofj.runtime.RuntimeEvent.Kind.MEMORY_FAULT).count();
            final TestModules.Capture c = (TestModules.Capture) f.component(cap).module;
            return Arrays.copyOf(c.captured, c.count);
        }
    }

    /**
     * Reads and writes the stale fragment's memory (the freed ring's, reused since by the clean
     * pipeline's), counting each access the MMU let through.
     */
    private static void touch(org.sofj.api.memory.MemoryAccess access, AudioRegion region) {
        for (int i = 0; i < TestModules.TICK; i += 4) {
            STALE_TRIED.incrementAndGet();
            try {
                final int v = access.getInt(region.addressAt(i));
                access.putInt(region.addressAt(i), ~v);
                STALE_DATA.incrementAndGet();
            } catch (org.sofj.api.MemoryFault expected) {
                // the ring's memory is no longer the module's (the fault is recorded)
            }
        }
    }

    /** Pipelines made of src -> middle -> cap. */
    private static final class SofRuntimeAccess {
        private final RuntimeFixture f;
        private final java.util.Map<Integer, int[]> pipelines = new java.util.HashMap<>();

        SofRuntimeAccess(RuntimeFixture f) {
            this.f = f;
        }

        int[] chain(int pipeline, int instance, String middle, ProcDomain domain) {
            f.runtime().createPipeline(pipeline, 0);
            final int src = f.create("src", instance, pipeline, ProcDomain.LL);
            final int mid = f.create(middle, instance, pipeline, domain);
            final int cap = f.create("cap", instance, pipeline, ProcDomain.LL);
            f.runtime().bind(src, 0, mid, 0);
            f.runtime().bind(mid, 0, cap, 0);
            f.runtime().setPipelineState(pipeline, PipelineState.RESET);
            f.runtime().setPipelineState(pipeline, PipelineState.RUNNING);
            final int[] ids = {src, mid, cap};
            pipelines.put(pipeline, ids);
            return ids;
        }

        int[] members(int pipeline) {
            return pipelines.get(pipeline);
        }
    }
}
