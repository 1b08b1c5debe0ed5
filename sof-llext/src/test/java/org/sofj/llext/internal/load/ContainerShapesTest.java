package org.sofj.llext.internal.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemorySystem;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.TestMemory;
import org.sofj.llext.TestPlugins;
import org.sofj.llext.internal.pack.LibraryContainer;

/**
 * A library file whose entries are signed and whole but whose zip is shaped oddly, as a crafted
 * file may be: entries out of order, missing, repeated or extra (a thousand of them), names with
 * control characters or past printable ASCII, a size the central directory declares as 4 GiB, a
 * local header naming another entry, a comment holding a second end header, bytes before the
 * first entry, a directory entry pointing at another entry's data. Each either loads (the signed
 * content is what is loaded) or is refused with a {@link LibraryLoadException} in one line
 * without a control character, leaving the loader, the library heap and the open files as they
 * were.
 */
final class ContainerShapesTest {
    private static final KeyPair TRUSTED = LibraryKeys.generate();
    private static final MemorySystem MEMORY = TestMemory.create();
    private static List<Entry> good;

    @TempDir
    Path dir;

    private final LlextLibraryLoader loader = new LlextLibraryLoader(MEMORY,
            Set.of(TRUSTED.getPublic()));

    /** One zip entry as written: the central directory's name, the local header's, the data. */
    private record Entry(String name, String localName, byte[] data, long declaredSize) {
        Entry(String name, byte[] data) {
            this(name, name, data, data.length);
        }

        Entry named(String n) {
            return new Entry(n, n, data, declaredSize);
        }
    }

