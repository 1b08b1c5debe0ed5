package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.pack.JarWriter;
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * The packer stores a container's entries instead of deflating them (a load copies the plugin jar
 * out instead of inflating it), and a container whose entries are deflated, as libraries were
 * packed before, still loads.
 */
final class StoredContainerTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();

    @TempDir
    Path dir;

    private final MemorySystem memory = TestMemory.create();

    @AfterEach
    void close() {
        memory.close();
    }

    private Path library() {
        final Map<String, byte[]> classes = TestPlugins.compile(dir.resolve("work"),
                TestPlugins.sources("A"));
        return TestPlugins.pack(dir, TestPlugins.jar(classes,
                TestPlugins.toml("1.0.0", "user_mode = 1")), TRUSTED, "lib.sofjlib");
    }

    @Test
    void shouldStoreEveryContainerEntryUncompressed() throws IOException {
        final Path file = library();
        final List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                assertEquals(e.getSize(), e.getCompressedSize(), e.getName());
            }
        }
        assertEquals(LibraryContainer.ENTRIES, names);
        final byte[] jar = LibraryContainer.read(file).pluginJar();
        final byte[] bytes = Files.readAllBytes(file);
        assertTrue(indexOf(bytes, jar) > 0, "the plugin jar is in the file byte for byte");
    }

    @Test
    void shouldLoadAContainerWhoseEntriesAreDeflated() throws IOException {
        final LibraryContainer c = LibraryContainer.read(library());
        final Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put(LibraryContainer.ENTRIES.get(0),
                LibraryContainer.MARKER.getBytes(StandardCharsets.US_ASCII));
        parts.put(LibraryContainer.ENTRIES.get(1), c.manifest());
        parts.put(LibraryContainer.ENTRIES.get(2), c.toml());
        parts.put(LibraryContainer.ENTRIES.get(3), c.pluginJar());
        parts.put(LibraryContainer.ENTRIES.get(4), c.keyId().getBytes(StandardCharsets.US_ASCII));
        parts.put(LibraryContainer.ENTRIES.get(5), c.signature());
        final Path deflated = dir.resolve("deflated.sofjlib");
        Files.write(deflated, JarWriter.ordered(parts));
        try (ZipFile zip = new ZipFile(deflated.toFile())) {
            assertEquals(ZipEntry.DEFLATED, zip.getEntry("plugin.jar").getMethod());
        }
        final LlextLibraryLoader loader = new LlextLibraryLoader(memory,
                Set.of(TRUSTED.getPublic()));
        final LoadedLibrary lib = loader.load(1, deflated);
        assertEquals("gainlib", lib.name());
        assertEquals("GAIN", lib.modules().get(0).name());
        assertEquals(0, loader.unload(1));
    }

    /** @return where {@code part} first occurs in {@code in}, or -1 */
    static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
