package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.runtime.JvmFlags;

/**
 * Issue 15: a host application on the <em>class path</em> loads a signed library and runs the
 * README's pipeline (tone, gain, eq_iir and fir in user mode, passthru, host_out). Each test starts
 * a child JVM with every jar of this test JVM's module path and class path, and the test classes,
 * on the class path, and runs {@link ClassPathHost} there.
 */
final class ClassPathEmbeddingTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    /** What a child JVM printed and returned. */
    private record Child(int code, String out) {
    }

    private static Child child(List<String> flags) throws IOException, InterruptedException,
            URISyntaxException {
        final List<String> cp = new ArrayList<>();
        for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
            for (String entry : System.getProperty(property, "").split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    cp.add(entry);
                }
            }
        }
        cp.add(Path.of(ClassPathHost.class.getProtectionDomain().getCodeSource().getLocation()
                .toURI()).toString());
        final List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(flags);
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp),
                ClassPathHost.class.getName(),
                dir.resolve("examples/tone-eq-fir.toml").toString()));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // a real child JVM: bounded wait, far above the few seconds it takes
        final boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, "the child JVM did not finish: " + out);
        return new Child(p.exitValue(), out);
    }

    @Test
    void shouldLoadALibraryAndRunAPipelineWhenTheHostIsOnTheClassPath() throws Exception {
        // exactly the flags JvmFlags lists for the class path: they are enough
        final Child c = child(JvmFlags.required(JvmFlags.Mode.CLASS_PATH,
                Runtime.version().feature()));
        assertEquals(0, c.code(), c.out());
        assertTrue(c.out().contains("api module named: false"), c.out());
        assertTrue(c.out().contains("eq: user true, faulted false"), c.out());
        assertTrue(c.out().contains("fir: user true, faulted false"), c.out());
        assertTrue(c.out().matches("(?s).*bytes out: [1-9][0-9]+, non-zero: [1-9][0-9]+.*"),
                c.out());
    }

    @Test
    void shouldNameTheClassPathFlagWhenItIsMissing() throws Exception {
        final Child c = child(Runtime.version().feature() >= 24
                ? List.of("--sun-misc-unsafe-memory-access=allow") : List.of());
        assertNotEquals(0, c.code(), c.out());
        assertTrue(c.out().contains("the JVM lacks the flag --add-exports java.base/"
                + "jdk.internal.misc=ALL-UNNAMED that sofj's memory system (Agrona) needs"),
                c.out());
    }
}
