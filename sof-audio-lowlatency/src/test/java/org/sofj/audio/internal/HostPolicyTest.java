package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** Asking the host for SCHED_FIFO: the kernel's answer is trusted, and a refusal says why. */
final class HostPolicyTest {
    /** Runs {@code ask} on a fresh thread, so a granted policy ends with it. */
    private static String onOwnThread(Supplier<String> ask) throws InterruptedException {
        final String[] out = {"not run"};
        final Thread t = new Thread(() -> out[0] = ask.get(), "host-policy-test");
        t.start();
        t.join(TimeUnit.SECONDS.toMillis(20)); // bounded: chrt has 5 s
        return out[0];
    }

    @Test
    void shouldSayThereIsNoChrtWhenNoneIsWhereItIsLookedFor() throws InterruptedException {
        assertEquals("no chrt in [/nonexistent/chrt] (util-linux)", onOwnThread(
                () -> HostPolicy.fifo(10, List.of(Path.of("/nonexistent/chrt")))));
    }

    @Test
    void shouldTrustTheKernelNotChrtsExitCode() throws InterruptedException {
        // /bin/true "succeeds" without changing anything: the kernel still reports SCHED_OTHER
        assertEquals("the kernel reports policy 0, not SCHED_FIFO 10", onOwnThread(
                () -> HostPolicy.fifo(10, List.of(Path.of("/bin/true")))));
    }

    @Test
    void shouldAgreeWithTheKernelWhenChrtRuns() throws InterruptedException {
        final int[][] after = new int[1][];
        final String said = onOwnThread(() -> {
            final String r = HostPolicy.fifo(3);
            after[0] = HostPolicy.policy(Path.of("/proc/thread-self/stat"));
            return r;
        });
        if (said == null) { // granted (root in CI): the kernel says so
            assertArrayEquals(new int[] {HostPolicy.SCHED_FIFO, 3}, after[0]);
        } else { // refused: the thread is unchanged, and the reason is chrt's or ours
            assertEquals(0, after[0][0], said);
        }
    }

    @Test
    void shouldReadPolicyAndPriorityAfterANameWithSpacesAndParentheses() {
        final StringBuilder b = new StringBuilder("42 (a) b (c) S");
        for (int field = 4; field < 40; field++) {
            b.append(" 0");
        }
        b.append(" 12 1 0 0 0\n");
        assertArrayEquals(new int[] {1, 12}, HostPolicy.policyOf(b.toString()));
        assertNull(HostPolicy.policy(Path.of("/nonexistent/stat")));
    }
}
