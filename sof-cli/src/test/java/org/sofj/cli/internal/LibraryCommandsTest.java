package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.llext.LinkCheck;

/** keygen, pack and inspect, and a bounded wall-clock smoke run of bench. */
final class LibraryCommandsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    private static String lib() {
        return dir.resolve("target/sofj/sample.sofjlib").toString();
    }

    @Test
    void shouldShowUserModePerModuleAndAPassedLoadWhenTheKeyIsTrusted() {
        final Cli.Result r = Cli.check(Cli.run("inspect", lib(), "--trust",
                dir.resolve("target/sofj/dev.pub").toString()));
        assertTrue(r.out().lines().anyMatch(l -> l.contains("eq_iir") && l.contains("1 (user)")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("gain") && l.contains("0 (kernel)")),
                r.out());
        assertTrue(r.out().contains("signature: verified; hashes: match; link check: passed"),
                r.out());
    }

    @Test
    void shouldLinkTheSampleAndMisbehavingPluginJarsUnderTheUserModeAllowList() {
        // both manifests have user_mode = 1 modules, so the whole jar is checked as user code
        assertEquals(List.of(), LinkCheck.check(Cli.PLUGINS.resolve("plugins-sample.jar")));
        assertEquals(List.of(), LinkCheck.check(Cli.PLUGINS.resolve("plugins-misbehaving.jar")));
    }

    @Test
    void shouldShowTheLinkCheckFacadesLinesWhenTheLinkCheckRefusesTheLibrary() throws IOException {
        final Path jar = dir.resolve("hidden.jar");
        final String provider = "org/sofj/plugins/sample/internal/SampleModuleProvider.class";
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(
                Cli.PLUGINS.resolve("plugins-sample.jar")));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                final byte[] data = in.readAllBytes();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(data);
                if (e.getName().equals(provider)) {
                    out.putNextEntry(new ZipEntry("org/sofj/plugins/sample/internal/"
                            + "module-info.class"));
                    out.write(data);
                }
            }
        }
        final List<String> author = LinkCheck.check(jar);
        assertEquals(List.of("hidden.jar: entry org/sofj/plugins/sample/internal/module-info.class"
                + " holds the class file of org.sofj.plugins.sample.internal.SampleModuleProvider"
                + " under a name the loader does not scan: denied (hidden class file)"), author);
        final Path lib = dir.resolve("hidden.sofjlib");
        Cli.check(Cli.run("pack", jar.toString(), "--key", dir.resolve("target/sofj/dev.key")
                .toString(), "--output", lib.toString(), "--no-load-check"));
        final Cli.Result r = Cli.run("inspect", lib.toString(), "--trust",
                dir.resolve("target/sofj/dev.pub").toString());
        assertEquals(Main.EXIT_REFUSED, r.code(), r.err());
        assertTrue(r.out().contains("signature: verified; link check: REFUSED: "), r.out());
        assertTrue(r.out().contains("library sample: link check failed against the user-mode "
                + "export table, 1 refused reference(s):\n  "
                + author.get(0).replace("hidden.jar: ", "hidden.sofjlib: ")), r.out());
    }

    @Test
    void shouldRefuseTheSignatureWhenAnotherKeyIsTrusted() {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("stranger").toString()));
        final Cli.Result r = Cli.run("inspect", lib(), "--trust",
                dir.resolve("stranger.pub").toString());
        assertTrue(r.code() == Main.EXIT_REFUSED, r.err());
        assertTrue(r.out().contains("signature: REFUSED"), r.out());
    }

    @Test
    void shouldNotRunTheLoadCheckWithoutTrustedKeys() {
        assertTrue(Cli.check(Cli.run("inspect", lib())).out().contains("load check: not run"));
    }

    @Test
    void shouldWriteThePrivateKeyReadableByItsOwnerOnly() throws IOException {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("mine").toString()));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("mine.key"))));
    }

    @Test
    void shouldRefuseToPackWithAPublicKeyOfAnotherKey() {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("other").toString()));
        final Path key = dir.resolve("target/sofj/dev.key");
        final Path pub = dir.resolve("other.pub");
        final Path out = dir.resolve("mixed.sofjlib");
        final Cli.Result r = Cli.run("pack", Cli.PLUGINS.resolve("plugins-sample.jar")
                .toString(), "--key", key.toString(), "--pub", pub.toString(), "--output",
                out.toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("pub=" + pub + " (key id ") && r.err().contains(
                ") is not the public key of key=" + key), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldRefuseToPackWithAPrivateKeyOthersCanRead() throws IOException {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("open").toString()));
        final Path key = dir.resolve("open.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        final Cli.Result r = Cli.run("pack", Cli.PLUGINS.resolve("plugins-sample.jar")
                .toString(), "--key", key.toString(), "--output",
                dir.resolve("open.sofjlib").toString());
        assertTrue(r.code() != 0, r.out());
        assertTrue(r.err().contains("key=" + key + " is open to others (mode rw-r-----): a"
                + " private key must be the owner's alone; run chmod 600 " + key), r.err());
    }

    @Test
    void shouldRefuseToOverwriteAKeyWithoutForce() {
        final Cli.Result r = Cli.run("keygen", "--out", dir.resolve("target/sofj/dev")
                .toString());
        assertTrue(r.code() != 0 && r.err().contains("already exists"), r.err());
    }

    /** Wall clock on purpose: bench measures real ticks. Bounded: 1 s per run, two runs. */
    @Test
    void shouldPrintUserAndKernelColumnsWhenBenchRunsOneSecond() {
        final Cli.Result r = Cli.check(Cli.run("bench", "--seconds", "1", "--plugin",
                Cli.PLUGINS.resolve("plugins-sample.jar").toString()));
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("eq1 ") && l.contains("user ")
                && l.contains("kernel ")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("lateness")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("p99.9 ")), r.out());
        // one second never reaches start-up's end: nothing counts after it
        assertTrue(r.out().lines().anyMatch(l -> l.matches("xruns +\\d+ / 0 +\\d+ / 0 *")),
                r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("environment: ")
                && l.contains(" cores available, clock System.nanoTime")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("eq1 ")
                && l.matches(".* \\d+\\.\\d\\dx$")), "a user/kernel ratio: " + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("faults: none")
                || l.startsWith("FAULTED: ") && l.contains("run): ")), r.out());
    }
}
