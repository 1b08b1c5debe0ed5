package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.topology.Topology;

/**
 * The attack suite's runtime routes (issue 11): a hostile user-mode library, compiled from
 * {@code src/test/attacks/rogue} at test time and packed and signed as {@code sofj pack} does,
 * plays beside the clean pipeline of {@code examples/misbehaving.toml} (in snoop's place) and
 * attacks after 100 periods by one vector. For each vector and proxy variant, on the virtual
 * clock, the run must end with its outputs, nothing but the rogue may be FAULTED, and the clean
 * pipeline's output must be bit-identical to a run without the rogue; on the wall clock the run
 * must end with only the rogue FAULTED. The bytecode routes (classes under JDK names, finalize,
 * shared pools, logging, ...) are refused at load: sof-llext's LinkCheckAttackTest covers them.
 */
final class AttackSuiteTest {
    private static final int TICKS = 400;
    /** The wall clock runs longer: a loaded host may run the rogue's periods late. */
    private static final int WALL_TICKS = 1500;
    @TempDir
    static Path dir;
    private static byte[] reference;

    @BeforeAll
    static void build() throws IOException {
        Cli.workspace(dir);
        final Path jar = compileRogue(dir.resolve("rogue"));
        Cli.check(Cli.run("pack", jar.toString(), "--key", dir.resolve("target/sofj/dev.key")
                .toString(), "--output", dir.resolve("target/sofj/rogue.sofjlib").toString()));
        reference = run(topology(0, false, "DP"), SchedulerConfig.Clock.VIRTUAL,
                ProxyVariant.SHARED_WORKER).outputs.get("clean");
    }

