package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exit codes of docs/cli.md, one case each, so a CI script can gate on them. */
final class ExitCodesTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    private static String misbehaving() {
        return dir.resolve("examples/misbehaving.toml").toString();
    }

    @Test
    void shouldExit3NamingTheInstanceWhenAnInstanceFaultsUnasked() throws IOException {
        final Path out = dir.resolve("faulted.wav");
        final Cli.Result r = Cli.run("run", misbehaving(), "--output", out.toString());
        assertEquals(Main.EXIT_REFUSED, r.code(), r.err());
        assertEquals("sofj: " + misbehaving() + ": 1 instance FAULTED: snoop (give "
                + "--allow-faults snoop if the topology expects it)", r.err().strip());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("snoop ") && l.endsWith("FAULTED")),
                "the report is still printed: " + r.out());
        assertTrue(Files.size(out) > 44, "the WAV is still written");
    }

    @Test
    void shouldExit0WhenTheFaultedInstanceIsAllowedByNameOrAll() {
        assertEquals(0, Cli.run("run", misbehaving(), "--quiet", "--allow-faults", "snoop")
                .code());
        assertEquals(0, Cli.run("run", misbehaving(), "--quiet", "--allow-faults").code());
    }

    @Test
    void shouldExit3WhenOnlyAnotherInstanceIsAllowedToFault() {
        final Cli.Result r = Cli.run("run", misbehaving(), "--quiet", "--allow-faults=eq,gain");
        assertEquals(Main.EXIT_REFUSED, r.code(), r.err());
        assertTrue(r.err().contains("FAULTED: snoop"), r.err());
    }

    @Test
    void shouldExit2BeforeRunningWhenAnAllowedNameIsNoInstance() {
        final Cli.Result r = Cli.run("run", misbehaving(), "--allow-faults", "snop");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertEquals("sofj: --allow-faults snop: " + misbehaving() + " has no [[module]] of that "
                + "name", r.err().strip());
        assertEquals("", r.out(), "nothing ran");
    }

    @Test
    void shouldExit3WhenInspectRefusesTheSignature() {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("stranger").toString()));
        final Cli.Result r = Cli.run("inspect", dir.resolve("target/sofj/sample.sofjlib")
                .toString(), "--trust", dir.resolve("stranger.pub").toString());
        assertEquals(Main.EXIT_REFUSED, r.code());
        assertTrue(r.out().contains("signature: REFUSED"), r.out());
    }

    @Test
    void shouldExit0WhenInspectPassesTheLoadCheck() {
        assertEquals(0, Cli.run("inspect", dir.resolve("target/sofj/sample.sofjlib").toString(),
                "--trust", dir.resolve("target/sofj/dev.pub").toString()).code());
    }

    @Test
    void shouldExit3AndKeepNoFileWhenPackMakesALibraryThatCannotLoad() throws IOException {
        final Path jar = chattyPlugin();
        final Path lib = dir.resolve("chatty.sofjlib");
        final Cli.Result r = Cli.run("pack", jar.toString(), "--key",
                dir.resolve("target/sofj/dev.key").toString(), "--output", lib.toString());
        assertEquals(Main.EXIT_REFUSED, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("would not load it") && r.err().contains("link check: REFUSED")
                && r.err().contains("Chatty"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(lib));
    }

    @Test
    void shouldPrintOneLineAndAHintWhenAnOptionIsMistyped() {
        final Cli.Result r = Cli.run("run", misbehaving(), "--ouptut", "x.wav");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("sofj: Unknown options: '--ouptut', 'x.wav'")
                && r.err().contains("did you mean --output?")
                && r.err().strip().endsWith("see sofj run --help"), r.err());
        assertFalse(r.err().contains("Usage:"), r.err());
    }

    @Test
    void shouldPrintOneLineWhenTheCommandIsMistyped() {
        final Cli.Result r = Cli.run("inpsect", "x");
        assertEquals(Main.EXIT_USAGE, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("did you mean inspect?") && r.err().contains("sofj --help"),
                r.err());
    }

    /** The sample plugin plus a class that prints: it packs, but the link check refuses it. */
    private static Path chattyPlugin() throws IOException {
        final Path src = dir.resolve("chatty-src/org/sofj/plugins/sample/internal/Chatty.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, "package org.sofj.plugins.sample.internal;\n"
                + "public final class Chatty {\n"
                + "    public static void hi() { System.out.println(\"hi\"); }\n}\n");
        final Path classes = dir.resolve("chatty-classes");
        final StringWriter log = new StringWriter();
        final int rc = java.util.spi.ToolProvider.findFirst("javac").orElseThrow().run(
                new java.io.PrintWriter(log), new java.io.PrintWriter(log), "--release", "17",
                "-d", classes.toString(), src.toString());
        assertEquals(0, rc, log.toString());
        final Path jar = dir.resolve("chatty.jar");
        try (JarFile in = new JarFile(Cli.PLUGINS.resolve("plugins-sample.jar").toFile());
                JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Enumeration<JarEntry> en = in.entries(); en.hasMoreElements(); ) {
                final JarEntry e = en.nextElement();
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
            final String name = "org/sofj/plugins/sample/internal/Chatty.class";
            out.putNextEntry(new JarEntry(name));
            final OutputStream o = out;
            o.write(Files.readAllBytes(classes.resolve(name)));
            out.closeEntry();
        }
        return jar;
    }
}
