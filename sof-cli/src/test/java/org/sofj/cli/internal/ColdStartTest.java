package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cold JVM loads for {@code sofj run}: no class it does not need (docs/jfr.md). A real
 * JVM, as the launcher starts it; every wait is bounded.
 */
final class ColdStartTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    /** @return the classes a child JVM loaded while running the README example for 0.1 s */
    private static List<String> classesLoadedByARun() throws Exception {
        final Path log = dir.resolve("classes.txt");
        final String java = ProcessHandle.current().info().command().orElseThrow();
        final Process p = new ProcessBuilder(java, "-Xlog:class+load=info:file=" + log,
                "--add-exports", "java.base/jdk.internal.misc=org.agrona", "--module-path",
                System.getProperty("jdk.module.path"), "-m",
                "org.sofj.cli/org.sofj.cli.internal.Main", "run",
                dir.resolve("examples/tone-eq-fir.toml").toString(), "--seconds", "0.1",
                "--quiet").redirectErrorStream(true).start();
        final String text = new String(p.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "exited");
        assertEquals(0, p.exitValue(), text);
        return Files.readAllLines(log);
    }

    /**
     * Loading a JFR event class makes the JVM instrument it, about 0.15 s of a cold JVM's CPU:
     * without a recording the run loads none of sofj's events (it loaded five of the six before).
     */
    @Test
    void shouldLoadNoJfrEventClassWithoutARecording() throws Exception {
        final List<String> loaded = classesLoadedByARun();
        assertEquals(List.of(), loaded.stream()
                .filter(l -> l.contains("org.sofj.runtime.internal.Events$")).toList());
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" org.sofj.runtime.internal.Jfr ")),
                "the run asked whether JFR is up");
    }
}
