package org.sofj.llext.internal.pack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes zip and jar files deterministically: entries in the given order, every timestamp
 * 1980-01-01T00:00, so the same contents always give the same bytes (and the same signature).
 */
public final class JarWriter {
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private JarWriter() {
    }

    /**
     * Writes entries in ascending name order, as a plugin jar built for tests or tools.
     *
     * @param entries entry name to contents
     * @return the jar's bytes
     */
    public static byte[] sorted(Map<String, byte[]> entries) {
        return ordered(new TreeMap<>(entries));
    }

    /**
     * Writes entries in the map's iteration order.
     *
     * @param entries entry name to contents, in the order to write them
     * @return the zip's bytes
     */
    public static byte[] ordered(Map<String, byte[]> entries) {
        return write(entries, false);
    }

    /**
     * Writes entries in the map's iteration order, uncompressed ({@code STORED}): a reader
     * copies them out instead of inflating them, for content that deflate cannot shrink (a jar
     * is compressed already) or that is a few bytes.
     *
     * @param entries entry name to contents, in the order to write them
     * @return the zip's bytes
     */
    public static byte[] stored(Map<String, byte[]> entries) {
        return write(entries, true);
    }

    private static byte[] write(Map<String, byte[]> entries, boolean stored) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                final ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTimeLocal(EPOCH);
                if (stored) {
                    final CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }
}
