package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What the kernel keeps of a module's throwable: its class, its bounded message and where the
 * module's own code was, all printable, whatever the throwable's overridable methods do.
 */
final class FaultsTest {
    private static StackTraceElement frame(String type, String method, String file, int line) {
        return new StackTraceElement(type, method, file, line);
    }

    private static IllegalStateException thrown(StackTraceElement... frames) {
        final IllegalStateException e = new IllegalStateException("bad state");
        e.setStackTrace(frames);
        return e;
    }

    @Test
    void shouldNameTheModulesFrameBelowTheJdkAndThePlatform() {
        final IllegalStateException e = thrown(
                frame("java.util.Objects", "checkIndex", "Objects.java", 385),
                frame("org.sofj.mmu.internal.CheckedAccess", "getInt", "CheckedAccess.java", 91),
                frame("com.example.halve.Halve", "process", "Halve.java", 29),
                frame("org.sofj.runtime.internal.PipelineTask", "processUserLl", null, -1));
        assertEquals("java.lang.IllegalStateException: bad state (at com.example.halve.Halve"
                + ".process(Halve.java:29))", Faults.describe(e));
    }

    @Test
    void shouldNameTheBundledPluginsFramesAsTheModules() {
        final IllegalStateException e = thrown(
                frame("org.sofj.plugins.sample.internal.Fir", "filter", null, -1),
                frame("org.sofj.runtime.internal.DpTasks", "dpRun", "DpTasks.java", 136));
        assertEquals("java.lang.IllegalStateException: bad state (at org.sofj.plugins.sample"
                + ".internal.Fir.filter(Unknown Source))", Faults.describe(e));
    }

    @Test
    void shouldGiveNoLocationWhenNoFrameIsTheModules() {
        assertEquals("java.lang.IllegalStateException: bad state", Faults.describe(thrown(
                frame("org.sofj.runtime.internal.Calls", "call", "Calls.java", 90))));
        assertEquals("java.lang.IllegalStateException: bad state", Faults.describe(thrown()));
        final StackTraceElement[] deep = new StackTraceElement[Faults.MAX_FRAMES + 1];
        java.util.Arrays.fill(deep, frame("java.lang.Thread", "run", "Thread.java", 1));
        deep[Faults.MAX_FRAMES] = frame("com.example.Deep", "process", "Deep.java", 7);
        assertEquals("java.lang.IllegalStateException: bad state", Faults.describe(thrown(deep)),
                "only the top frames are looked at");
        // below the kernel frame that caught it are the kernel's callers (an embedder's call on
        // the virtual clock, a test framework), never the module: a module whose own frames look
        // like the platform's gets no location, not its caller's
        assertEquals("java.lang.IllegalStateException: bad state", Faults.describe(thrown(
                frame("org.sofj.runtime.internal.ScriptedModule", "process", "S.java", 40),
                frame(FaultsTest.class.getName(), "run", "FaultsTest.java", 1),
                frame("org.junit.platform.commons.util.ReflectionUtils", "invokeMethod",
                        "ReflectionUtils.java", 700))));
        final IllegalStateException noMessage = new IllegalStateException();
        noMessage.setStackTrace(new StackTraceElement[] {frame("a.B", "c", "B.java", 3)});
        assertEquals("java.lang.IllegalStateException (at a.B.c(B.java:3))",
                Faults.describe(noMessage));
    }

    @Test
    void shouldDescribeAThrowableWhoseStackTraceMethodFightsBack() {
        final RuntimeException throwing = new RuntimeException("plain") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                throw new IllegalStateException("getStackTrace");
            }
        };
        assertTrue(Faults.describe(throwing).endsWith(": plain"), Faults.describe(throwing));
        final RuntimeException nulls = new RuntimeException("plain") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                return new StackTraceElement[] {null, frame("a.B", "c", null, -2)};
            }
        };
        assertTrue(Faults.describe(nulls).endsWith(": plain (at a.B.c(Unknown Source))"),
                Faults.describe(nulls));
        final RuntimeException none = new RuntimeException("plain") {
            private static final long serialVersionUID = 1L;

            @Override
            public StackTraceElement[] getStackTrace() {
                return null;
            }
        };
        assertTrue(Faults.describe(none).endsWith(": plain"), Faults.describe(none));
    }

    @Test
    void shouldKeepAForgedLocationPrintableAndBounded() {
        final String name = "evil.X\nWARNING: instance clean#0 FAULTED\u001b[2J" + "y".repeat(1000);
        final String d = Faults.describe(thrown(frame(name, "m\r", "F.java", 1)));
        assertTrue(d.chars().noneMatch(ch -> ch < 0x20 || ch >= 0x7F && ch <= 0x9F), d);
        assertTrue(d.contains("(at evil.X\\u000aWARNING"), d);
        assertTrue(d.length() < "java.lang.IllegalStateException: bad state (at ".length()
                + Faults.MAX_LOCATION + 10 * 6 + 10, d.length() + " chars");
    }
}
