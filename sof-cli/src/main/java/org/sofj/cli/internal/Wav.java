package org.sofj.cli.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * WAV files: reads RIFF/WAVE files of S16, S24 or S32 PCM or F32 samples (wFormatTag PCM, IEEE
 * float, or WAVE_FORMAT_EXTENSIBLE of either), parsed here, into the pipeline's format (same rate
 * and channels; S24 and cross-format input are scaled to the pipeline's sample width), and writes
 * the pipeline's format (S16, S24 in 32 bits, S32 or F32 little-endian) as it comes
 * ({@link Writer}).
 */
final class Wav {
    private static final double Q31 = 2147483648.0;
    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk: the 16 PCM bytes, cbSize and its 22 bytes. */
    private static final int EXTENSIBLE_FMT_BYTES = 40;
    private static final int TAG_PCM = 1;
    private static final int TAG_FLOAT = 3;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** The most sample bytes a run reads, in the pipeline's format: a Java array's size. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final int RIFF = 0x46464952;
    private static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    private static final int DATA = 0x61746164;
    /** The header sofj writes: RIFF, a 16-byte fmt chunk, the data chunk's header. */
    static final int HEADER_BYTES = 44;
    private static final int PCM_FMT_BYTES = 16;
    /**
     * The most sample bytes a WAV file holds: its RIFF chunk's 32-bit size counts them plus the
     * 36 bytes of header after that field.
     */
    static final long MAX_WRITE_BYTES = 0xFFFF_FFFFL - (HEADER_BYTES - 8);

    private Wav() {
    }

    /**
     * Reads a whole WAV file as interleaved little-endian samples in {@code format}.
     *
     * @param file   the file
     * @param format the pipeline's format
     * @return the PCM bytes
     * @throws CliException as {@link Reader#open} does
     */
    static byte[] read(Path file, AudioFormat format) {
        try (Reader r = Reader.open(file, format)) {
            final byte[] out = new byte[(int) r.bytes()];
            r.read(0, out, 0, out.length);
            return out;
        }
    }

    /**
     * A WAV file's samples, read a block at a time and converted to the pipeline's format as a
     * run plays them (no copy of the whole file in memory). The file is parsed here, not by
     * javax.sound.sampled, whose reader refuses valid files (a LIST chunk of a few kilobytes
     * before fmt: "Resetting to invalid mark") and names no field when it refuses.
     */
    static final class Reader implements Runner.Input, AutoCloseable {
        /** Frames converted at a time. */
        private static final int BLOCK_FRAMES = 1 << 14;

        private final Path file;
        private final FileChannel channel;
        private final Header header;
        private final SampleFormat to;
        private final int outFrameBytes;
        private final long bytes;
        private final ByteBuffer raw;
        private final byte[] block;
        /** Where {@link #block} starts, in bytes of the pipeline's format; -1: nothing yet. */
        private long blockAt = -1;
        private int blockBytes;

        private Reader(Path file, FileChannel channel, Header header, AudioFormat format) {
            this.file = file;
            this.channel = channel;
            this.header = header;
            this.to = format.sampleFormat();
            this.outFrameBytes = format.frameBytes();
            // whole frames only: a data chunk that ends inside a frame drops the partial frame
            this.bytes = header.dataSize / header.blockAlign * outFrameBytes;
            this.raw = ByteBuffer.allocate(BLOCK_FRAMES * header.blockAlign)
                    .order(ByteOrder.LITTLE_ENDIAN);
            this.block = new byte[BLOCK_FRAMES * outFrameBytes];
        }