    @BeforeAll
    static void pack(@TempDir Path work) throws IOException {
        final Path f = TestPlugins.pack(work, TestPlugins.jar(TestPlugins.compile(work,
                TestPlugins.sources("A")), TestPlugins.toml("1.0.0", "user_mode = 1")), TRUSTED,
                "good.sofjlib");
        final LibraryContainer c = LibraryContainer.read(f);
        final List<byte[]> data = List.of(LibraryContainer.MARKER.getBytes(
                StandardCharsets.US_ASCII), c.manifest(), c.toml(), c.pluginJar(),
                c.keyId().getBytes(StandardCharsets.US_ASCII), c.signature());
        good = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            good.add(new Entry(LibraryContainer.ENTRIES.get(i), data.get(i)));
        }
    }

    @AfterAll
    static void closeMemory() {
        MEMORY.close();
    }

    @Test
    void shouldLoadTheSignedEntriesInOurOwnZip() throws IOException {
        assertFalse(refusedCleanly(zip(good, new byte[0], new byte[0]), "as written"));
    }

    @Test
    void shouldRefuseNamesWithControlCharactersInOneLineShowingThem() throws IOException {
        final String[] odd = {"sofj-library\u00ff", "manifest.bin\n", "\u001b[2Jmodules.toml",
            "plugin.jar\u0000", "signer.id\r", "sign\u0085ature"};
        for (int i = 0; i < odd.length; i++) {
            final List<Entry> entries = new ArrayList<>(good);
            entries.set(i, entries.get(i).named(odd[i]));
            final String message = refusal(zip(entries, new byte[0], new byte[0]), odd[i]);
            assertTrue(message.contains("\\x"), message);
        }
    }

    @Test
    void shouldRefuseAThousandExtraEntriesInALineOfBoundedLength() throws IOException {
        final List<Entry> entries = new ArrayList<>(good);
        for (int i = 0; i < 1000; i++) {
            entries.add(new Entry("x" + i, new byte[0]));
        }
        final String message = refusal(zip(entries, new byte[0], new byte[0]), "1000 more");
        assertTrue(message.length() < 600 && message.contains("and 996 more"), message);
    }

    @Test
    void shouldRefuseASizeDeclaredPastTheLimitBeforeReadingIt() throws IOException {
        for (int i = 0; i < good.size(); i++) {
            final List<Entry> entries = new ArrayList<>(good);
            final Entry e = entries.get(i);
            entries.set(i, new Entry(e.name(), e.localName(), e.data(), 0xFFFF_FFFFL));
            final String message = refusal(zip(entries, new byte[0], new byte[0]), e.name());
            assertTrue(message.contains(e.name()), message);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldLoadOrRefuseEveryShapeInOneLineAndChangeNothing(long seed) throws IOException {
        final Random r = new Random(seed);
        int loaded = 0;
        for (int step = 0; step < 40; step++) {
            final List<Entry> entries = new ArrayList<>(good);
            byte[] before = new byte[0];
            byte[] comment = new byte[0];
            final int shape = r.nextInt(8);
            switch (shape) {
                case 0 -> Collections.swap(entries, r.nextInt(6), r.nextInt(6));
                case 1 -> entries.add(r.nextInt(7), entries.get(r.nextInt(6)));
                case 2 -> entries.remove(r.nextInt(6));
                case 3 -> {
                    // the local header names another entry: the central directory is read
                    final int i = r.nextInt(6);
                    final Entry e = entries.get(i);
                    entries.set(i, new Entry(e.name(), good.get(r.nextInt(6)).name(), e.data(),
                            e.declaredSize()));
                }
                case 4 -> {
                    // a comment holding an end header of its own, or random bytes
                    comment = new byte[r.nextInt(300)];
                    r.nextBytes(comment);
                    if (comment.length >= 22 && r.nextBoolean()) {
                        ByteBuffer.wrap(comment, comment.length - 22, 22)
                                .order(ByteOrder.LITTLE_ENDIAN).putInt(0x06054b50);
                    }
                }
                case 5 -> {
                    before = new byte[1 + r.nextInt(64)];
                    r.nextBytes(before);
                }
                case 6 -> {
                    final int i = r.nextInt(6);
                    final Entry e = entries.get(i);
                    entries.set(i, new Entry(e.name(), e.localName(), e.data(),
                            e.data().length + 1 - 2L * r.nextInt(2)));
                }
                default -> entries.set(r.nextInt(6), entries.get(r.nextInt(6)));
            }
            final byte[] zip = zip(entries, before, comment);
            if (shape == 7 && r.nextBoolean()) {
                pointAtAnotherEntry(zip, r);
            }
            loaded += refusedCleanly(zip, "seed " + seed + " step " + step + " shape " + shape)
                    ? 0 : 1;
        }
        assertTrue(loaded > 0 && loaded < 40, "some shapes load, most do not: " + loaded);
    }

    /** The first central directory entry's local header offset set to another entry's. */
    private static void pointAtAnotherEntry(byte[] zip, Random r) {
        final ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        final int end = zip.length - 22;
        final int cen = b.getInt(end + 16);
        final int other = r.nextInt(zip.length / 2);
        b.putInt(cen + 42, other);
    }

    private String refusal(byte[] bytes, String what) throws IOException {
        final String[] message = new String[1];
        assertTrue(refusedCleanly(bytes, what, message), what + ": loaded");
        return message[0];
    }

    private boolean refusedCleanly(byte[] bytes, String what) throws IOException {
        return refusedCleanly(bytes, what, new String[1]);
    }

    /** @return whether the load was refused; its message goes to {@code message[0]} */
    private boolean refusedCleanly(byte[] bytes, String what, String[] message)
            throws IOException {
        final Path f = Files.write(dir.resolve("shaped.sofjlib"), bytes);
        final long free = MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes();
        final long linked = loader.linkedCount();
        final long files = openFiles(dir);
        try {
            assertEquals("gainlib", loader.load(1, f).name(), what);
        } catch (LibraryLoadException e) {
            message[0] = e.getMessage();
            assertEquals(1, e.getMessage().lines().count(), what + ": " + e.getMessage());
            assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F),
                    what + ": a control character in " + e.getMessage());
            assertEquals(Set.of(), loader.libIds(), what);
            assertEquals(linked, loader.linkedCount(), what + ": nothing linked");
            assertEquals(free, MEMORY.heap(HeapRegion.LIBRARY).stats().freeBytes(), what);
            assertEquals(files, openFiles(dir), what + ": a file left open");
            return true;
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
        }
        assertEquals(0, loader.unload(1), what);
        return false;
    }

    /**
     * Open file descriptors of this JVM on files under {@code under}, where Linux shows them
     * (-1 elsewhere): only the test's own files, since the JVM may open a jar of its own at any
     * time (a class loaded for the first time).
     */
    private static long openFiles(Path under) {
        final java.io.File[] fds = new java.io.File("/proc/self/fd").listFiles();
        if (fds == null) {
            return -1;
        }
        long n = 0;
        for (java.io.File fd : fds) {
            try {
                n += Files.readSymbolicLink(fd.toPath()).startsWith(under) ? 1 : 0;
            } catch (IOException | UnsupportedOperationException e) {
                // closed since the listing: not open
            }
        }
        return n;
    }

    /** A stored zip: {@code before}, {@code entries}, an end header with {@code comment}. */
    private static byte[] zip(List<Entry> entries, byte[] before, byte[] comment) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before);
        final ByteArrayOutputStream cen = new ByteArrayOutputStream();
        for (Entry e : entries) {
            final int loc = out.size();
            final CRC32 crc = new CRC32();
            crc.update(e.data());
            final byte[] local = e.localName().getBytes(StandardCharsets.ISO_8859_1);
            final byte[] name = e.name().getBytes(StandardCharsets.ISO_8859_1);
            out.writeBytes(header(0x04034b50, 30, local.length, crc.getValue(), e.data().length,
                    e.data().length, -1));
            out.writeBytes(local);
            out.writeBytes(e.data());
            cen.writeBytes(header(0x02014b50, 46, name.length, crc.getValue(), e.data().length,
                    e.declaredSize(), loc));
            cen.writeBytes(name);
        }
        final int cenAt = out.size();
        out.writeBytes(cen.toByteArray());
        final ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0)
                .putShort((short) entries.size()).putShort((short) entries.size())
                .putInt(cen.size()).putInt(cenAt).putShort((short) comment.length);
        out.writeBytes(end.array());
        out.writeBytes(comment);
        return out.toByteArray();
    }

    /** A local ({@code loc < 0}) or central header, stored, before its name. */
    private static byte[] header(int signature, int length, int nameLength, long crc,
            long compressed, long size, int loc) {
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(signature);
        if (loc >= 0) {
            b.putShort((short) 20); // version made by
        }
        b.putShort((short) 20).putShort((short) 0).putShort((short) 0) // needed, flags, stored
                .putInt(0).putInt((int) crc).putInt((int) compressed).putInt((int) size)
                .putShort((short) nameLength).putShort((short) 0);
        if (loc >= 0) {
            b.putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt(loc);
        }
        return b.array();
    }
}
