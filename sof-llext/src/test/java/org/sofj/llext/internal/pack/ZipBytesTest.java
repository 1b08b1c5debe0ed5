package org.sofj.llext.internal.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

/** The in-memory zip reader a library container is parsed with. */
final class ZipBytesTest {
    private static final byte[] BIG = random(100_000);

    private static byte[] random(int n) {
        final byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    private static byte[] deflated() {
        final Map<String, byte[]> e = new LinkedHashMap<>();
        e.put("a.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        e.put("empty", new byte[0]);
        e.put("big.bin", BIG);
        e.put("zeros", new byte[70_000]);
        return JarWriter.ordered(e);
    }

    @Test
    void shouldReadEveryDeflatedEntryInCentralDirectoryOrder() throws ZipException {
        final ZipBytes zip = ZipBytes.of(deflated());
        assertEquals(List.of("a.txt", "empty", "big.bin", "zeros"), zip.names());
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), zip.data(0, 1 << 20));
        assertArrayEquals(new byte[0], zip.data(1, 1 << 20));
        assertArrayEquals(BIG, zip.data(2, 1 << 20));
        assertArrayEquals(new byte[70_000], zip.data(3, 1 << 20));
    }

    @Test
    void shouldReadAStoredEntry() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            final ZipEntry e = new ZipEntry("s");
            e.setMethod(ZipEntry.STORED);
            final byte[] data = {1, 2, 3, 4};
            final CRC32 crc = new CRC32();
            crc.update(data);
            e.setSize(4);
            e.setCompressedSize(4);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4}, ZipBytes.of(out.toByteArray()).data(0, 4));
    }

    @Test
    void shouldRefuseATruncatedFileAsHavingNoEndHeader() {
        final byte[] zip = deflated();
        final ZipException e = assertThrows(ZipException.class,
                () -> ZipBytes.of(Arrays.copyOf(zip, zip.length / 2)));
        assertEquals("zip END header not found", e.getMessage());
        assertThrows(ZipException.class, () -> ZipBytes.of(new byte[0]));
        assertThrows(ZipException.class, () -> ZipBytes.of("not a zip".getBytes(
                StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldRefuseAnEntryLargerThanTheLimitBeforeInflatingIt() throws ZipException {
        final ZipException e = assertThrows(ZipException.class,
                () -> ZipBytes.of(deflated()).data(2, BIG.length - 1));
        assertEquals("entry big.bin is larger than " + (BIG.length - 1), e.getMessage());
        assertEquals(BIG.length, ZipBytes.of(deflated()).data(2, BIG.length).length);
    }

    @Test
    void shouldRefuseABrokenLocalHeader() throws ZipException {
        final byte[] zip = deflated();
        zip[0] ^= 1; // the first local header's signature
        final ZipBytes z = ZipBytes.of(zip);
        final ZipException e = assertThrows(ZipException.class, () -> z.data(0, 100));
        assertEquals("invalid LOC header (bad signature)", e.getMessage());
    }

    @Test
    void shouldRefuseDataWhoseCrcDiffersFromTheCentralDirectory() throws ZipException {
        final byte[] zip = deflated();
        final int end = zip.length - 22;
        final int cen = (zip[end + 16] & 0xFF) | (zip[end + 17] & 0xFF) << 8
                | (zip[end + 18] & 0xFF) << 16;
        zip[cen + 16] ^= 1; // the first entry's CRC-32
        final ZipBytes z = ZipBytes.of(zip);
        final ZipException e = assertThrows(ZipException.class, () -> z.data(0, 100));
        assertEquals("entry a.txt: invalid entry CRC", e.getMessage());
        assertArrayEquals(BIG, z.data(2, BIG.length), "the other entries still read");
    }

    @Test
    void shouldNeverReturnOtherBytesForACorruptedDeflateStream() throws ZipException {
        final byte[] zip = deflated();
        // "a.txt" is first: its data follows the 30-byte local header, its name and extra field
        final int data = 30 + (zip[26] & 0xFF) + (zip[28] & 0xFF | (zip[29] & 0xFF) << 8);
        int refused = 0;
        for (int flip = 0; flip < 7; flip++) {
            final byte[] bad = zip.clone();
            bad[data + flip] ^= 0x55;
            try {
                assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII),
                        ZipBytes.of(bad).data(0, 100));
            } catch (ZipException e) {
                assertTrue(e.getMessage().startsWith("entry a.txt: "), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 0, "flipping the deflated bytes must be refused at least once");
    }

    @Test
    void shouldRefuseACentralDirectoryThatPointsPastTheEnd() {
        final byte[] zip = deflated();
        final int end = zip.length - 22;
        zip[end + 16] = (byte) 0xFF; // central directory offset
        zip[end + 17] = (byte) 0xFF;
        zip[end + 18] = (byte) 0xFF;
        final ZipException e = assertThrows(ZipException.class, () -> ZipBytes.of(zip));
        assertTrue(e.getMessage().startsWith("invalid END header"), e.getMessage());
    }
}