        /**
         * Opens a WAV file and checks its header against the pipeline's format.
         *
         * @param file   the file
         * @param format the pipeline's format
         * @return the reader
         * @throws CliException if the file is missing, not a WAV, or its format is unsupported
         *     or does not match the pipeline's rate and channels: one line naming the field and
         *     its value
         */
        static Reader open(Path file, AudioFormat format) {
            if (!Files.isRegularFile(file)) {
                throw new CliException(file + ": no such file");
            }
            FileChannel ch = null;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ);
                final Header h = header(file, ch);
                if (!(h.isFloat ? h.bits == 32 : h.bits == 16 || h.bits == 24 || h.bits == 32)) {
                    // as javax.sound.sampled names them: WAV's 8-bit PCM is unsigned
                    throw new CliException(file + ": sample format " + (h.isFloat ? "PCM_FLOAT"
                            : h.bits <= 8 ? "PCM_UNSIGNED" : "PCM_SIGNED") + " " + h.bits
                            + " bit is not supported: use S16, S24, S32 (PCM_SIGNED) or F32"
                            + " (PCM_FLOAT)");
                }
                if (h.rate != format.rate() || h.channels != format.channels()) {
                    throw new CliException(file + ": " + Integer.toUnsignedString(h.rate)
                            + " Hz " + h.channels + " ch does not match the topology's [format] "
                            + format.rate() + " Hz " + format.channels() + " ch");
                }
                final Reader r = new Reader(file, ch, h, format);
                if (r.bytes > MAX_DATA_BYTES) {
                    throw new CliException(file + ": WAV data chunk size = " + h.dataSize
                            + ": " + r.bytes + " bytes in the topology's format; sofj reads at"
                            + " most " + MAX_DATA_BYTES + " bytes of samples");
                }
                return r;
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                if (e instanceof CliException) {
                    throw (CliException) e;
                }
                throw new CliException(file + ": cannot read: " + e.getMessage());
            }
        }

        /** @return the samples' length in the pipeline's format */
        long bytes() {
            return bytes;
        }

        /**
         * Copies samples in the pipeline's format, from {@code at} bytes into them, as far as
         * they go.
         *
         * @param at     where to start, in bytes of the pipeline's format: a whole frame
         * @param dst    the destination
         * @param offset where in {@code dst}
         * @param length bytes wanted
         * @return bytes copied: {@code length}, or fewer at the end of the samples
         * @throws CliException if the file cannot be read
         */
        @Override
        public int read(long at, byte[] dst, int offset, int length) {
            int done = 0;
            while (done < length && at + done < bytes) {
                final long from = at + done;
                if (blockAt < 0 || from < blockAt || from >= blockAt + blockBytes) {
                    load(from - from % outFrameBytes);
                }
                final int n = (int) Math.min(length - done, blockAt + blockBytes - from);
                System.arraycopy(block, (int) (from - blockAt), dst, offset + done, n);
                done += n;
            }
            return done;
        }

        /** Reads and converts the block of frames that starts {@code at} output bytes in. */
        private void load(long at) {
            final long frame = at / outFrameBytes;
            final int frames = (int) Math.min(BLOCK_FRAMES, bytes / outFrameBytes - frame);
            raw.clear().limit(frames * header.blockAlign);
            final long from = header.dataAt + frame * header.blockAlign;
            try {
                while (raw.hasRemaining()) {
                    if (channel.read(raw, from + raw.position()) < 0) {
                        throw new IOException("the file ended " + raw.remaining()
                                + " bytes before its data chunk's end (it shrank)");
                    }
                }
            } catch (IOException e) {
                throw new CliException(file + ": cannot read: " + e.getMessage());
            }
            convert(raw.flip(), frames * header.channels, header.bits, header.isFloat,
                    ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN), to);
            blockAt = at;
            blockBytes = frames * outFrameBytes;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new CliException(file + ": cannot read: " + e.getMessage());
            }
        }
    }

    /** What a checked header says: the sample format and where the samples are. */
    private record Header(boolean isFloat, int channels, int rate, int blockAlign, int bits,
            long dataAt, long dataSize) {
    }

    /**
     * Checks the RIFF/WAVE structure and the header fields, so that a broken header is one line
     * naming the field and its value: the RIFF id and form type, a fmt and a data chunk present,
     * each within the file, the fmt chunk's size, wFormatTag (and an extensible fmt's
     * SubFormat), nChannels, wBitsPerSample and nBlockAlign. The chunks are walked in any order
     * over the whole file (a fmt chunk after the data chunk counts), each skipped by its whole
     * size and its RIFF pad byte, never read inside; the first fmt and the first data chunk
     * count.
     */
    private static Header header(Path file, FileChannel ch) throws IOException {
        final long fileSize = ch.size();
        if (fileSize < 12) {
            throw new CliException(file + ": " + fileSize + " bytes: a WAV file starts with"
                    + " a 12-byte RIFF/WAVE header");
        }
        final ByteBuffer h = read(ch, 0, 12);
        if (h.getInt(0) != RIFF) {
            throw new CliException(file + ": RIFF chunk id = " + fourCc(h.getInt(0))
                    + ": must be \"RIFF\" (a little-endian RIFF/WAVE file)");
        }
        if (h.getInt(8) != WAVE) {
            throw new CliException(file + ": RIFF form type = " + fourCc(h.getInt(8))
                    + ": must be \"WAVE\"");
        }
        ByteBuffer fmt = null;
        long dataAt = -1;
        long dataSize = 0;
        long at = 12;
        while (at + 8 <= fileSize && (fmt == null || dataAt < 0)) {
            final ByteBuffer c = read(ch, at, 8);
            final int id = c.getInt(0);
            final long size = Integer.toUnsignedLong(c.getInt(4));
            final long holds = fileSize - at - 8;
            if (id == FMT && fmt == null) {
                fmt = checkFmt(file, ch, at, size, holds);
            } else if (id == DATA && dataAt < 0) {
                if (size > holds) {
                    throw new CliException(file + ": WAV data chunk size = " + size
                            + ": the file holds only " + holds + " bytes after the chunk's header");
                }
                dataAt = at + 8;
                dataSize = size;
            }
            at += 8 + size + (size & 1);
        }
        if (fmt == null) {
            throw new CliException(file + ": no WAV fmt chunk (the sample format) among the"
                    + " file's RIFF chunks");
        }
        if (dataAt < 0) {
            throw new CliException(file + ": no WAV data chunk (the samples) among the"
                    + " file's RIFF chunks");
        }
        final int tag = fmt.getShort(0) & 0xFFFF;
        final boolean isFloat = tag == TAG_FLOAT
                || tag == TAG_EXTENSIBLE && (fmt.getShort(24) & 0xFFFF) == TAG_FLOAT;
        return new Header(isFloat, fmt.getShort(2) & 0xFFFF, fmt.getInt(4),
                fmt.getShort(12) & 0xFFFF, fmt.getShort(14) & 0xFFFF, dataAt, dataSize);
    }

    private static ByteBuffer read(FileChannel ch, long at, int n) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            continue; // the caller checked the file's size: a short read means it shrank
        }
        return b; // read by absolute index: whatever the file did not give reads as zero
    }

    /** A chunk id as its four characters, quoted, or as hex if any is not printable ASCII. */
    static String fourCc(int id) {
        final StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < 4; i++) {
            final int c = id >>> 8 * i & 0xFF;
            if (c < 0x20 || c > 0x7E) {
                return String.format("0x%08x", Integer.reverseBytes(id));
            }
            b.append((char) c);
        }
        return b.append('"').toString();
    }

    /** @return the fmt chunk's first bytes (up to an extensible fmt's 40), checked */
    private static ByteBuffer checkFmt(Path file, FileChannel ch, long at, long size, long holds)
            throws IOException {
        if (size < 16) {
            throw new CliException(file + ": WAV fmt chunk size = " + size + ": must be at least "
                    + "16 (wFormatTag .. wBitsPerSample)");
        }
        if (size > holds) {
            throw new CliException(file + ": WAV fmt chunk size = " + size
                    + ": the file holds only " + holds + " bytes after the chunk's header");
        }
        final ByteBuffer b = read(ch, at + 8, (int) Math.min(size, EXTENSIBLE_FMT_BYTES));
        final int tag = b.getShort(0) & 0xFFFF;
        final int channels = b.getShort(2) & 0xFFFF;
        final int blockAlign = b.getShort(12) & 0xFFFF;
        final int bits = b.getShort(14) & 0xFFFF;
        if (tag != TAG_PCM && tag != TAG_FLOAT && tag != TAG_EXTENSIBLE) {
            throw new CliException(file + ": WAV header field wFormatTag = "
                    + String.format("0x%04x", tag) + ": sofj reads 0x0001 (PCM), 0x0003 (IEEE"
                    + " float) and 0xfffe (WAVE_FORMAT_EXTENSIBLE of either)");
        }
        if (tag == TAG_EXTENSIBLE) {
            if (size < EXTENSIBLE_FMT_BYTES) {
                throw new CliException(file + ": WAV fmt chunk size = " + size + ": must be at"
                        + " least " + EXTENSIBLE_FMT_BYTES + " with wFormatTag = 0xfffe"
                        + " (WAVE_FORMAT_EXTENSIBLE)");
            }
            final int sub = b.getShort(24) & 0xFFFF;
            if (sub != TAG_PCM && sub != TAG_FLOAT) {
                throw new CliException(file + ": WAV header field SubFormat = "
                        + String.format("0x%04x", sub) + " (its first two bytes): sofj reads"
                        + " 0x0001 (PCM) and 0x0003 (IEEE float)");
            }
        }
        if (bits == 0) {
            throw new CliException(file + ": WAV header field wBitsPerSample = 0: must be at "
                    + "least 1");
        }
        if (channels == 0) {
            throw new CliException(file + ": WAV header field nChannels = 0: must be at "
                    + "least 1");
        }
        final int expected = channels * ((bits + 7) / 8);
        if (blockAlign == 0 || blockAlign != expected) {
            throw new CliException(file + ": WAV header field nBlockAlign = " + blockAlign
                    + ": must be nChannels x bytes per sample = " + expected);
        }
        return b;
    }

    /**
     * Decodes {@code n} little-endian samples of {@code bits} from {@code src} (its position
     * on) to full-scale 32-bit (or keeps float bits) and encodes them into {@code out} (from its
     * position) in {@code to}.
     */
    private static void convert(ByteBuffer src, int n, int bits, boolean isFloat,
            ByteBuffer out, SampleFormat to) {
        final int inBytes = bits / 8;
        final int base = src.position();
        for (int i = 0; i < n; i++) {
            int raw = 0;
            for (int b = 0; b < inBytes; b++) {
                final int at = base + i * inBytes + inBytes - 1 - b; // little-endian
                raw = (raw << 8) | (src.get(at) & 0xFF);
            }
            if (isFloat) {
                putFloat(out, Float.intBitsToFloat(raw), to);
            } else {
                putInt(out, raw << (32 - bits), to);
            }
        }
    }

    private static void putFloat(ByteBuffer out, float v, SampleFormat to) {
        if (to == SampleFormat.FLOAT_LE) {
            out.putFloat(v);
        } else {
            putInt(out, (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
                    Math.round(v * Q31))), to);
        }
    }

    private static void putInt(ByteBuffer out, int v, SampleFormat to) {
        switch (to) {
            case S16_LE:
                out.putShort((short) Math.min(Short.MAX_VALUE, ((long) v + 0x8000) >> 16));
                break;
            case FLOAT_LE:
                out.putFloat((float) (v / Q31));
                break;
            default:
                out.putInt(v);
        }
    }

    /**
     * Writes PCM bytes as a WAV file.
     *
     * @param file   the file
     * @param format the format of {@code pcm}
     * @param pcm    interleaved little-endian samples
     * @throws CliException if the file cannot be written
     */
    static void write(Path file, AudioFormat format, byte[] pcm) {
        try (Writer w = Writer.open(file, format)) {
            w.write(pcm, 0, pcm.length);
        }
    }

    /**
     * A WAV file written as its samples come: the canonical 44-byte header (a 16-byte fmt chunk:
     * wFormatTag 1 for integer PCM, 3 for IEEE float; the container's bits), then the samples as
     * given; {@link #close} fills in the header's two sizes. The same bytes as
     * {@code javax.sound.sampled}'s writer made from the whole array at once (which sofj used
     * before 2026-12-01), with no copy of the audio in memory. A file that cannot seek (a pipe,
     * a terminal) gets the samples kept in memory and the whole file at {@link #close}, once its
     * sizes are known.
     */
    static final class Writer implements AutoCloseable {
        private final Path file;
        private final AudioFormat format;
        private final FileChannel channel;
        /** What a file that cannot seek gets at {@link #close}; null when it can. */
        private final java.io.ByteArrayOutputStream held;
        private long bytes;
        private boolean closed;

        private Writer(Path file, AudioFormat format, FileChannel channel, boolean seeks) {
            this.file = file;
            this.format = format;
            this.channel = channel;
            this.held = seeks ? null : new java.io.ByteArrayOutputStream();
        }

        /**
         * Creates (or truncates) {@code file}, with any missing parent directory, and writes its
         * header if it can seek.
         *
         * @param file   the file
         * @param format the samples' format
         * @return the writer
         * @throws CliException if the file cannot be made or written
         */
        static Writer open(Path file, AudioFormat format) {
            FileChannel ch = null;
            try {
                final Path parent = file.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                final Writer w = new Writer(file, format, ch, seeks(ch));
                if (w.held == null) {
                    w.put(header(format, 0), 0);
                }
                return w;
            } catch (IOException | RuntimeException e) {
                closeQuietly(ch);
                throw new CliException(file + ": cannot write: " + e.getMessage());
            }
        }

        private static boolean seeks(FileChannel ch) {
            try {
                ch.position(ch.position());
                return true;
            } catch (IOException e) {
                return false; // "Illegal seek": a pipe or a terminal
            }
        }

        /**
         * Appends samples.
         *
         * @throws CliException if the file cannot be written, or would hold more than a WAV can
         */
        void write(byte[] pcm, int offset, int length) {
            if (bytes + length > MAX_WRITE_BYTES) {
                throw new CliException(file + ": cannot write: more than " + MAX_WRITE_BYTES
                        + " bytes of samples, the most a WAV file holds");
            }
            if (held != null) {
                held.write(pcm, offset, length);
            } else {
                try {
                    put(ByteBuffer.wrap(pcm, offset, length), HEADER_BYTES + bytes);
                } catch (IOException e) {
                    throw new CliException(file + ": cannot write after " + bytes + " bytes of "
                            + "samples: " + e.getMessage());
                }
            }
            bytes += length;
        }

        /** @return the sample bytes written so far */
        long bytes() {
            return bytes;
        }

        /** Fills in the header's sizes and closes the file; again, nothing. */
        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try (FileChannel ch = channel) {
                if (held == null) {
                    put(le32((int) (bytes + HEADER_BYTES - 8)), 4); // the RIFF chunk's size
                    put(le32((int) bytes), HEADER_BYTES - 4); // the data chunk's size
                } else {
                    append(ch, header(format, bytes));
                    append(ch, ByteBuffer.wrap(held.toByteArray()));
                }
            } catch (IOException e) {
                throw new CliException(file + ": cannot write: " + e.getMessage());
            }
        }

        /** Writes all of {@code b}, from its position, at {@code at} in the file. */
        private void put(ByteBuffer b, long at) throws IOException {
            for (long to = at; b.hasRemaining(); ) {
                to += channel.write(b, to);
            }
        }

        private static ByteBuffer le32(int v) {
            return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, v);
        }

        private static void append(FileChannel ch, ByteBuffer b) throws IOException {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }

    }

    /** Closes the channel of an open that failed, if it was opened. */
    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the open's own failure is reported
            }
        }
    }

    /** A header for {@code dataBytes} bytes of samples in {@code format}. */
    static ByteBuffer header(AudioFormat format, long dataBytes) {
        final SampleFormat sf = format.sampleFormat();
        final ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(RIFF).putInt((int) (dataBytes + HEADER_BYTES - 8)).putInt(WAVE);
        h.putInt(FMT).putInt(PCM_FMT_BYTES)
                .putShort((short) (sf == SampleFormat.FLOAT_LE ? TAG_FLOAT : TAG_PCM))
                .putShort((short) format.channels()).putInt(format.rate())
                .putInt(format.rate() * format.frameBytes()).putShort((short) format.frameBytes())
                .putShort((short) sf.containerBits());
        h.putInt(DATA).putInt((int) dataBytes);
        return h.flip();
    }
}
