package org.sofj.llext;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;

/** {@link LinkCheck} on plugin jar files, as the testkit and the Maven plugin call it. */
final class LinkCheckFacadeTest {
    @TempDir
    Path dir;

    private Path jar(String body, String moduleExtra, String fileName) throws IOException {
        final Map<String, String> sources = TestPlugins.sources("A");
        sources.put("test/plugin/Extra.java", "package test.plugin;\n"
                + "final class Extra {\n  static void run() { " + body + " }\n}\n");
        final Map<String, byte[]> classes = TestPlugins.compile(dir.resolve("build"), sources);
        return Files.write(dir.resolve(fileName), TestPlugins.jar(classes,
                TestPlugins.toml("1.0.0", moduleExtra)));
    }

    @Test
    void shouldReturnNoLinesWhenTheJarLinks() throws IOException {
        assertEquals(List.of(), LinkCheck.check(jar("Math.abs(-1);", "user_mode = 1",
                "clean.jar")));
    }

    @Test
    void shouldReturnOneLineNamingTheJarFileWhenAReferenceIsRefused() throws IOException {
        final List<String> lines = LinkCheck.check(jar("System.exit(1);", "user_mode = 1",
                "author-gain-1.0.jar"));
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("author-gain-1.0.jar: test.plugin.Extra.run"),
                lines.get(0));
        assertTrue(lines.get(0).contains("java.lang.System.exit"), lines.get(0));
    }

    @Test
    void shouldApplyTheKernelRulesWhenNoModuleIsUserMode() throws IOException {
        final String print = "System.out.println(\"hi\");";
        assertEquals(List.of(), LinkCheck.check(jar(print, "", "kernel.jar")));
        assertTrue(!LinkCheck.check(jar(print, "user_mode = 1", "user.jar")).isEmpty());
    }

    @Test
    void shouldThrowEnoentWhenTheFileDoesNotExist() {
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> LinkCheck.check(dir.resolve("missing.jar")));
        assertEquals(-Errno.ENOENT, e.errno(), e.getMessage());
        assertTrue(e.getMessage().contains("missing.jar"), e.getMessage());
    }

    @Test
    void shouldThrowEinvalWhenTheFileIsNotAPluginJar() throws IOException {
        final Path junk = Files.writeString(dir.resolve("junk.jar"), "not a zip");
        final LibraryLoadException e = assertThrows(LibraryLoadException.class,
                () -> LinkCheck.check(junk));
        assertEquals(-Errno.EINVAL, e.errno(), e.getMessage());
    }
}
