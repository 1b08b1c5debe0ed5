package org.sofj.cli.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the host made of the runtime's thread priorities: the nice value of each LL tick thread
 * ({@code sofj-ll-core-N}) and DP thread ({@code dp-NAME}), or {@code FIFO N} for a thread under
 * {@code SCHED_FIFO}, read from Linux's {@code /proc/self/task}. The tick thread asks for
 * {@link Thread#MAX_PRIORITY} and DP threads for one less, but HotSpot turns them into nice
 * values only under {@code -XX:ThreadPriorityPolicy=1} with the right to lower one; a tick thread
 * gets {@code SCHED_FIFO} only if the host grants {@code --rt-priority} (docs/wall-clock.md,
 * "Thread priorities"). A latency engineer reading a wall-clock report needs to know which it
 * was. Cold path: read once per run.
 */
final class HostThreads {
    private static final Path TASKS = Path.of("/proc/self/task");

    private HostThreads() {
    }

    /**
     * @param hostPolicy the scheduler's line on the tick threads' policy
     *                   ({@code SofRuntime.hostPolicy()})
     * @return one line: the nice values of the LL and DP threads, whether priorities took
     *         effect, or why it is not known
     */
    static String priorities(String hostPolicy) {
        final String line = describe(niceByThread(TASKS));
        // the scheduler's own word only when it asked for SCHED_FIFO and did not get it
        return hostPolicy.contains("refused") || hostPolicy.contains("not known")
                ? line + "; " + hostPolicy : line;
    }

    /**
     * @param tasks a {@code /proc/PID/task} directory
     * @return the nice value of each LL and DP thread by thread name, or {@code FIFO N} for
     *         one under {@code SCHED_FIFO} (empty if none or unreadable)
     */
    static Map<String, String> niceByThread(Path tasks) {
        final Map<String, String> out = new TreeMap<>();
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(tasks)) {
            for (Path task : ids) {
                try {
                    final String name = Files.readString(task.resolve("comm"),
                            StandardCharsets.US_ASCII).strip();
                    if (name.startsWith("sofj-ll-core-") || name.startsWith("dp-")) {
                        out.put(name, label(Files.readString(task.resolve("stat"),
                                StandardCharsets.US_ASCII)));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended between the listing and the read: not ours to report
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of(); // not Linux, or /proc not mounted
        }
        return out;
    }

    /**
     * @param stat a {@code /proc/PID/task/TID/stat} line
     * @return {@code FIFO N} if its policy (41st field) is {@code SCHED_FIFO} (1), with N its
     *         real-time priority (40th), else its nice value (19th); fields counted after the
     *         parenthesised name, which may hold spaces
     */
    static String label(String stat) {
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        if (f.length > 41 - 3 && Integer.parseInt(f[41 - 3]) == 1) {
            return "FIFO " + f[40 - 3];
        }
        return f[19 - 3];
    }

    /**
     * @param nice nice value (or {@code FIFO N}) by thread name
     * @return the report line
     */
    static String describe(Map<String, String> nice) {
        if (nice.isEmpty()) {
            return "thread priorities: unknown (no /proc/self/task)";
        }
        final StringBuilder b = new StringBuilder("thread priorities (nice):");
        String sep = " ";
        boolean raised = false;
        for (Map.Entry<String, String> e : nice.entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
            raised |= e.getValue().startsWith("-") || e.getValue().startsWith("FIFO");
        }
        if (!raised) {
            b.append("; not raised: the launcher raises them as root"
                    + " (-XX:ThreadPriorityPolicy=1), docs/wall-clock.md");
        }
        return b.toString();
    }
}
