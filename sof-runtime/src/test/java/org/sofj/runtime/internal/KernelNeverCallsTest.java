package org.sofj.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.llext.LibraryKeys;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * The kernel calls a user-mode library's code only through the operations it proxies (inside
 * the instance's domain), never anything else a library object may carry. A signed library
 * overrides every method a kernel could reach by accident, each marking a bit in a static the
 * library's types share: on the provider ({@code moduleNames}, {@code describe}, the
 * {@code Object} methods), on the module ({@code isReadyToProcess}, which a user DP instance is
 * never asked, the {@code Object} methods, and {@code compareTo}, {@code iterator},
 * {@code close}, {@code run}, {@code length}/{@code charAt}/{@code toString} of the
 * {@code Comparable}, {@code Iterable}, {@code AutoCloseable}, {@code Runnable} and
 * {@code CharSequence} it implements, as a kernel collection, sort, try-with-resources or string
 * build would call them), and on what its process and free throw (every {@code Throwable} method
 * but {@code getMessage} and {@code getStackTrace}, which the description reads inside the
 * window, and {@code fillInStackTrace}, which its constructor calls on the module's thread). A whole life (load, instances in LL and
 * DP, ticks, a configuration set and read, a throw in process and in free, pause, reset,
 * delete) must leave the static at 0; a REPORT instance reads it back through its own
 * {@code getConfiguration} last, and the throw's {@code getMessage} must have run (the probe
 * did run). Held when written.
 */
final class KernelNeverCallsTest {
    private static final KeyPair KEY = LibraryKeys.generate();
    private static final int LIB = 7;
    private static final String[] TYPES = {"WATCH", "WATCHDP", "LOUD", "REPORT"};
    /** The bit {@code getMessage} of what LOUD throws sets: it must have been described. */
    private static final int DESCRIBED = 1 << 30;
    /** ... and {@code getStackTrace}'s, which the description may read too (its location). */
    private static final int ALLOWED = DESCRIBED | 1 << 29;
    private static Path library;

    @BeforeAll
    static void pack(@TempDir Path dir) throws Exception {
        library = PluginJars.packUser(dir, "watch", sources(), "test.watch.P", 60, KEY, TYPES);
    }

    @ParameterizedTest
    @EnumSource(ProxyVariant.class)
    void shouldCallNothingOfALibraryButTheOperationsItProxies(ProxyVariant proxy) {
        try (RuntimeFixture fx = new RuntimeFixture(SofRuntime.builder()
                .trustedKeys(Set.of(KEY.getPublic())).proxyVariant(proxy))) {
            fx.kernel.loadLibrary(LIB, library);
            fx.kernel.createPipeline(9, 0); // REPORT's, never run
            final int report = instance(fx, 9, "REPORT", 0, ProcDomain.LL);
            final int[] ll = chain(fx, 1, "WATCH", 0, ProcDomain.LL);
            final int[] dp = chain(fx, 2, "WATCHDP", 0, ProcDomain.DP);
            final int[] loud = chain(fx, 3, "LOUD", 0, ProcDomain.DP);
            fx.ticks(30);
            fx.kernel.setConfiguration(ll[1], 1, new byte[] {1, 2, 3, 4});
            fx.kernel.setConfiguration(dp[1], 1, new byte[] {1, 2, 3, 4});
            assertEquals(4, fx.kernel.getConfiguration(dp[1], 1).length);
            for (int pipeline = 1; pipeline <= 3; pipeline++) {
                fx.kernel.setPipelineState(pipeline, PipelineState.PAUSED);
                fx.kernel.setPipelineState(pipeline, PipelineState.RESET);
            }
            for (int[] ids : new int[][] {ll, dp, loud}) {
                for (int id : ids) {
                    fx.kernel.deleteInstance(id);
                }
            }
            assertTrue(fx.component(report) != null, "REPORT lives on");
            final int seen = ByteBuffer.wrap(fx.kernel.getConfiguration(report, 1))
                    .order(ByteOrder.LITTLE_ENDIAN).getInt();
            assertEquals(DESCRIBED, seen & DESCRIBED, "the thrown error was described: the "
                    + "probe ran; events " + fx.kernel.events());
            assertEquals(0, seen & ~ALLOWED, "bits of library methods the kernel called: "
                    + Integer.toBinaryString(seen & ~ALLOWED));
        }
    }

    private static int instance(RuntimeFixture fx, int pipeline, String type, int instance,
            ProcDomain domain) {
        return fx.kernel.initInstance(new InstanceSpec(fx.kernel.moduleId(LIB, type), instance,
                0, pipeline, domain, RuntimeFixture.CONFIG, null, 0, 0));
    }

    /** src -> {@code type} -> cap, running. */
    private static int[] chain(RuntimeFixture fx, int pipeline, String type, int instance,
            ProcDomain domain) {
        fx.kernel.createPipeline(pipeline, 0);
        fx.kernel.setPipelineState(pipeline, PipelineState.RESET);
        final int src = fx.create("src", pipeline, pipeline, ProcDomain.LL);
        final int mid = instance(fx, pipeline, type, instance, domain);
        final int cap = fx.create("cap", pipeline, pipeline, ProcDomain.LL);
        fx.kernel.bind(src, 0, mid, 0);
        fx.kernel.bind(mid, 0, cap, 0);
        fx.kernel.setPipelineState(pipeline, PipelineState.RUNNING);
        return new int[] {src, mid, cap};
    }

