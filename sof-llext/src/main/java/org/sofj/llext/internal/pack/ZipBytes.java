package org.sofj.llext.internal.pack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A zip file held in one byte array, read through its central directory as {@link
 * java.util.zip.ZipFile} reads a file: the entry list is the central directory's, each entry's
 * data is found through its local header, inflated straight into an array of its recorded size
 * and checked against its recorded size and CRC-32, with one inflater for all entries. Nothing is
 * written to disk and nothing is read twice. Only what a library container and a plugin jar need:
 * stored and deflated entries, no ZIP64, no encryption, no bytes before the first entry; anything
 * else is a {@link ZipException} whose message says what is wrong. Entry names are returned as
 * ISO-8859-1 strings of their bytes, for the caller to decode. Not thread-safe; close it.
 */
final class ZipBytes implements AutoCloseable {
    private static final int END_SIG = 0x06054b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int LOC_SIG = 0x04034b50;
    private static final int END_LEN = 22;
    private static final int CEN_LEN = 46;
    private static final int LOC_LEN = 30;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    /** The most characters of a name a message shows. */
    private static final int MAX_SHOWN = 100;

    private final byte[] zip;
    private final List<String> names;
    private final int[] cen;
    private Inflater inflater;

    private ZipBytes(byte[] zip, List<String> names, int[] cen) {
        this.zip = zip;
        this.names = names;
        this.cen = cen;
    }

    /**
     * Reads the central directory.
     *
     * @param zip the whole zip file
     * @return its view
     * @throws ZipException if there is no end header or the central directory is not whole
     */
    static ZipBytes of(byte[] zip) throws ZipException {
        final int end = findEnd(zip);
        final int count = u16(zip, end + 10);
        final long cenSize = u32(zip, end + 12);
        final long cenOffset = u32(zip, end + 16);
        if (cenOffset + cenSize > end || u16(zip, end + 8) != count) {
            throw new ZipException("invalid END header (bad central directory offset)");
        }
        final List<String> names = new ArrayList<>(count);
        final int[] cen = new int[count];
        int at = (int) cenOffset;
        for (int i = 0; i < count; i++) {
            if (at + CEN_LEN > end || u32(zip, at) != CEN_SIG) {
                throw new ZipException("invalid CEN header (bad signature)");
            }
            final int nameLength = u16(zip, at + 28);
            final int next = at + CEN_LEN + nameLength + u16(zip, at + 30) + u16(zip, at + 32);
            if (next > end) {
                throw new ZipException("invalid CEN header (bad header size)");
            }
            cen[i] = at;
            names.add(new String(zip, at + CEN_LEN, nameLength, StandardCharsets.ISO_8859_1));
            at = next;
        }
        return new ZipBytes(zip, Collections.unmodifiableList(names), cen);
    }

    /** @return the entry names in central directory order, each byte one char (ISO-8859-1) */
    List<String> names() {
        return names;
    }

    /**
     * @param i the entry's index in {@link #names()}
     * @return its size as the central directory records it
     */
    long size(int i) {
        return u32(zip, cen[i] + 24);
    }

    /**
     * @param i   the entry's index in {@link #names()}
     * @param max the largest size accepted
     * @return its contents
     * @throws ZipException if it is larger than {@code max}, encrypted, of another method, or its
     *     data is not whole or does not match its size or CRC-32
     */
    byte[] data(int i, long max) throws ZipException {
        final int c = cen[i];
        final String name = shown(names.get(i));
        final int method = u16(zip, c + 10);
        final long size = u32(zip, c + 24);
        final long compressed = u32(zip, c + 20);
        if (size > max) {
            throw new ZipException("entry " + name + " is larger than " + max);
        }
        if ((u16(zip, c + 8) & 1) != 0 || method != STORED && method != DEFLATED) {
            throw new ZipException("entry " + name + ": unsupported compression method "
                    + method);
        }
        final long loc = u32(zip, c + 42);
        if (loc + LOC_LEN > zip.length || u32(zip, (int) loc) != LOC_SIG) {
            throw new ZipException("invalid LOC header (bad signature)");
        }
        final long from = loc + LOC_LEN + u16(zip, (int) loc + 26) + u16(zip, (int) loc + 28);
        if (from + compressed > zip.length) {
            throw new ZipException("entry " + name + ": data runs past the end of the file");
        }
        final byte[] out = new byte[(int) size];
        if (method == STORED) {
            if (compressed != size) {
                throw new ZipException("entry " + name + ": invalid stored entry size");
            }
            System.arraycopy(zip, (int) from, out, 0, out.length);
        } else {
            inflate(name, (int) from, (int) compressed, out);
        }
        final CRC32 crc = new CRC32();
        crc.update(out);
        if (crc.getValue() != u32(zip, c + 16)) {
            throw new ZipException("entry " + name + ": invalid entry CRC");
        }
        return out;
    }

    private void inflate(String name, int from, int length, byte[] out) throws ZipException {
        if (inflater == null) {
            inflater = new Inflater(true);
        } else {
            inflater.reset();
        }
        try {
            inflater.setInput(zip, from, length);
            int n = 0;
            while (n < out.length && !inflater.finished()) {
                final int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != out.length || !inflater.finished() && inflater.inflate(new byte[1]) != 0) {
                throw new ZipException("entry " + name + ": invalid entry size (expected "
                        + out.length + " bytes, got " + (inflater.finished() ? n
                        : "more or a truncated stream") + ")");
            }
        } catch (DataFormatException e) {
            throw new ZipException("entry " + name + ": " + e.getMessage());
        }
    }

    /** Frees the inflater's native memory. */
    @Override
    public void close() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    /** The end header: its signature within the last 64 KiB + 22 bytes, comment included. */
    private static int findEnd(byte[] zip) throws ZipException {
        final int last = zip.length - END_LEN;
        for (int at = last; at >= 0 && at >= last - 0xFFFF; at--) {
            if (u32(zip, at) == END_SIG && at + END_LEN + u16(zip, at + 20) <= zip.length) {
                return at;
            }
        }
        throw new ZipException("zip END header not found");
    }

    /**
     * A name for a message: each byte outside printable ASCII (a control character, which would
     * break the message's one line or reach a terminal, or a byte past 0x7E) as {@code \\xNN},
     * and at most 100 of them, the rest counted.
     *
     * @param latin1 a name, one char per byte (or one char per char of a decoded name)
     * @return it, printable
     */
    static String shown(String latin1) {
        final int n = Math.min(latin1.length(), MAX_SHOWN);
        final StringBuilder sb = new StringBuilder(n + 16);
        for (int i = 0; i < n; i++) {
            final char c = latin1.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (n < latin1.length()) {
            sb.append("... (").append(latin1.length()).append(" characters)");
        }
        return sb.toString();
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) & 0xFFFF_FFFFL;
    }
}