    @ParameterizedTest(name = "vector {0} ({1}) {2} {4}")
    @CsvSource({
        "1, null into the sources array, SHARED_WORKER, EXCEPTION, DP",
        "1, null into the sources array, DP_THREAD, EXCEPTION, DP",
        "1, null into the sources array, SHARED_WORKER, EXCEPTION, LL",
        "2, toString and getMessage throw, SHARED_WORKER, EXCEPTION, DP",
        "2, toString and getMessage throw, DP_THREAD, EXCEPTION, DP",
        "2, toString and getMessage throw, SHARED_WORKER, EXCEPTION, LL",
        "3, allocates without bound, SHARED_WORKER, EXCEPTION, DP",
        "3, allocates without bound, DP_THREAD, EXCEPTION, DP",
        "3, allocates without bound, SHARED_WORKER, EXCEPTION, LL",
        "4, OutOfMemoryError, SHARED_WORKER, EXCEPTION, DP",
        "4, OutOfMemoryError, DP_THREAD, EXCEPTION, DP",
        "4, OutOfMemoryError, SHARED_WORKER, EXCEPTION, LL",
        "5, StackOverflowError, SHARED_WORKER, EXCEPTION, DP",
        "5, StackOverflowError, DP_THREAD, EXCEPTION, DP",
        "5, StackOverflowError, SHARED_WORKER, EXCEPTION, LL",
        "6, catches its own MemoryFault, SHARED_WORKER, MEMORY_FAULT, DP",
        "6, catches its own MemoryFault, DP_THREAD, MEMORY_FAULT, DP",
        "6, catches its own MemoryFault, SHARED_WORKER, MEMORY_FAULT, LL",
        "7, getMessage reads kernel memory, SHARED_WORKER, EXCEPTION, DP",
        "7, getMessage reads kernel memory, DP_THREAD, EXCEPTION, DP",
        "7, getMessage reads kernel memory, SHARED_WORKER, EXCEPTION, LL",
        "8, never returns from process, SHARED_WORKER, HANG, DP",
        "8, never returns from process, SHARED_WORKER, HANG, LL",
        "9, getMessage never returns, SHARED_WORKER, HANG, DP",
        "9, getMessage never returns, DP_THREAD, HANG, DP",
        "9, getMessage never returns, SHARED_WORKER, HANG, LL",
        "10, an Error of its own with a cyclic cause chain, SHARED_WORKER, EXCEPTION, DP",
        "10, an Error of its own with a cyclic cause chain, DP_THREAD, EXCEPTION, DP",
        "10, an Error of its own with a cyclic cause chain, SHARED_WORKER, EXCEPTION, LL",
        "11, a 16-million-char message, SHARED_WORKER, EXCEPTION, DP",
        "11, a 16-million-char message, SHARED_WORKER, EXCEPTION, LL",
        "12, a static initialiser that reads kernel memory, SHARED_WORKER, EXCEPTION, DP",
        "12, a static initialiser that reads kernel memory, DP_THREAD, EXCEPTION, DP",
        "12, a static initialiser that reads kernel memory, SHARED_WORKER, EXCEPTION, LL",
        "15, a message that forges a log line, SHARED_WORKER, EXCEPTION, DP",
        "15, a message that forges a log line, SHARED_WORKER, EXCEPTION, LL",
        "18, a MemoryFault it made itself, SHARED_WORKER, EXCEPTION, DP",
        "18, a MemoryFault it made itself, DP_THREAD, EXCEPTION, DP",
        "18, a MemoryFault it made itself, SHARED_WORKER, EXCEPTION, LL",
        "19, every Throwable and Object method throws, SHARED_WORKER, EXCEPTION, DP",
        "19, every Throwable and Object method throws, DP_THREAD, EXCEPTION, DP",
        "19, every Throwable and Object method throws, SHARED_WORKER, EXCEPTION, LL",
    })
    void shouldFaultOnlyTheRogueAndLeaveTheCleanPipelineBitIdentical(int vector, String what,
            ProxyVariant proxy, String kind, String domain) throws IOException {
        final Outcome o = run(topology(vector, true, domain), SchedulerConfig.Clock.VIRTUAL,
                proxy);
        // the kernel never sees what the rogue does to its arrays or objects: only the rogue,
        // by its own doing, is FAULTED, and the run ends with every output written
        assertEquals(List.of("rogue#0"), o.faulted, what);
        assertEquals(RuntimeEvent.Kind.valueOf(kind), o.events.get(0).kind(), what);
        assertArrayEquals(reference, o.outputs.get("clean"), what + ": clean output changed");
        assertTrue(o.outputs.get("snooped").length > 0, "the rogue's own output was written");
        if (vector == 2) {
            assertTrue(o.events.get(0).detail().contains("<getMessage threw java.lang."
                    + "IllegalStateException>"), o.events.get(0).detail());
        }
        if (vector == 3) {
            assertTrue(o.events.get(0).detail().contains("allocation budget"),
                    o.events.get(0).detail());
        }
        if (vector == 10) {
            assertTrue(o.events.get(0).detail().contains("evil.rogue.Rogue$Boom: first"),
                    o.events.get(0).detail());
            // where the module's code threw, read inside its window like the message: the
            // author's line, through the loader's rewrite of the class
            assertTrue(o.events.get(0).detail().endsWith(
                    ": first (at evil.rogue.Rogue.attack(Rogue.java:144))"),
                    o.events.get(0).detail());
        }
        if (vector == 11) {
            // bounded: the class name, 200 chars of the message and an ellipsis
            assertTrue(o.events.get(0).detail().length() < 400, o.events.get(0).detail()
                    .length() + " chars");
        }
        if (vector == 12) {
            assertTrue(o.events.get(0).detail().contains("ExceptionInInitializerError"),
                    o.events.get(0).detail());
        }
        if (vector == 15) {
            final String detail = o.events.get(0).detail();
            assertTrue(detail.chars().noneMatch(ch -> ch < 0x20 || ch >= 0x7F && ch <= 0x9F),
                    "no control character reaches logs, reports or the terminal: " + detail);
            assertTrue(detail.contains("x\\u000aWARNING"), detail);
        }
        if (vector == 18) {
            // no access faulted: a MemoryFault the module made is what it threw, not a fact the
            // MMU recorded, so it is not reported as one
            assertTrue(o.events.get(0).detail().startsWith("rogue#0: org.sofj.api.MemoryFault: "),
                    o.events.get(0).detail());
        }
        if (vector == 19) {
            assertEquals("rogue#0: evil.rogue.Rogue$Hostile: plain", o.events.get(0).detail(),
                    o.events.get(0).detail());
        }
        if (vector == 7) {
            // getMessage ran on the rogue's own thread with its own rights: the read faulted
            assertTrue(o.events.get(0).detail().contains("<getMessage threw org.sofj.api."
                    + "MemoryFault>"), o.events.get(0).detail());
        }
    }