    private static Map<String, String> sources() {
        final String imports = "import org.sofj.api.*;\nimport org.sofj.api.audio.*;\n"
                + "import org.sofj.api.memory.*;\n";
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("test/watch/Seen.java", "package test.watch;\n"
                + "final class Seen {\n"
                + "  private static int mask;\n"
                + "  static synchronized void mark(int bit) { mask |= 1 << bit; }\n"
                + "  static synchronized int mask() { return mask; }\n}\n");
        m.put("test/watch/P.java", "package test.watch;\n" + imports
                + "public final class P implements org.sofj.api.spi.ModuleProvider {\n"
                + "  public java.util.Set<String> moduleNames() { Seen.mark(0);"
                + " return java.util.Set.of(\"WATCH\", \"WATCHDP\", \"LOUD\", \"REPORT\"); }\n"
                + "  public java.util.Optional<ModuleDescription> describe(String n) {"
                + " Seen.mark(1); return java.util.Optional.empty(); }\n"
                + "  public ProcessingModule create(String n) {\n"
                + "    return n.equals(\"LOUD\") ? new Loud() : n.equals(\"REPORT\")"
                + " ? new Report() : new Watch();\n  }\n"
                + "  public String toString() { Seen.mark(2); return \"P\"; }\n"
                + "  public int hashCode() { Seen.mark(2); return 1; }\n"
                + "  public boolean equals(Object o) { Seen.mark(2); return o == this; }\n}\n");
        m.put("test/watch/Watch.java", "package test.watch;\n" + imports
                + "class Watch implements ProcessingModule, Comparable<Object>, Iterable<Object>,"
                + " AutoCloseable, Runnable, CharSequence {\n"
                + "  MemoryAccess access;\n"
                + "  public int init(ModuleContext c) { access = c.access(); return 0; }\n"
                + PluginJars.PASSTHRU
                + "  public boolean isReadyToProcess(Source[] s, Sink[] k) { Seen.mark(3);"
                + " return true; }\n"
                + "  public int setConfiguration(int id, ConfigFragment pos, int size,"
                + " MemoryView v) { return 0; }\n"
                + "  public int getConfiguration(int id, MemoryView v) { v.putInt(0, 7);"
                + " return 4; }\n"
                + "  public String toString() { Seen.mark(4); return \"W\"; }\n"
                + "  public int hashCode() { Seen.mark(5); return 1; }\n"
                + "  public boolean equals(Object o) { Seen.mark(6); return o == this; }\n"
                + "  public int compareTo(Object o) { Seen.mark(7); return 0; }\n"
                + "  public java.util.Iterator<Object> iterator() { Seen.mark(8);"
                + " return java.util.Collections.emptyIterator(); }\n"
                + "  public void close() { Seen.mark(9); }\n"
                + "  public void run() { Seen.mark(10); }\n"
                + "  public int length() { Seen.mark(11); return 0; }\n"
                + "  public char charAt(int i) { Seen.mark(11); return 'w'; }\n"
                + "  public CharSequence subSequence(int a, int b) { Seen.mark(11);"
                + " return this; }\n}\n");
        m.put("test/watch/Noisy.java", "package test.watch;\n"
                + "final class Noisy extends RuntimeException {\n"
                + "  private static final long serialVersionUID = 1L;\n"
                + "  Noisy() { super(null, null, true, true); }\n"
                + "  public String getMessage() { Seen.mark(30); return \"noisy\"; }\n"
                + "  public String getLocalizedMessage() { Seen.mark(12); return \"l\"; }\n"
                + "  public String toString() { Seen.mark(13); return \"t\"; }\n"
                + "  public synchronized Throwable getCause() { Seen.mark(14); return this; }\n"
                + "  public StackTraceElement[] getStackTrace() { Seen.mark(29);"
                + " return new StackTraceElement[0]; }\n"
                + "  public synchronized Throwable initCause(Throwable c) { Seen.mark(16);"
                + " return this; }\n"
                + "  public void setStackTrace(StackTraceElement[] s) { Seen.mark(17); }\n"
                + "  public int hashCode() { Seen.mark(18); return 1; }\n"
                + "  public boolean equals(Object o) { Seen.mark(19); return o == this; }\n}\n");
        m.put("test/watch/Loud.java", "package test.watch;\n" + imports
                + "final class Loud extends Watch {\n"
                + "  public int process(Source[] s, Sink[] k) { throw new Noisy(); }\n"
                + "  public int free() { throw new Noisy(); }\n}\n");
        m.put("test/watch/Report.java", "package test.watch;\n" + imports
                + "final class Report extends Watch {\n"
                + "  public int getConfiguration(int id, MemoryView v) {"
                + " v.putInt(0, Seen.mask()); return 4; }\n}\n");
        return m;
    }
}
