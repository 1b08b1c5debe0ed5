package org.sofj.cli.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * WAV files: reads RIFF/WAVE files of S16, S24 or S32 PCM or F32 samples (wFormatTag PCM, IEEE
 * float, or WAVE_FORMAT_EXTENSIBLE of either), parsed here, into the pipeline's format (same rate
 * and channels; S24 and cross-format input are scaled to the pipeline's sample width), and writes
 * the pipeline's format (S16, S32 or F32 little-endian) through {@code javax.sound.sampled}.
 */
final class Wav {
    private static final double Q31 = 2147483648.0;
    /** A WAVE_FORMAT_EXTENSIBLE fmt chunk: the 16 PCM bytes, cbSize and its 22 bytes. */
    private static final int EXTENSIBLE_FMT_BYTES = 40;
    private static final int TAG_PCM = 1;
    private static final int TAG_FLOAT = 3;
    private static final int TAG_EXTENSIBLE = 0xFFFE;
    /** The most sample bytes one read takes: a Java array's size. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final int RIFF = 0x46464952;
    private static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    private static final int DATA = 0x61746164;

    private Wav() {
    }

    /**
     * Reads a whole WAV file as interleaved little-endian samples in {@code format}. The file is
     * parsed here, not by javax.sound.sampled, whose reader refuses valid files (a LIST chunk of a
     * few kilobytes before fmt: "Resetting to invalid mark") and names no field when it refuses.
     *
     * @param file   the file
     * @param format the pipeline's format
     * @return the PCM bytes
     * @throws CliException if the file is missing, not a WAV, or its format is unsupported or does
     *     not match the pipeline's rate and channels: one line naming the field and its value
     */
    static byte[] read(Path file, AudioFormat format) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(file + ": no such file");
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            final Header h = header(file, ch);
            if (!(h.isFloat ? h.bits == 32 : h.bits == 16 || h.bits == 24 || h.bits == 32)) {
                // as javax.sound.sampled names them: WAV's 8-bit PCM is unsigned
                throw new CliException(file + ": sample format " + (h.isFloat ? "PCM_FLOAT"
                        : h.bits <= 8 ? "PCM_UNSIGNED" : "PCM_SIGNED") + " " + h.bits
                        + " bit is not supported: use S16, S24, S32 (PCM_SIGNED) or F32"
                        + " (PCM_FLOAT)");
            }
            if (h.rate != format.rate() || h.channels != format.channels()) {
                throw new CliException(file + ": " + Integer.toUnsignedString(h.rate) + " Hz "
                        + h.channels + " ch does not match the topology's [format] "
                        + format.rate() + " Hz " + format.channels() + " ch");
            }
            // whole frames only: a data chunk that ends inside a frame drops the partial frame
            final long bytes = h.dataSize - h.dataSize % h.blockAlign;
            if (bytes > MAX_DATA_BYTES) {
                throw new CliException(file + ": WAV data chunk size = " + h.dataSize
                        + ": sofj reads at most " + MAX_DATA_BYTES + " bytes of samples");
            }
            return convert(read(ch, h.dataAt, (int) bytes).array(), h.bits, h.isFloat,
                    format.sampleFormat());
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage());
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

    /** Decodes each sample to full-scale 32-bit (or keeps float bits) and encodes it again. */
    static byte[] convert(byte[] src, int bits, boolean isFloat, SampleFormat to) {
        final int inBytes = bits / 8;
        final int n = src.length / inBytes;
        final ByteBuffer out = ByteBuffer.allocate(n * to.containerBytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int raw = 0;
            for (int b = 0; b < inBytes; b++) {
                final int at = i * inBytes + inBytes - 1 - b; // little-endian
                raw = (raw << 8) | (src[at] & 0xFF);
            }
            if (isFloat) {
                putFloat(out, Float.intBitsToFloat(raw), to);
            } else {
                putInt(out, raw << (32 - bits), to);
            }
        }
        return out.array();
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
        final SampleFormat sf = format.sampleFormat();
        final javax.sound.sampled.AudioFormat f = new javax.sound.sampled.AudioFormat(
                sf == SampleFormat.FLOAT_LE ? javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT
                        : javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED,
                format.rate(), sf.containerBits(), format.channels(), format.frameBytes(),
                format.rate(), false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), f,
                pcm.length / format.frameBytes())) {
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw new CliException(file + ": cannot write: " + e.getMessage());
        }
    }
}
