package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** {@link JitQueue} and the render bench's wait for an idle JIT ({@link RenderBench#settle}). */
final class JitQueueTest {
    private static final String IDLE = """
            Current compiles:\s

            C1 compile queue:
            Empty

            C2 compile queue:
            Empty
            """;

    @Test
    void shouldReadAnEmptyListingAsIdle() {
        assertTrue(JitQueue.idle(IDLE));
    }

    @Test
    void shouldReadACompileUnderWayAsBusy() {
        final String busy = IDLE.replace("Current compiles: \n", "Current compiles: \n"
                + "C2 CompilerThread0  3357 %     4       org.objectweb.asm.ClassReader::readCode"
                + " @ 2187 (5117 bytes)\n");
        assertFalse(JitQueue.idle(busy));
    }

    @Test
    void shouldReadAQueuedCompileAsBusy() {
        final String queued = IDLE.replaceFirst("C2 compile queue:\nEmpty", "C2 compile queue:\n"
                + "3398       4       org.sofj.plugins.sample.internal.Tone::process (343 bytes)");
        assertFalse(JitQueue.idle(queued));
    }

    @Test
    void shouldNotWaitOnAListingOfAnotherForm() {
        assertTrue(JitQueue.idle("Compiler queue unavailable"));
    }

    /** This JVM's own listing, when the platform has the command (HotSpot with jdk.management). */
    @Test
    void shouldReadThisJvmsQueueWhereTheCommandExists() {
        final boolean command = ModuleLayer.boot().findModule("jdk.management").isPresent()
                && System.getProperty("java.vm.name", "").contains("HotSpot");
        final String listing = JitQueue.listing();
        if (command) {
            assertNotNull(listing);
            assertTrue(listing.contains("C2 compile queue:"), listing);
        } else {
            assertTrue(listing == null || listing.contains("compile queue"), String.valueOf(listing));
        }
    }

    @Test
    void shouldStepUntilTheJitIsIdle() {
        final AtomicInteger steps = new AtomicInteger();
        assertEquals(3, RenderBench.settle(1000, steps::incrementAndGet, () -> steps.get() >= 3));
        assertEquals(3, steps.get());
    }

    @Test
    void shouldStopSteppingAtTheBound() {
        final AtomicInteger steps = new AtomicInteger();
        assertEquals(RenderBench.SETTLE_MAX * 20, RenderBench.settle(1000, steps::incrementAndGet,
                () -> false));
        assertEquals(RenderBench.SETTLE_MAX * 20, steps.get());
    }

    @Test
    void shouldNotStepWithoutAWarmUp() {
        final AtomicInteger steps = new AtomicInteger();
        assertEquals(0, RenderBench.settle(0, steps::incrementAndGet, () -> false));
        assertEquals(0, steps.get());
    }
}
