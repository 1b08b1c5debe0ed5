package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A wall-clock report says which nice values the host gave the LL and DP threads. */
final class HostThreadsTest {
    // the 19th field is nice, the 40th the real-time priority, the 41st the policy (1:
    // SCHED_FIFO); the name may hold spaces and parentheses
    private static String stat(int tid, String comm, int nice, int policy, int rtPriority) {
        final StringBuilder b = new StringBuilder().append(tid).append(" (").append(comm)
                .append(") S 1 1 1 0 -1 4194368 0 0 0 0 5 3 0 0 ")
                .append(policy == 1 ? -1 - rtPriority : 20 + nice).append(' ').append(nice)
                .append(" 1 0 100");
        for (int field = 23; field < 40; field++) {
            b.append(" 0");
        }
        return b.append(' ').append(rtPriority).append(' ').append(policy)
                .append(" 0 0 0\n").toString();
    }

    private static void task(Path tasks, int tid, String comm, int nice) throws IOException {
        task(tasks, tid, comm, nice, 0, 0);
    }

    private static void task(Path tasks, int tid, String comm, int nice, int policy,
            int rtPriority) throws IOException {
        final Path t = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        Files.writeString(t.resolve("comm"), comm + "\n");
        Files.writeString(t.resolve("stat"), stat(tid, comm, nice, policy, rtPriority));
    }

    @Test
    void shouldReadTheNiceValueOfEachLlAndDpThreadOnly(@TempDir Path tasks) throws IOException {
        task(tasks, 100, "java", 0);
        task(tasks, 101, "sofj-ll-core-0", -5);
        task(tasks, 102, "dp-fir", -4);
        task(tasks, 103, "C2 CompilerThre", 0);
        task(tasks, 104, "dp-a) b (c", -4);
        assertEquals(Map.of("sofj-ll-core-0", "-5", "dp-fir", "-4", "dp-a) b (c", "-4"),
                HostThreads.niceByThread(tasks));
        assertEquals("thread priorities (nice): dp-a) b (c -4, dp-fir -4, sofj-ll-core-0 -5",
                HostThreads.describe(HostThreads.niceByThread(tasks)));
    }

    @Test
    void shouldShowATickThreadUnderSchedFifoByItsPolicyNotItsNiceValue(@TempDir Path tasks)
            throws IOException {
        task(tasks, 101, "sofj-ll-core-0", -5, 1, 10);
        task(tasks, 102, "dp-fir", -4);
        assertEquals("thread priorities (nice): dp-fir -4, sofj-ll-core-0 FIFO 10",
                HostThreads.describe(HostThreads.niceByThread(tasks)));
    }

    @Test
    void shouldSayWhenThePrioritiesWereNotRaised(@TempDir Path tasks) throws IOException {
        task(tasks, 101, "sofj-ll-core-0", 0);
        task(tasks, 102, "dp-eq", 0);
        final String line = HostThreads.describe(HostThreads.niceByThread(tasks));
        assertTrue(line.startsWith("thread priorities (nice): dp-eq 0, sofj-ll-core-0 0; not"
                + " raised"), line);
        assertTrue(line.contains("-XX:ThreadPriorityPolicy=1"), line);
    }

    @Test
    void shouldSayUnknownWithoutProc(@TempDir Path dir) {
        assertEquals("thread priorities: unknown (no /proc/self/task)",
                HostThreads.describe(HostThreads.niceByThread(dir.resolve("absent"))));
    }

    @Test
    void shouldSeeThisJvmsOwnThreadByItsName() throws InterruptedException {
        // the real /proc (Linux, as CI runs): a thread named like a DP thread shows with the
        // nice value this JVM gave it (0 here: the test JVM runs without the policy flag)
        final Path tasks = Path.of("/proc/self/task");
        final java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        final Thread t = new Thread(() -> {
            ready.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dp-probe-test");
        t.start();
        try {
            assertTrue(ready.await(10, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals("0", HostThreads.niceByThread(tasks).get("dp-probe-test"));
        } finally {
            done.countDown();
            t.join(10_000);
        }
    }
}
