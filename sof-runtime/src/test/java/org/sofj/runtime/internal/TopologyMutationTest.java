package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.topology.Deployment;
import org.sofj.runtime.topology.Topology;
import org.sofj.runtime.topology.TopologyException;

/**
 * A valid topology of built-in test modules (kernel and user, LL and DP, two pipelines on two
 * cores, a configuration) mutated many ways, seeded: a value replaced by another of any type or
 * size (past an int, past a long, negative, a float, a string with a control character, an
 * array), a line deleted, doubled, moved or inserted, the text cut short, a character replaced.
 * Each result is either read and deployed, with every integer it holds read as written, or
 * refused in one line, without a control character, that starts with the file and names a key or
 * a table; a refused deployment leaves the runtime as it was: tables, heaps, drivers
 * ({@link HostileRequestsTest#snapshot}), the runtime's threads and the open file descriptors.
 */
final class TopologyMutationTest {
    private static final String BASE = """
            [format]
            rate = 48000
            channels = 2
            sample = "S32_LE"

            [[pipeline]]
            id = 1
            core = 0

            [[pipeline]]
            id = 2
            core = 1

            [[module]]
            name = "a"
            type = "src"
            pipeline = 1

            [[module]]
            name = "b"
            type = "pass"
            domain = "DP"
            pipeline = 1
            heap_bytes = 8192

            [[module]]
            name = "c"
            type = "kpass"
            pipeline = 1

            [[module]]
            name = "d"
            type = "cap"
            pipeline = 1
            config = "01020304"

            [[module]]
            name = "e"
            type = "src"
            pipeline = 2
            core = 1

            [[module]]
            name = "f"
            type = "upass"
            pipeline = 2
            stack_bytes = 8192
            alloc_budget = 1000000

            [[module]]
            name = "g"
            type = "cap"
            pipeline = 2

            [[connection]]
            from = "a"
            to = "b"

            [[connection]]
            from = "b"
            to = "c"

            [[connection]]
            from = "c:0"
            to = "d:0"

            [[connection]]
            from = "e"
            to = "f"

            [[connection]]
            from = "f"
            to = "g"
            """;
    private static final String[] VALUES = {"0", "1", "2", "-1", "7", "8", "254", "255", "256",
        "65535", "65536", "2147483647", "2147483648", "4294967296", "4294967297",
        "9223372036854775807", "9223372036854775808", "18446744073709551617",
        "18446744073709599616", "-9223372036854775809", "1.5", "4.8e4", "true", "0x10", "1_0",
        "\"\"", "\"a\"", "\"b:1\"", "\"c:7\"", "\"d:8\"", "\"a:-1\"", "\"LL\"", "\"dp\"",
        "\"S16_LE\"", "\"FLOAT_LE\"", "\"s24_le\"", "\"src\"", "\"upass\"", "\"evil\"",
        "\"nosuch\"", "\"a\\u000ab\"", "\"x\\u0007\"", "\"\\u001b[31m\"", "\"zz\"", "\"0\"",
        "\"0 1_02\"", "[1, 2]", "{ x = 1 }", "\"ä\"", "\"" + "ab".repeat(300) + "\""};
    /**
     * Values the reader accepts for some key but the runtime may not (a module type in another
     * place, a user module in LL, pins a type has not got, a heap past the user heap, a blob a
     * module refuses): the mutants that fail half-way through a deployment.
     */
    private static final String[] PLAUSIBLE = {"\"DP\"", "\"LL\"", "\"src\"", "\"cap\"",
        "\"kpass\"", "\"pass\"", "\"upass\"", "\"minimal\"", "\"evil\"", "\"agent\"",
        "\"scripted\"", "\"a\"", "\"e\"", "\"g\"", "\"f:1\"", "\"b:1\"", "\"d:1\"", "1", "2",
        "0", "4096", "65536", "16777216", "\"00\"", "\"" + "00".repeat(3000) + "\""};
    private static final String[] LINES = {"x = 1", "[[module]]", "[[pipeline]]", "[format]",
        "[[connection]]", "[[library]]", "name = \"a\"", "id = 1", "from = \"a\"", "to = \"a\"",
        "[module]", "\"k\\u000a\" = 2", "type = \"cap\"", "rate = 44100", "library = 3",
        "[[format]]", "pipeline = 9"};
    private static final Pattern ASSIGNMENT = Pattern.compile("^([a-z_]+) = (.*)$");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private final RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder().cores(2));

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        fx.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void shouldDeployOrRefuseInOneLineAndLeaveTheRuntimeAsItWas(long seed) throws IOException {
        final Random r = new Random(seed);
        final Path file = dir.resolve("t.toml");
        deployed(Topology.read(Files.writeString(file, BASE))); // the base is valid
        int read = 0;
        int deployed = 0;
        int undone = 0;
        for (int step = 0; step < 150; step++) {
            final String text = mutate(BASE, r, r.nextInt(4) == 0 ? 2 : 1);
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            final String what = "step " + step + ", seed " + seed + ":\n" + text;
            final Topology t;
            try {
                t = Topology.read(file);
            } catch (TopologyException e) {
                oneLineNamingAField(file, e.getMessage(), what);
                continue;
            }
            read++;
            integersReadAsWritten(t, text, what);
            final String before = HostileRequestsTest.snapshot(fx);
            final long threads = HostileRequestsTest.runtimeThreads();
            final long fds = openFiles(dir);
            try {
                Deployment.deploy(fx.runtime(), t);
            } catch (TopologyException e) {
                oneLineNamingAField(file, e.getMessage(), what);
                assertEquals(before, HostileRequestsTest.snapshot(fx), what + "\n" + e.getMessage());
                assertEquals(threads, HostileRequestsTest.awaitThreads(threads), what + "\n" + e.getMessage());
                assertEquals(fds, openFiles(dir), what + "\n" + e.getMessage());
                undone++;
                continue;
            }
            deployed++;
            undeploy(t);
        }
        assertTrue(deployed > 10 && undone > 3, "enough mutants deployed (" + deployed
                + ") and refused after a partial deployment (" + undone + ") to mean something");
    }

    /** Deploys, ticks a little and takes it down again: the next mutant starts from nothing. */
    private void deployed(Topology t) {
        Deployment.deploy(fx.runtime(), t);
        undeploy(t);
    }

    private void undeploy(Topology t) {
        fx.ticks(3);
        for (Topology.Pipeline p : t.pipelines()) {
            fx.kernel.setPipelineState(p.id(), PipelineState.RESET);
            fx.kernel.deletePipeline(p.id());
        }
        assertEquals(List.of(), fx.kernel.instances());
    }

    private static void oneLineNamingAField(Path file, String message, String what) {
        assertEquals(1, message.lines().count(), what + "\n" + message);
        for (char c : message.toCharArray()) {
            assertFalse(c < 0x20 || c >= 0x7F && c <= 0x9F, "a control character in " + message
                    + "\n" + what);
        }
        assertTrue(message.startsWith(file.toString() + ": "), message);
        final String rest = message.substring(file.toString().length());
        assertTrue(rest.contains("key \"") || rest.contains("[[") || rest.contains("[format]")
                || rest.contains("not valid TOML") || rest.contains("the top level")
                || rest.contains("\"format\"") || rest.contains("\"module\"")
                || rest.contains("\"pipeline\"") || rest.contains("\"connection\"")
                || rest.contains("\"library\""), "names no key or table: " + message + "\n" + what);
    }

    /** A {@code key = integer} line of {@code [format]} or a pipeline: read as written, not cut. */
    private static void integersReadAsWritten(Topology t, String text, String what) {
        String table = "";
        final List<BigInteger> pipelineIds = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("[")) {
                table = line;
                continue;
            }
            final Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches() || !INTEGER.matcher(m.group(2)).matches()) {
                continue;
            }
            final BigInteger v = new BigInteger(m.group(2));
            if (table.equals("[format]") && m.group(1).equals("rate")) {
                assertEquals(v, BigInteger.valueOf(t.format().rate()), what);
            } else if (table.equals("[format]") && m.group(1).equals("channels")) {
                assertEquals(v, BigInteger.valueOf(t.format().channels()), what);
            } else if (table.equals("[[pipeline]]") && m.group(1).equals("id")) {
                pipelineIds.add(v);
            }
        }
        final List<BigInteger> read = t.pipelines().stream()
                .map(p -> BigInteger.valueOf(p.id())).toList();
        assertTrue(read.containsAll(pipelineIds), what + "\nread " + read);
    }

    private static String mutate(String base, Random r, int times) {
        final List<String> lines = new ArrayList<>(Arrays.asList(base.split("\n", -1)));
        String text = base;
        for (int k = 0; k < times; k++) {
            final int at = r.nextInt(lines.size());
            switch (r.nextInt(8)) {
                case 0, 1, 2 -> {
                    // a value: half the time one the reader accepts, so the runtime judges it
                    final Matcher m = ASSIGNMENT.matcher(lines.get(at));
                    if (m.matches()) {
                        final String[] pool = r.nextBoolean() ? VALUES : PLAUSIBLE;
                        lines.set(at, m.group(1) + " = " + pool[r.nextInt(pool.length)]);
                    }
                }
                case 3 -> lines.remove(at);
                case 4 -> lines.add(at, lines.get(r.nextInt(lines.size())));
                case 5 -> lines.add(at, LINES[r.nextInt(LINES.length)]);
                case 6 -> lines.add(r.nextInt(lines.size()), lines.remove(at));
                default -> {
                    final String line = lines.get(at);
                    if (!line.isEmpty()) {
                        final char[] c = line.toCharArray();
                        c[r.nextInt(c.length)] = (char) r.nextInt(0x80);
                        lines.set(at, new String(c));
                    }
                }
            }
            text = String.join("\n", lines);
        }
        if (r.nextInt(10) == 0) {
            text = text.substring(0, r.nextInt(text.length()));
        }
        return text;
    }

    /**
     * How many of this JVM's open files are under {@code under} (Linux; -1 elsewhere): the
     * topology's own files only, as the JVM may open a jar of its own at any time.
     */
    private static long openFiles(Path under) {
        final Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (java.util.stream.Stream<Path> s = Files.list(fds)) {
            return s.map(TopologyMutationTest::target).filter(t -> t.startsWith(under)).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where a descriptor's link points; nowhere if it closed since the listing. */
    private static Path target(Path fd) {
        try {
            return Files.readSymbolicLink(fd);
        } catch (IOException e) {
            return Path.of("/");
        }
    }
}
