package org.sofj.cli.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * WAV files through {@code javax.sound.sampled}: reads S16, S24, S32 (either byte order) and F32
 * into the pipeline's format (same rate and channels; S24 and cross-format input are scaled to
 * the pipeline's sample width) and writes the pipeline's format (S16, S32 or F32 little-endian).
 */
final class Wav {
    private static final double Q31 = 2147483648.0;
    /** How much of a file is searched for the fmt chunk. */
    private static final int HEADER_SCAN_BYTES = 4096;
    private static final int RIFF = 0x46464952;
    private static final int WAVE = 0x45564157;
    private static final int FMT = 0x20746d66;
    private static final int DATA = 0x61746164;

    private Wav() {
    }

    /**
     * Reads a whole WAV file as interleaved little-endian samples in {@code format}.
     *
     * @param file   the file
     * @param format the pipeline's format
     * @return the PCM bytes
     * @throws CliException if the file is missing, not a WAV, or its format is unsupported or does
     *     not match the pipeline's rate and channels
     */
    static byte[] read(Path file, AudioFormat format) {
        if (!Files.isRegularFile(file)) {
            throw new CliException(file + ": no such file");
        }
        checkFmtChunk(file);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            final javax.sound.sampled.AudioFormat f = in.getFormat();
            final int bits = sampleBits(file, f);
            if ((int) f.getSampleRate() != format.rate() || f.getChannels() != format.channels()) {
                throw new CliException(file + ": " + (int) f.getSampleRate() + " Hz "
                        + f.getChannels() + " ch does not match the topology's [format] "
                        + format.rate() + " Hz " + format.channels() + " ch");
            }
            return convert(in.readAllBytes(), bits, f.getEncoding()
                    == javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT, f.isBigEndian(),
                    format.sampleFormat());
        } catch (UnsupportedAudioFileException e) {
            throw new CliException(file + ": not a WAV file javax.sound.sampled can read");
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Checks the header fields javax.sound.sampled divides by or trusts, so that a broken header
     * is one line naming the field and its value, not an ArithmeticException: the fmt chunk's
     * size, nChannels and nBlockAlign, and a data chunk that claims more bytes than the file
     * holds (javax.sound.sampled would read what is there and say nothing).
     */
    private static void checkFmtChunk(Path file) {
        final ByteBuffer b;
        final long fileSize;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            b = ByteBuffer.wrap(in.readNBytes(HEADER_SCAN_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
            fileSize = Files.size(file);
        } catch (IOException e) {
            throw new CliException(file + ": cannot read: " + e.getMessage());
        }
        if (b.limit() < 12 || b.getInt(0) != RIFF || b.getInt(8) != WAVE) {
            return; // not RIFF/WAVE: javax.sound.sampled says what it is not
        }
        // every chunk within the scanned bytes, in any order: a fmt chunk after the data chunk
        // is still checked (javax.sound.sampled reads it there), and a chunk is skipped by its
        // whole size (and its RIFF pad byte), never read inside
        boolean fmtSeen = false;
        boolean dataSeen = false;
        long at = 12;
        while (at + 8 <= b.limit() && !(fmtSeen && dataSeen)) {
            final int id = b.getInt((int) at);
            final long size = Integer.toUnsignedLong(b.getInt((int) at + 4));
            if (id == FMT && !fmtSeen) {
                fmtSeen = true;
                checkFmt(file, b, (int) at, size);
            } else if (id == DATA && !dataSeen) {
                dataSeen = true;
                if (at + 8 + size > fileSize) {
                    throw new CliException(file + ": WAV data chunk size = " + size
                            + ": the file holds only " + (fileSize - at - 8)
                            + " bytes after the chunk's header");
                }
            }
            at += 8 + size + (size & 1);
        }
    }

    private static void checkFmt(Path file, ByteBuffer b, int at, long size) {
        if (size < 16) {
            throw new CliException(file + ": WAV fmt chunk size = " + size + ": must be at least "
                    + "16 (wFormatTag .. wBitsPerSample)");
        }
        if (at + 8 + 16 > b.limit()) {
            return; // the file ends inside it: javax.sound.sampled refuses it
        }
        final int channels = b.getShort(at + 10) & 0xFFFF;
        final int blockAlign = b.getShort(at + 20) & 0xFFFF;
        final int bits = b.getShort(at + 22) & 0xFFFF;
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
    }

    private static int sampleBits(Path file, javax.sound.sampled.AudioFormat f) {
        final int bits = f.getSampleSizeInBits();
        final boolean pcm = f.getEncoding() == javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED
                && (bits == 16 || bits == 24 || bits == 32);
        final boolean flt = f.getEncoding() == javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT
                && bits == 32;
        if (!pcm && !flt) {
            throw new CliException(file + ": sample format " + f.getEncoding() + " " + bits
                    + " bit is not supported: use S16, S24, S32 (PCM_SIGNED) or F32 (PCM_FLOAT)");
        }
        return bits;
    }

    /** Decodes each sample to full-scale 32-bit (or keeps float bits) and encodes it again. */
    static byte[] convert(byte[] src, int bits, boolean isFloat, boolean bigEndian,
            SampleFormat to) {
        final int inBytes = bits / 8;
        final int n = src.length / inBytes;
        final ByteBuffer out = ByteBuffer.allocate(n * to.containerBytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            int raw = 0;
            for (int b = 0; b < inBytes; b++) {
                final int at = i * inBytes + (bigEndian ? b : inBytes - 1 - b);
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
