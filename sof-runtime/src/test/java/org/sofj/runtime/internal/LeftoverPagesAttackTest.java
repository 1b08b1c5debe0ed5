package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.sofj.api.BaseConfig;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The pages of a buffer granted to a user module hold nothing of their previous holder. A
 * pipeline of kernel modules runs audio through DP rings four ticks deep, is paused and
 * unbound (its rings freed with the audio in them); a user DP module made next gets rings of one
 * tick on the same pages of the shared buffer heap and reads the whole pages its grants cover,
 * past each ring's end. Before, the buffer heap's pages were handed out as their last holder
 * left them (a ring's own bytes are zeroed at RESET, the rest of its pages never), so the tails
 * of the new rings' pages held the paused pipeline's audio.
 */
final class LeftoverPagesAttackTest {
    /** A kernel DP passthru four ticks deep: its ring covers more pages than a tick's. */
    private static final BaseConfig DEEP = new BaseConfig(0, 4 * TestModules.TICK,
            4 * TestModules.TICK, 1_000_000, 0, RuntimeFixture.FORMAT);

    @Test
    void shouldGrantAUserModuleNothingOfWhatItsBuffersPagesHeldBefore() {
        final AtomicLong read = new AtomicLong();
        final AtomicInteger leftover = new AtomicInteger();
        try (RuntimeFixture fx = new RuntimeFixture()) {
            final int[] old = chain(fx, 2, TestModules.moduleId("kpass"), DEEP);
            fx.ticks(20);
            fx.kernel.setPipelineState(2, PipelineState.PAUSED);
            fx.kernel.unbind(old[0], 0, old[1], 0); // both rings freed, the audio in them
            fx.kernel.unbind(old[1], 0, old[2], 0);
            final TestModules.Script script = new TestModules.Script();
            final AudioRegion region = new AudioRegion();
            script.process = (ctx, sources, sinks) -> {
                sources[0].getData(0, region);
                tail(ctx.access(), region, read, leftover);
                sinks[0].getBuffer(0, region);
                tail(ctx.access(), region, read, leftover);
                return 0;
            };
            TestModules.SCRIPTS.put("scripted", script);
            final int[] fresh = chain(fx, 1, TestModules.moduleId("scripted"),
                    RuntimeFixture.CONFIG);
            fx.ticks(5);
            assertTrue(read.get() > 0, "the ring's page has a tail to read");
            assertEquals(0, leftover.get(), "bytes of the paused pipeline's rings, of "
                    + read.get() + " read past the new rings' ends");
            assertFalse(fx.component(fresh[1]).faulted, fx.kernel.events().toString());
        }
    }

    /** Reads the rest of the last page of the ring {@code region} wraps, past its end. */
    private static void tail(MemoryAccess access, AudioRegion region, AtomicLong read,
            AtomicInteger leftover) {
        final long end = region.bufferStart() + region.bufferSize();
        for (long a = end; a < MemoryRegions.alignUp(end, MemoryRegions.PAGE_SIZE); a++) {
            read.incrementAndGet();
            if (access.getByte(a) != 0) {
                leftover.incrementAndGet();
            }
        }
    }

    /** src -> a DP {@code middle} -> cap, running. */
    private static int[] chain(RuntimeFixture fx, int pipeline, int middle, BaseConfig config) {
        fx.kernel.createPipeline(pipeline, 0);
        final int src = fx.create("src", pipeline, pipeline, ProcDomain.LL);
        final int mid = fx.kernel.initInstance(new InstanceSpec(middle, pipeline, 0, pipeline,
                ProcDomain.DP, config, null, 0, 0));
        final int cap = fx.create("cap", pipeline, pipeline, ProcDomain.LL);
        fx.kernel.bind(src, 0, mid, 0);
        fx.kernel.bind(mid, 0, cap, 0);
        fx.kernel.setPipelineState(pipeline, PipelineState.RESET);
        fx.kernel.setPipelineState(pipeline, PipelineState.RUNNING);
        return new int[] {src, mid, cap};
    }
}
