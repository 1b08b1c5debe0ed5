package org.sofj.audio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Puts the calling thread under Linux's {@code SCHED_FIFO} at a given priority, for a wall-clock
 * tick thread (SchedulerConfig#realtimePriority). Java cannot ask for a real-time policy itself,
 * so this runs util-linux's {@code chrt -f -p PRIORITY TID} on the thread's own id (read from
 * {@code /proc/thread-self}) and then reads the policy back from {@code /proc}, trusting the
 * kernel's answer rather than chrt's exit code. {@code chrt} is taken from {@code /usr/bin} or
 * {@code /bin} only, never from {@code PATH}.
 *
 * <p>Under {@code SCHED_FIFO} a thread runs before every time-sharing thread on its CPU as soon
 * as it is runnable, which is what a 1 ms tick on a busy host needs (docs/wall-clock.md, "Thread
 * priorities"). It needs {@code CAP_SYS_NICE} (root, or an {@code rtprio} limit). Linux's
 * real-time throttling ({@code /proc/sys/kernel/sched_rt_runtime_us}, 95% by default) leaves the
 * rest of the host some CPU even if the thread never sleeps. Cold path: once per thread, before
 * its first tick.
 */
final class HostPolicy {
    /** Where chrt is looked for, in order. */
    static final List<Path> CHRT = List.of(Path.of("/usr/bin/chrt"), Path.of("/bin/chrt"));
    /** How long chrt may take (real time). */
    static final long CHRT_MILLIS = TimeUnit.SECONDS.toMillis(5);
    /** Linux's {@code SCHED_FIFO}, as {@code /proc/TID/stat} reports a thread's policy. */
    static final int SCHED_FIFO = 1;

    private HostPolicy() {
    }

    /**
     * Asks for {@code SCHED_FIFO} at {@code priority} for the calling thread.
     *
     * @param priority 1 to 99
     * @return null if the kernel now reports the thread under {@code SCHED_FIFO} at that
     *         priority, else why not, in one line
     */
    static String fifo(int priority) {
        return fifo(priority, CHRT);
    }

    /**
     * As {@link #fifo(int)}, with chrt looked for in {@code chrtPaths}.
     *
     * @param priority  1 to 99
     * @param chrtPaths where chrt is looked for, in order
     * @return null if granted, else why not
     */
    static String fifo(int priority, List<Path> chrtPaths) {
        final String tid;
        final Path self = Path.of("/proc/thread-self");
        try {
            tid = Files.readSymbolicLink(self).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "no " + self + " (not Linux?)";
        }
        final Path chrt = chrtPaths.stream().filter(Files::isExecutable).findFirst()
                .orElse(null);
        if (chrt == null) {
            return "no chrt in " + chrtPaths + " (util-linux)";
        }
        final String said;
        try {
            final Process p = new ProcessBuilder(chrt.toString(), "-f", "-p",
                    Integer.toString(priority), tid).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(CHRT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return chrt + " did not answer in " + CHRT_MILLIS + " ms";
            }
            try (InputStream in = p.getInputStream()) {
                said = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            return chrt + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while " + chrt + " ran";
        }
        final int[] got = policy(self.resolve("stat"));
        if (got != null && got[0] == SCHED_FIFO && got[1] == priority) {
            return null;
        }
        return said.isEmpty() ? "the kernel reports policy " + (got == null ? "unknown" : got[0])
                + ", not SCHED_FIFO " + priority : said.lines().findFirst().orElse(said);
    }

    /**
     * @param stat a {@code /proc/.../stat} file
     * @return {policy, rt_priority} from it, or null if unreadable
     */
    static int[] policy(Path stat) {
        try {
            return policyOf(Files.readString(stat, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param stat a {@code /proc/PID/task/TID/stat} line
     * @return {policy, rt_priority}: its 41st and 40th fields (counted after the parenthesised
     *         name, which may hold spaces)
     */
    static int[] policyOf(String stat) {
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new int[] {Integer.parseInt(f[41 - 3]), Integer.parseInt(f[40 - 3])};
    }
}