    @ParameterizedTest(name = "wall clock, vector {0}, {1} {2}")
    @CsvSource({"2, SHARED_WORKER, DP", "3, DP_THREAD, DP", "5, SHARED_WORKER, DP",
        "7, DP_THREAD, DP", "2, SHARED_WORKER, LL", "7, SHARED_WORKER, LL"})
    void shouldFaultOnlyTheRogueOnTheWallClock(int vector, ProxyVariant proxy, String domain)
            throws IOException {
        // vector 3 allocates 4 MiB a run: the runtime's 256 MiB takes 64 runs, more than a loaded
        // host gives its DP thread in WALL_TICKS (it failed so, with no event); 16 MiB takes 5
        final Path p = vector == 3 ? budgeted(topology(vector, true, domain), 16 << 20)
                : topology(vector, true, domain);
        final Outcome o = run(p, SchedulerConfig.Clock.WALL, proxy);
        assertEquals(List.of("rogue#0"), o.faulted, "only the rogue; events: " + o.events);
        assertTrue(o.outputs.get("clean").length > 0);
    }

    @ParameterizedTest(name = "free never returns, {0} {1}")
    @CsvSource({"SHARED_WORKER, DP", "DP_THREAD, DP", "SHARED_WORKER, LL"})
    void shouldCloseTheRuntimeWhenARoguesFreeNeverReturns(ProxyVariant proxy, String domain)
            throws IOException {
        // vector 13: the rogue plays along for the whole run and hangs only in free, which the
        // runtime's close calls; close must still end, with the rogue written off (TIMEOUT)
        final Path p = topology(13, true, domain);
        final Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(120), () -> run(p, SchedulerConfig.Clock.VIRTUAL,
                        proxy, true), "a hang guard, not a timing");
        assertArrayEquals(reference, o.outputs.get("clean"), "clean output changed");
        final List<RuntimeEvent> faults = o.events.stream()
                .filter(e -> e.kind() != RuntimeEvent.Kind.XRUN).toList();
        assertEquals(1, faults.size(), "only the rogue's FREE: " + faults);
        assertEquals(RuntimeEvent.Kind.TIMEOUT, faults.get(0).kind(), faults.toString());
        assertTrue(faults.get(0).detail().contains("FREE did not complete"),
                faults.get(0).detail());
    }

    @ParameterizedTest(name = "teardown fights back, vector {0}, {1} {2}")
    @CsvSource({"16, SHARED_WORKER, DP", "16, DP_THREAD, DP", "16, SHARED_WORKER, LL",
        "17, SHARED_WORKER, DP", "17, DP_THREAD, DP", "17, SHARED_WORKER, LL"})
    void shouldCloseTheRuntimeWhenEveryTeardownCallOfARogueThrows(int vector, ProxyVariant proxy,
            String domain) throws IOException {
        // vectors 16 and 17: after its attack period the rogue plays along, but every call the
        // runtime's close makes (trigger, reset, unbind, free) throws something that fights back
        // (16) or overflows its stack (17); close must end, with every output written, the
        // clean pipeline bit-identical and only the rogue's calls recorded
        final Path p = topology(vector, true, domain);
        final Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(120), () -> run(p, SchedulerConfig.Clock.VIRTUAL,
                        proxy, true), "a hang guard, not a timing");
        assertArrayEquals(reference, o.outputs.get("clean"), "clean output changed");
        assertTrue(o.outputs.get("snooped").length > 0, "the rogue's own output was written");
        final List<RuntimeEvent> faults = o.events.stream()
                .filter(e -> e.kind() != RuntimeEvent.Kind.XRUN).toList();
        assertTrue(!faults.isEmpty(), "the rogue's teardown calls are recorded");
        final String expected = vector == 16 ? "<getMessage threw java.lang.IllegalStateException>"
                : "java.lang.StackOverflowError";
        for (RuntimeEvent e : faults) {
            assertEquals(RuntimeEvent.Kind.EXCEPTION, e.kind(), faults.toString());
            assertTrue(e.detail().contains(expected), faults.toString());
        }
    }

    @ParameterizedTest(name = "vector {0} ({1}) {2} {3} {4}")
    @CsvSource({
        "30, spins without touching memory, SHARED_WORKER, LL, VIRTUAL",
        "30, spins without touching memory, SHARED_WORKER, DP, VIRTUAL",
        "30, spins without touching memory, DP_THREAD, DP, VIRTUAL",
        "31, catches every throwable and spins again, SHARED_WORKER, LL, VIRTUAL",
        "31, catches every throwable and spins again, SHARED_WORKER, DP, VIRTUAL",
        "32, spins again in a finally, SHARED_WORKER, LL, VIRTUAL",
        "32, spins again in a finally, SHARED_WORKER, DP, VIRTUAL",
        "33, recurses without end and without a loop, SHARED_WORKER, LL, VIRTUAL",
        "33, recurses without end and without a loop, SHARED_WORKER, DP, VIRTUAL",
        "34, spins in a lambda, SHARED_WORKER, LL, VIRTUAL",
        "35, spins in an anonymous class, SHARED_WORKER, DP, VIRTUAL",
        "30, spins without touching memory, SHARED_WORKER, LL, WALL",
        "30, spins without touching memory, SHARED_WORKER, DP, WALL",
        "31, catches every throwable and spins again, DP_THREAD, DP, WALL",
    })
    void shouldTakeBackAThreadThatSpinsWithoutTouchingMemory(int vector, String what,
            ProxyVariant proxy, String domain, SchedulerConfig.Clock clock) throws IOException {
        // no memory access faults it: only the preemption checks in the rogue's bytecode end
        // the call. Without them a user LL module (or an inline DP body) stops its core for
        // ever: the run never ends (on the wall clock the clean pipeline stops instead)
        final Path p = topology(vector, true, domain);
        final Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(120), () -> run(p, clock, proxy),
                "a hang guard, not a timing");
        assertEquals(List.of("rogue#0"), o.faulted, what + "; events: " + o.events);
        assertEquals(RuntimeEvent.Kind.HANG, o.events.get(0).kind(), o.events.toString());
        if (clock == SchedulerConfig.Clock.VIRTUAL) {
            assertArrayEquals(reference, o.outputs.get("clean"), what + ": clean output changed");
        } else {
            assertTrue(o.outputs.get("clean").length > 0);
        }
        assertNoThreadRunsTheRogue();
    }

    @ParameterizedTest(name = "vector 37 (exponential work inside one JDK call) {0} {1}")
    @CsvSource({"LL, WALL", "LL, VIRTUAL", "DP, WALL"})
    void shouldGoOnWithoutAThreadStuckInOneJdkCall(String domain, SchedulerConfig.Clock clock)
            throws IOException {
        // vector 37: the hashCode of lists that share their elements, seconds of work inside
        // List.hashCode where no preemption check runs. On the wall clock a user LL module's
        // tick thread is abandoned and its core ticks on a new one (before, the core stopped
        // until the call returned); on the virtual clock runTicks waits for the call, as the
        // event says; a DP thread is written off as before. Once the call returns, its thread
        // leaves the rogue's code
        final Path p = topology(37, true, domain);
        final Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(120), () -> run(p, clock,
                        ProxyVariant.SHARED_WORKER), "a hang guard, not a timing");
        assertEquals(List.of("rogue#0"), o.faulted, "events: " + o.events);
        assertEquals(RuntimeEvent.Kind.HANG, o.events.get(0).kind(), o.events.toString());
        if ("LL".equals(domain)) {
            final String said = clock == SchedulerConfig.Clock.WALL
                    ? "was abandoned and core 0 ticks on a new one"
                    : "runTicks returns once the call does";
            assertTrue(o.events.stream().anyMatch(e -> e.detail().contains(said)
                    && e.kind() == RuntimeEvent.Kind.STUCK_THREAD), o.events.toString());
            // what the kernel did about the thread is not a second fault in the report's column
            assertEquals(1, RunReport.faults(o.events, o.events.get(0).componentId()),
                    o.events.toString());
        }
        if (clock == SchedulerConfig.Clock.VIRTUAL) {
            assertArrayEquals(reference, o.outputs.get("clean"), "clean output changed");
        } else {
            assertTrue(o.outputs.get("clean").length > 0);
        }
        assertNoThreadRunsTheRogue();
    }

    @ParameterizedTest(name = "vector {0} ({1}) {2} {3}")
    @CsvSource({
        "36, free spins without touching memory, SHARED_WORKER, DP",
        "36, free spins without touching memory, DP_THREAD, DP",
        "36, free spins without touching memory, SHARED_WORKER, LL",
    })
    void shouldTakeBackAProxyWorkerThatSpinsInAControlCall(int vector, String what,
            ProxyVariant proxy, String domain) throws IOException {
        // the proxy timeout cancels the call, as before; now the thread it abandoned also
        // leaves the module's code instead of spinning for as long as the JVM lives
        final Path p = topology(vector, true, domain);
        final Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(120), () -> run(p, SchedulerConfig.Clock.VIRTUAL,
                        proxy, true), "a hang guard, not a timing");
        assertArrayEquals(reference, o.outputs.get("clean"), what + ": clean output changed");
        final List<RuntimeEvent> faults = o.events.stream()
                .filter(e -> e.kind() != RuntimeEvent.Kind.XRUN).toList();
        assertEquals(1, faults.size(), what + ": only the rogue's call: " + faults);
        assertEquals(RuntimeEvent.Kind.TIMEOUT, faults.get(0).kind(), faults.toString());
        assertNoThreadRunsTheRogue();
    }

    /**
     * No live thread has a frame of the rogue's code: every call the runtime gave up on has been
     * taken back. Real threads: bounded by a deadline, polled with onSpinWait.
     */
    private static void assertNoThreadRunsTheRogue() {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS
                .toNanos(30);
        String running = "";
        int pending;
        do {
            running = "";
            for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces()
                    .entrySet()) {
                for (StackTraceElement f : e.getValue()) {
                    if (f.getClassName().startsWith("evil.rogue.")) {
                        running = e.getKey().getName() + " in " + f;
                        break;
                    }
                }
            }
            // and every preemption was withdrawn: no other module's checks stay on the slow
            // path (a thread just out of the rogue's frames may still be unwinding: waited for)
            pending = org.sofj.api.spi.Preemption.pendingCount();
            Thread.onSpinWait();
        } while ((!running.isEmpty() || pending != 0) && System.nanoTime() < deadline);
        assertEquals("", running, "a thread still runs the rogue's code");
        assertEquals(0, pending, () -> "preemption requests still pending: "
                + org.sofj.api.spi.Preemption.pendingReasons());
    }

    @ParameterizedTest(name = "hostbox leftovers, {0} {1}")
    @CsvSource({"SHARED_WORKER, DP", "DP_THREAD, DP", "SHARED_WORKER, LL"})
    void shouldShowAModuleNothingOfOtherModulesPayloadsInTheHostbox(ProxyVariant proxy,
            String domain) throws IOException {
        // vector 14: during its SET_CONF the rogue reads the whole hostbox, which is mapped to it
        // read-only; tone2's 8-byte config went through it just before the rogue's 4 bytes, and
        // its tail was still there for the rogue to read (the rogue then refused its config)
        final Outcome o = run(topology(14, true, domain), SchedulerConfig.Clock.VIRTUAL, proxy);
        assertEquals(List.of(), o.faulted, "events: " + o.events);
        assertArrayEquals(reference, o.outputs.get("clean"), "clean output changed");
        assertTrue(o.outputs.get("snooped").length > 0);
    }

    @org.junit.jupiter.api.Test
    void shouldFaultARogueAtTheAllocationBudgetItsTopologyGives() throws IOException {
        // the topology (the integrator's word, never the library's) gives the rogue 16 MiB
        // instead of the runtime's 256 MiB: it is FAULTED at the smaller budget, the rest runs
        final Path p = budgeted(topology(3, true, "DP"), 16 << 20);
        final Outcome o = run(p, SchedulerConfig.Clock.VIRTUAL, ProxyVariant.SHARED_WORKER);
        assertEquals(List.of("rogue#0"), o.faulted);
        final String detail = o.events.get(0).detail();
        assertTrue(detail.contains("past its allocation budget of 16777216 bytes"), detail);
        assertArrayEquals(reference, o.outputs.get("clean"), "clean output changed");
        final Outcome byDefault = run(topology(3, true, "DP"), SchedulerConfig.Clock.VIRTUAL,
                ProxyVariant.SHARED_WORKER);
        assertTrue(byDefault.events.get(0).detail().contains("allocation budget of "
                + org.sofj.runtime.SofRuntimeBuilder.DEFAULT_ALLOCATION_BUDGET + " bytes"),
                byDefault.events.get(0).detail());
        assertTrue(o.events.get(0).tick() < byDefault.events.get(0).tick(),
                "the smaller budget is reached sooner: " + o.events.get(0) + " vs "
                + byDefault.events.get(0));
    }

    @org.junit.jupiter.api.Test
    void shouldGiveAnAccessObjectStashedByOneInstanceNoKernelRightsInTheNextInstancesCreate()
            throws IOException {
        // a second rogue instance: its provider's create() reads kernel memory through the
        // access object the first instance's init left in a static field
        final String text = Files.readString(topology(0, true, "DP")).replace("[[module]]\nname = \"pass2\"",
                "[[module]]\nname = \"rogue2\"\ntype = \"rogue\"\nlibrary = 2\npipeline = 1\n"
                        + "domain = \"DP\"\n\n[[module]]\nname = \"pass2\"");
        final Path p = dir.resolve("examples/attack-stash.toml");
        Files.writeString(p, text);
        final CliException e = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> run(p, SchedulerConfig.Clock.VIRTUAL, ProxyVariant.SHARED_WORKER));
        // create ran on the second instance's user thread, and the stashed object has only the
        // first instance's user rights: the read faulted, the instance was refused, one line
        assertTrue(e.getMessage().contains("rogue2") && e.getMessage().contains("MemoryFault"),
                e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    /** What a run left: its outputs, the FAULTED instances and the events. */
    record Outcome(Map<String, byte[]> outputs, List<String> faulted,
            List<RuntimeEvent> events) {
    }

    private static Outcome run(Path topology, SchedulerConfig.Clock clock, ProxyVariant proxy) {
        return run(topology, clock, proxy, false);
    }

    /** @param afterClose whether the events are read after the runtime closed (its FREEs) */
    private static Outcome run(Path topology, SchedulerConfig.Clock clock, ProxyVariant proxy,
            boolean afterClose) {
        final Topology t = Topology.read(topology);
        final int ticks = clock == SchedulerConfig.Clock.WALL ? WALL_TICKS : TICKS;
        final Session s = Session.open(t, clock, ticks + 1000, List.of(), proxy, null, 0);
        final Outcome o;
        try (s) {
            final Runner r = new Runner(s, null);
            r.run(ticks, clock, Runner.Progress.NONE);
            final List<String> faulted = new ArrayList<>();
            for (int id : s.runtime.instances()) {
                if (s.runtime.report(id).faulted()) {
                    faulted.add(s.runtime.report(id).name() + "#" + (id >>> 16));
                }
            }
            o = new Outcome(r.outputs(), faulted, s.runtime.events());
        }
        return afterClose ? new Outcome(o.outputs, o.faulted, s.runtime.events()) : o;
    }

    /**
     * misbehaving.toml with the rogue library in snoop's place (or snoop's pipeline empty), the
     * rogue in {@code domain}: DP, or LL (on the tick thread, switched into its domain).
     */
    private static Path topology(int vector, boolean withRogue, String domain)
            throws IOException {
        String text = Files.readString(dir.resolve("examples/misbehaving.toml"))
                .replace("misbehaving.sofjlib", "rogue.sofjlib")
                .replace("type = \"snoop\"\nlibrary = 2\npipeline = 1\ndomain = \"DP\"",
                        "type = \"rogue\"\nlibrary = 2\npipeline = 1\ndomain = \"" + domain + "\"")
                .replace("config = \"2c010000\"", "config = \"" + String.format("%02x000000",
                        vector) + "\"");
        if (!withRogue) {
            text = text.replaceAll("(?s)\\[\\[module]]\\nname = \"snoop\".*?\\n\\n", "")
                    .replace("to = \"snoop\"", "to = \"pass2\"")
                    .replaceAll("(?s)\\[\\[connection]]\\nfrom = \"snoop\"\\nto = \"pass2\"\\n\\n",
                            "")
                    .replaceAll("(?s)\\[\\[library]]\\nid = 2.*?\\n\\n", "");
        }
        final Path p = dir.resolve("examples/attack-" + vector + (withRogue ? "" : "-none")
                + "-" + domain + ".toml");
        Files.writeString(p, text);
        return p;
    }

    /** {@return a copy of {@code topology} whose rogue is given {@code bytes} of allocation budget} */
    private static Path budgeted(Path topology, int bytes) throws IOException {
        final String name = topology.getFileName().toString();
        final Path p = topology.resolveSibling(name.replace(".toml", "-budget-" + bytes + ".toml"));
        Files.writeString(p, Files.readString(topology).replace("type = \"rogue\"\n",
                "type = \"rogue\"\nalloc_budget = " + bytes + "\n"));
        return p;
    }

    /** Compiles the rogue's sources against sof-api and jars them with their resources. */
    private static Path compileRogue(Path out) throws IOException {
        final Path src = Cli.REPO.resolve("sof-cli/src/test/attacks/rogue");
        final Path classes = Files.createDirectories(out.resolve("classes"));
        final List<String> files;
        try (Stream<Path> s = Files.walk(src)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString)
                    .collect(Collectors.toList());
        }
        final List<String> args = new ArrayList<>(List.of("--release", "17", "--module-path",
                apiJar().toString(), "-d", classes.toString()));
        args.addAll(files);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        final int rc = javac.run(null, log, log, args.toArray(new String[0]));
        assertEquals(0, rc, log.toString(java.nio.charset.StandardCharsets.UTF_8));
        final Path jar = out.resolve("rogue.jar");
        try (OutputStream os = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(os)) {
            add(j, classes, classes);
            add(j, src.resolve("META-INF"), src);
        }
        return jar;
    }

    private static void add(JarOutputStream j, Path from, Path root) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (Files.isRegularFile(p) && !p.toString().endsWith(".java")) {
                    j.putNextEntry(new JarEntry(root.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, j);
                    j.closeEntry();
                }
            }
        }
    }

    private static Path apiJar() {
        try {
            return Path.of(Errno.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
