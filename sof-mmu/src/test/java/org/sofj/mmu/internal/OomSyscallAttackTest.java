package org.sofj.mmu.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel code that runs on a user thread on the module's behalf ({@code mod_alloc},
 * {@code mod_free}, {@code fast_get}, {@code fast_put}) against a module that fills the Java heap
 * first, so that an {@link OutOfMemoryError} (which it may catch) strikes inside the kernel's
 * code, at every point in turn ({@link OomSyscallProbe}). Filling the heap needs a JVM of its
 * own with a small heap, so the probe runs in a child JVM; its one line says whether the books
 * added up. Before the syscalls reserved heap and made their heaps' changes atomic, the probe
 * lost the whole free map of the driver heap and of the kernel heap, and leaked a fast_get copy.
 */
final class OomSyscallAttackTest {
    @TempDir
    Path dir;

    @Test
    void shouldLeaveTheBooksWholeWhereverAnOutOfMemoryErrorStrikesASyscall()
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
                "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "-cp", classPath(), OomSyscallProbe.class.getName(), "2"));
        final Path out = dir.resolve("probe.txt");
        final Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        final boolean ended = p.waitFor(5, TimeUnit.MINUTES); // a hang guard, not a timing
        if (!ended) {
            p.destroyForcibly();
        }
        final String line = Files.readString(out, StandardCharsets.UTF_8).strip();
        assertTrue(ended, "the probe did not end: " + line);
        assertEquals(0, p.exitValue(), line);
        assertTrue(line.startsWith("held user rights after "), line);
        assertFalse(line.contains("after 0 OutOfMemoryErrors"),
                "the probe must have struck the syscalls at least once: " + line);
    }

    /** The test's own module path and class path, with this module's test classes. */
    private static String classPath() {
        final List<String> parts = new ArrayList<>();
        parts.add(Path.of("target", "test-classes").toAbsolutePath().toString());
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            final String value = System.getProperty(property);
            if (value != null && !value.isEmpty()) {
                parts.add(value);
            }
        }
        return String.join(File.pathSeparator, parts);
    }
}
