package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.manifest.ManifestCodec;
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * {@code manifest.bin} of a two-module library changed and signed again by a trusted key, as a
 * careless or hostile packer would: one byte anywhere set to another value, a {@code u16} or
 * {@code u32} field of the header, of an entry or of a config record set to a value at a type
 * limit (0, 1, 0x7FFF..., 0x8000..., all ones), the file cut short or grown by an entry's or a
 * config's length. The manifest must be what pack writes byte for byte, so every change is
 * refused in one line naming {@code manifest.bin} and a field or an offset ({@code -EINVAL}; a
 * changed hash is a hash mismatch, {@code -EACCES}), and the loader and the library heap are as
 * they were.
 */
final class ManifestBinMutationTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static final int[] LIMITS = {0, 1, 2, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF,
        0x8000_0000, 0xFFFF_FFFF};
    private static LibraryContainer good;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
            Set.of(TRUSTED.getPublic()));

    /** Where each changed library is written. */
    @TempDir
    Path dir;

    /** Packs GAIN and MIX, MIX with fields at their limits. */
    @BeforeAll
    static void packTwoModules(@TempDir Path work) throws IOException {
        final String second = "\n[[module]]\nname = \"MIX\"\n"
                + "uuid = \"71bca9a8-18d0-4a18-8e7b-2639219804b7\"\n"
                + "provider = \"test.plugin.GainProvider\"\n"
                + "instance_max_count = 65535\naffinity = 4294967295\nis_pages = 3\n"
                + "cps = 2147483647\n";
        final Map<String, String> sources = new LinkedHashMap<>(TestPlugins.sources("A"));
        sources.replaceAll((file, text) -> text.replace("Set.of(\"GAIN\")",
                "Set.of(\"GAIN\", \"MIX\")"));
        good = LibraryContainer.read(TestPlugins.pack(work, TestPlugins.jar(TestPlugins.compile(
                work, sources), TestPlugins.toml("1.0.0", "user_mode = 1") + second), TRUSTED,
                "good.sofjlib"));
        assertEquals(ManifestCodec.length(2), good.manifest().length);
    }

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldRefuseEveryChangeToManifestBinNamingItAndChangeNothing(long seed) {
        final Random r = new Random(seed);
        final byte[] base = good.manifest();
        assertEquals("gainlib", loader.load(1, sign(base)).name(), "the base loads");
        loader.unload(1);
        for (int step = 0; step < 60; step++) {
            final byte[] bad;
            final String what;
            final int kind = r.nextInt(4);
            if (kind == 0) {
                bad = base.clone();
                final int at = r.nextInt(bad.length);
                bad[at] = (byte) (bad[at] + 1 + r.nextInt(255));
                what = "byte " + at + " = 0x" + Integer.toHexString(bad[at] & 0xFF);
            } else if (kind == 1) {
                bad = base.clone();
                final int at = r.nextInt(bad.length / 2) * 2;
                final int v = LIMITS[r.nextInt(LIMITS.length)];
                ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) v);
                what = "u16 at " + at + " = " + (v & 0xFFFF);
            } else if (kind == 2) {
                bad = base.clone();
                final int at = r.nextInt(bad.length / 4) * 4;
                final int v = LIMITS[r.nextInt(LIMITS.length)];
                ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                what = "u32 at " + at + " = " + Integer.toUnsignedString(v);
            } else {
                final int[] lengths = {0, 51, 52, 116, base.length - 44, base.length - 1,
                    base.length + 1, base.length + 44, base.length + 116};
                bad = Arrays.copyOf(base, lengths[r.nextInt(lengths.length)]);
                what = "length " + bad.length;
            }
            if (Arrays.equals(bad, base)) {
                continue; // the value it already had
            }
            refusedCleanly(bad, "seed " + seed + " step " + step + ": " + what);
        }
        assertEquals("gainlib", loader.load(1, sign(base)).name(), "the loader still works");
    }

    private void refusedCleanly(byte[] manifest, String what) {
        final Path f = sign(manifest);
        final long free = MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes();
        final long linked = loader.linkedCount();
        try {
            loader.load(1, f);
            fail(what + ": loaded");
        } catch (LibraryLoadException e) {
            final String m = e.getMessage();
            // a changed hash is a hash mismatch (-EACCES, docs/library-format.md section 5)
            assertEquals(m.contains("hash mismatch") ? -Errno.EACCES : -Errno.EINVAL, e.errno(),
                    what + ": " + m);
            assertEquals(1, m.lines().count(), what + ": " + m);
            assertTrue(m.chars().noneMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F),
                    what + ": a control character in " + m);
            assertTrue(m.contains("manifest.bin") && (m.contains("sof_man_") || m.contains("offset")
                    || m.contains("modules.toml=") || m.contains("hash mismatch")),
                    what + ": names no field: " + m);
            assertEquals(Set.of(), loader.libIds(), what);
            assertEquals(linked, loader.linkedCount(), what + ": nothing linked");
            assertEquals(free, MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes(), what);
        }
    }

    private Path sign(byte[] manifest) {
        final Path f = dir.resolve("m.sofjlib");
        LibraryContainer.sign(manifest, good.toml(), good.pluginJar(), TRUSTED).write(f);
        return f;
    }
}
