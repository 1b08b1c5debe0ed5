package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * WAV files at every format boundary and with chunks in an order a reader may not expect, built
 * chunk by chunk from the RIFF/WAVE layout. Each is read as exactly the samples it holds, or
 * refused with one line that starts with the file and names the field.
 */
final class WavFormatBoundariesTest {
    private static final AudioFormat MONO_S32 = AudioFormat.of(48_000, 1, SampleFormat.S32_LE);

    @TempDir
    Path dir;

    /** One chunk: id, u32 size, the bytes, and a pad byte if the size is odd. */
    private static byte[] chunk(String id, int size, byte[] body) {
        final ByteBuffer b = ByteBuffer.allocate(8 + body.length + (body.length & 1))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(size).put(body);
        return b.array();
    }

    private static byte[] fmt(int tag, int channels, int rate, int blockAlign, int bits) {
        return chunk("fmt ", 16, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits)
                .array());
    }

    private static byte[] riff(byte[]... chunks) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            body.write(c);
        }
        final ByteBuffer b = ByteBuffer.allocate(12 + body.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + body.size())
                .put("WAVE".getBytes(StandardCharsets.US_ASCII)).put(body.toByteArray());
        return b.array();
    }

    private Path file(byte[] bytes) throws IOException {
        final Path p = dir.resolve("in.wav");
        Files.write(p, bytes);
        return p;
    }

    private static byte[] data(int n) {
        final byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 7 + 3);
        }
        return d;
    }

    private static void assertOneLine(Path p, CliException e, String... needles) {
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String n : needles) {
            assertTrue(e.getMessage().contains(n), "names " + n + ": " + e.getMessage());
        }
    }

    /**
     * A data chunk before the fmt chunk, and a fmt chunk with nChannels 0 after it: the header
     * check must see the fmt chunk wherever it is, so the file is refused in one line naming
     * nChannels, not with whatever a division by zero throws.
     */
    @Test
    void shouldCheckAFmtChunkThatComesAfterTheDataChunk() throws IOException {
        final Path p = file(riff(chunk("data", 8, data(8)), fmt(1, 0, 48_000, 0, 32),
                chunk("data", 8, data(8))));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, MONO_S32));
        assertOneLine(p, e, "nChannels");
    }

    /**
     * A chunk before fmt is skipped whole: an odd-sized one with its RIFF pad byte, and a
     * 9,000-byte LIST chunk (metadata, as many writers put there), which javax.sound.sampled
     * refused in a valid file ("Resetting to invalid mark"); the samples after it are read.
     */
    @ParameterizedTest
    @ValueSource(ints = {5, 9_000})
    void shouldReadTheSamplesAfterAChunkBeforeTheFmtChunk(int size) throws IOException {
        final byte[] samples = data(64);
        final Path p = file(riff(chunk("LIST", size, data(size)), fmt(1, 1, 48_000, 4, 32),
                chunk("data", 64, samples)));
        assertArrayEquals(samples, Wav.read(p, MONO_S32));
    }

    /**
     * Formats the reader does not take, each refused in one line naming what it is: 8-bit PCM
     * (unsigned in WAV), 64-bit float, A-law, mu-law.
     */
    @ParameterizedTest
    @CsvSource({"1, 8, 1", "3, 64, 8", "6, 8, 1", "7, 8, 1"})
    void shouldRefuseFormatsItDoesNotReadInOneLine(int tag, int bits, int blockAlign)
            throws IOException {
        final Path p = file(riff(fmt(tag, 1, 48_000, blockAlign, bits),
                chunk("data", 64, data(64))));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, MONO_S32));
        assertOneLine(p, e);
    }

    /** S24 packed in three bytes: each sample is scaled to the full 32 bits, little-endian. */
    @Test
    void shouldScalePackedTwentyFourBitSamplesToThirtyTwo() throws IOException {
        final byte[] s24 = {0x01, 0x02, 0x03, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            0x00, 0x00, (byte) 0x80};
        final Path p = file(riff(fmt(1, 1, 48_000, 3, 24), chunk("data", 9, s24)));
        final ByteBuffer out = ByteBuffer.wrap(Wav.read(p, MONO_S32)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3 * 4, out.limit());
        assertEquals(0x03020100, out.getInt(0));
        assertEquals(0xFFFFFF00, out.getInt(4));
        assertEquals(0x80000000, out.getInt(8));
    }

    /** A rate of 0 is refused naming it against the topology's rate. */
    @Test
    void shouldRefuseARateOfZeroNamingIt() throws IOException {
        final Path p = file(riff(fmt(1, 1, 0, 4, 32), chunk("data", 64, data(64))));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, MONO_S32));
        assertOneLine(p, e, "0 Hz");
    }

    /** nBitsPerSample 0 is refused in one line naming a field, not a division by zero. */
    @Test
    void shouldRefuseZeroBitsPerSampleInOneLine() throws IOException {
        final Path p = file(riff(fmt(1, 1, 48_000, 4, 0), chunk("data", 64, data(64))));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, MONO_S32));
        assertOneLine(p, e, "wBitsPerSample");
    }
}
