package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.JvmFlags;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.SofRuntimeBuilder;

/** Defaults an embedder gets without asking, and SOF's value one option away. */
final class BuilderDefaultsTest {
    @Test
    void shouldDefaultToAOneSecondProxyTimeoutAndTakeSofsFiveMillisecondsOnRequest() {
        try (Kernel k = (Kernel) SofRuntime.builder().build()) {
            assertEquals(Duration.ofSeconds(1), k.state.options().proxyTimeout());
        }
        try (Kernel k = (Kernel) SofRuntime.builder()
                .proxyTimeout(SofRuntimeBuilder.SOF_PROXY_TIMEOUT).build()) {
            assertEquals(Duration.ofMillis(5), k.state.options().proxyTimeout());
        }
    }

    @Test
    void shouldPrimeDpOutputsOnTheWallClockOnlyUnlessAsked() {
        try (Kernel k = (Kernel) SofRuntime.builder().build()) {
            assertEquals(0, k.state.options().dpMargin(), "virtual clock: SOF's behaviour");
        }
        try (Kernel k = (Kernel) SofRuntime.builder().clock(SchedulerConfig.Clock.WALL).build()) {
            assertEquals(SofRuntimeBuilder.DEFAULT_WALL_DP_MARGIN, k.state.options().dpMargin());
        }
        try (Kernel k = (Kernel) SofRuntime.builder().clock(SchedulerConfig.Clock.WALL)
                .dpMargin(0).build()) {
            assertEquals(0, k.state.options().dpMargin());
        }
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SofRuntime.builder().dpMargin(-1));
        assertEquals("dpMargin=-1 must be in [0, 1000]", e.getMessage());
    }

    @Test
    void shouldAskForNoRealTimePriorityUnlessToldAndOnlyOnTheWallClock() {
        try (Kernel k = (Kernel) SofRuntime.builder().clock(SchedulerConfig.Clock.WALL).build()) {
            assertEquals(0, k.state.options().realtimePriority(), "time sharing by default");
            k.start();
            assertEquals("time sharing (no real-time priority asked for)", k.hostPolicy());
        }
        try (Kernel k = (Kernel) SofRuntime.builder().clock(SchedulerConfig.Clock.WALL)
                .realtimePriority(5).build()) {
            assertEquals("not started", k.hostPolicy());
            k.start();
            final String line = k.hostPolicy(); // granted as root (CI), else refused with why
            assertTrue(line.equals("SCHED_FIFO 5 on every tick thread")
                    || line.startsWith("SCHED_FIFO 5 refused, time sharing instead (core 0: "),
                    line);
        }
        final IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> SofRuntime.builder().realtimePriority(100));
        assertEquals("realtimePriority=100 must be in [0, 99] (0: none)", range.getMessage());
        final IllegalArgumentException virtual = assertThrows(IllegalArgumentException.class,
                () -> SofRuntime.builder().realtimePriority(10).build());
        assertEquals("realtimePriority=10 needs clock=WALL, not VIRTUAL (the default)",
                virtual.getMessage());
    }

    @Test
    void shouldRunVirtualDpInlineByDefaultAndRefuseSettingTheHandoffTwice() {
        try (Kernel k = (Kernel) SofRuntime.builder().build()) {
            assertFalse(k.state.options().virtualDpThreads(), "inline on the tick thread by default");
        }
        final SofRuntimeBuilder b = SofRuntime.builder().virtualDpThreads(true);
        final IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> b.virtualDpThreads(false));
        assertTrue(e.getMessage().contains("virtualDpThreads"), e.getMessage());
    }

    @Test
    void shouldListTheAgronaExportThisJvmHas() {
        JvmFlags.check(); // the build runs the tests with the flag: no exception
        assertTrue(JvmFlags.required().get(0).startsWith(
                "--add-exports java.base/jdk.internal.misc="), JvmFlags.required().toString());
        assertEquals(Runtime.version().feature() >= 24 ? 2 : 1, JvmFlags.required().size());
    }

    @Test
    void shouldListTheFlagsOfEachModeInOnePlace() {
        assertEquals(JvmFlags.Mode.MODULE_PATH, JvmFlags.mode(), "the tests run on the module path");
        assertEquals(java.util.List.of("--add-exports=java.base/jdk.internal.misc=org.agrona"),
                JvmFlags.required(JvmFlags.Mode.MODULE_PATH, 17));
        assertEquals(java.util.List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"),
                JvmFlags.required(JvmFlags.Mode.CLASS_PATH, 21));
        assertEquals(java.util.List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow"),
                JvmFlags.required(JvmFlags.Mode.CLASS_PATH, 25));
    }
}
