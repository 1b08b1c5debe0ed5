package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;

/**
 * {@code sofj pack} output altered after signing, as an attacker with write access to the
 * library file would: every single-bit flip at a spread of offsets (zip headers, central
 * directory, manifest, jar, key id, signature) and every truncation at a spread of lengths. Each
 * load must fail with a {@link LibraryLoadException} (never another exception type) whose
 * message is one line, and leave the loader and the library heap exactly as they were.
 */
final class AlteredLibraryFileTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static byte[] good;

    @TempDir
    Path dir;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
            Set.of(TRUSTED.getPublic()));

    @BeforeAll
    static void pack(@TempDir Path work) throws IOException {
        final Path f = TestPlugins.pack(work, TestPlugins.jar(TestPlugins.compile(work,
                TestPlugins.sources("A")), TestPlugins.toml("1.0.0", "user_mode = 1")), TRUSTED,
                "good.sofjlib");
        good = Files.readAllBytes(f);
    }

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @Test
    void shouldRefuseEveryBitFlipWithALibraryLoadExceptionAndChangeNothing() throws IOException {
        int refused = 0;
        for (int at = 0; at < good.length; at += Math.max(1, good.length / 400)) {
            final byte[] bad = good.clone();
            bad[at] ^= (byte) (1 << (at % 8));
            refused += refusedCleanly(bad, "bit " + at % 8 + " of byte " + at) ? 1 : 0;
        }
        assertTrue(refused > 300, "flips refused: " + refused);
        assertEquals("gainlib", loader.load(1, file(good)).name(), "the loader still works");
    }

    @Test
    void shouldRefuseEveryTruncationWithALibraryLoadExceptionAndChangeNothing()
            throws IOException {
        for (int length = 0; length < good.length; length += Math.max(1, good.length / 200)) {
            assertTrue(refusedCleanly(Arrays.copyOf(good, length), "truncated to " + length),
                    "a truncated library loaded: " + length);
        }
        assertEquals("gainlib", loader.load(1, file(good)).name(), "the loader still works");
    }

    /** @return whether the load was refused (a flip in a zip field no reader uses may load) */
    private boolean refusedCleanly(byte[] bytes, String what) throws IOException {
        final long free = MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes();
        final long linked = loader.linkedCount();
        try {
            loader.load(1, file(bytes));
        } catch (LibraryLoadException e) {
            assertEquals(1, e.getMessage().lines().count(), what + ": " + e.getMessage());
            assertEquals(Set.of(), loader.libIds(), what);
            assertEquals(linked, loader.linkedCount(), what + ": nothing linked");
            assertEquals(free, MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes(), what);
            return true;
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
        }
        loader.unload(1); // loaded: a byte no reader looks at (a zip timestamp, say)
        return false;
    }

    private Path file(byte[] bytes) throws IOException {
        final Path f = dir.resolve("altered.sofjlib");
        Files.write(f, bytes);
        return f;
    }
}
