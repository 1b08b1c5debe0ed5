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
 * ({@code sofj-ll-core-N}) and DP thread ({@code dp-NAME}), read from Linux's
 * {@code /proc/self/task}. The tick thread asks for {@link Thread#MAX_PRIORITY} and DP threads
 * for one less, but HotSpot turns them into nice values only under
 * {@code -XX:ThreadPriorityPolicy=1} with the right to lower one (docs/wall-clock.md, "Thread
 * priorities"); a latency engineer reading a wall-clock report needs to know which it was. Cold
 * path: read once per run.
 */
final class HostThreads {
    private static final Path TASKS = Path.of("/proc/self/task");

    private HostThreads() {
    }

    /**
     * @return one line: the nice values of the LL and DP threads, whether priorities took
     *         effect, or why it is not known
     */
    static String priorities() {
        return describe(niceByThread(TASKS));
    }

    /**
     * @param tasks a {@code /proc/PID/task} directory
     * @return the nice value of each LL and DP thread by thread name (empty if none or
     *         unreadable)
     */
    static Map<String, Integer> niceByThread(Path tasks) {
        final Map<String, Integer> out = new TreeMap<>();
        try (DirectoryStream<Path> ids = Files.newDirectoryStream(tasks)) {
            for (Path task : ids) {
                try {
                    final String name = Files.readString(task.resolve("comm"),
                            StandardCharsets.US_ASCII).strip();
                    if (name.startsWith("sofj-ll-core-") || name.startsWith("dp-")) {
                        out.put(name, nice(Files.readString(task.resolve("stat"),
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
     * @return its nice field (the 19th; fields counted after the parenthesised name, which may
     *         hold spaces)
     */
    static int nice(String stat) {
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(f[19 - 3]);
    }

    /**
     * @param nice nice value by thread name
     * @return the report line
     */
    static String describe(Map<String, Integer> nice) {
        if (nice.isEmpty()) {
            return "thread priorities: unknown (no /proc/self/task)";
        }
        final StringBuilder b = new StringBuilder("thread priorities (nice):");
        String sep = " ";
        boolean raised = false;
        for (Map.Entry<String, Integer> e : nice.entrySet()) {
            b.append(sep).append(e.getKey()).append(' ').append(e.getValue());
            sep = ", ";
            raised |= e.getValue() < 0;
        }
        if (!raised) {
            b.append("; not raised: the launcher raises them as root"
                    + " (-XX:ThreadPriorityPolicy=1), docs/wall-clock.md");
        }
        return b.toString();
    }
}
