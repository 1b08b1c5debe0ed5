package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * WAV files whose headers lie, written byte by byte from the RIFF/WAVE layout (a 12-byte RIFF
 * header, then chunks of id, u32 size and data; {@code fmt } holds wFormatTag, nChannels,
 * nSamplesPerSec, nAvgBytesPerSec, nBlockAlign, wBitsPerSample). Each is refused with one line
 * naming the field and its value, or read as exactly the whole frames it holds.
 */
final class WavHeaderLiesTest {
    private static final AudioFormat STEREO_S16 = AudioFormat.of(48_000, 2, SampleFormat.S16_LE);

    @TempDir
    Path dir;

    /** A RIFF/WAVE file: fmt chunk (16 bytes) with the given fields, then a data chunk. */
    private static byte[] wav(int fmtSize, int tag, int channels, int rate, int blockAlign,
            int bits, int dataSize, byte[] data) {
        final ByteBuffer b = ByteBuffer.allocate(12 + 8 + fmtSize + 8 + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.putInt(4 + 8 + fmtSize + 8 + data.length);
        b.put("WAVE".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(fmtSize);
        final ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        b.put(fmt.array(), 0, Math.min(16, fmtSize));
        for (int i = 16; i < fmtSize; i++) {
            b.put((byte) 0);
        }
        b.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(dataSize);
        b.put(data);
        return b.array();
    }

    private static byte[] ramp(int n) {
        final byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (i * 3 + 1);
        }
        return d;
    }

    private Path file(String name, byte[] bytes) throws IOException {
        final Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void shouldRefuseADataChunkThatClaimsMoreBytesThanTheFileHolds() throws IOException {
        final Path p = file("long.wav", wav(16, 1, 2, 48_000, 4, 16, 4_000, ramp(96)));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertTrue(e.getMessage().contains("data") && e.getMessage().contains("4000")
                && e.getMessage().contains("96"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
    }

    @Test
    void shouldReadOnlyWholeFramesOfADataChunkThatEndsInTheMiddleOfAFrame() throws IOException {
        // 6 bytes of stereo S16: one frame and the left half of another
        final byte[] data = ramp(6);
        final Path p = file("half.wav", wav(16, 1, 2, 48_000, 4, 16, 6, data));
        final byte[] pcm = Wav.read(p, STEREO_S16);
        assertEquals(0, pcm.length % STEREO_S16.frameBytes(), "whole frames: " + pcm.length);
        assertArrayEquals(java.util.Arrays.copyOf(data, 4), pcm);
    }

    @Test
    void shouldRefuseAFmtChunkShorterThanSixteenBytes() throws IOException {
        final Path p = file("short-fmt.wav", wav(14, 1, 2, 48_000, 4, 16, 96, ramp(96)));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertTrue(e.getMessage().contains("fmt") && e.getMessage().contains("14"),
                e.getMessage());
    }

    @Test
    void shouldRefuseAHeaderThatEndsInsideTheFmtChunk() throws IOException {
        final byte[] whole = wav(16, 1, 2, 48_000, 4, 16, 96, ramp(96));
        final Path p = file("cut.wav", java.util.Arrays.copyOf(whole, 30));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
    }

    @Test
    void shouldReadTheSamplesWhenOnlyTheAdvisoryByteRateIsWrong() throws IOException {
        // nAvgBytesPerSec is advisory (readers compute it); the samples are what the header says
        final byte[] bytes = wav(16, 1, 2, 48_000, 4, 16, 96, ramp(96));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 12345);
        final byte[] pcm = Wav.read(file("rate.wav", bytes), STEREO_S16);
        assertArrayEquals(ramp(96), pcm);
    }

    @Test
    void shouldRefuseAWavWhoseRateDoesNotMatchTheTopologyNamingBoth() throws IOException {
        final Path p = file("44k.wav", wav(16, 1, 2, 44_100, 4, 16, 96, ramp(96)));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertTrue(e.getMessage().contains("44100 Hz") && e.getMessage().contains("48000 Hz"),
                e.getMessage());
    }

    /** A header with one four-byte id or field replaced, refused naming it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RIFF id             | 0  | RIFG | RIFF chunk id = \"RIFG\"",
        "RIFF id, binary     | 0  | \u00ff\u0080\u00fe\u007f | RIFF chunk id = 0xff80fe7f",
        "form type           | 8  | WAVF | RIFF form type = \"WAVF\"",
        "fmt id              | 12 | fmA  | no WAV fmt chunk",
        "data id             | 36 | dat  | no WAV data chunk"})
    void shouldRefuseABrokenRiffStructureNamingWhatIsWrong(String what, int at, String id,
            String needle) throws IOException {
        final byte[] bytes = wav(16, 1, 2, 48_000, 4, 16, 96, ramp(96));
        final byte[] four = (id + "    ").substring(0, 4)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(four, 0, bytes, at, 4);
        final Path p = file("riff.wav", bytes);
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertOneLine(p, e, needle);
    }

    @Test
    void shouldRefuseAFileShorterThanTheRiffHeaderNamingItsSize() throws IOException {
        final Path p = file("tiny.wav", new byte[] {'R', 'I', 'F', 'F', 0});
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertOneLine(p, e, "5 bytes", "12-byte");
    }

    /** A fmt chunk that claims more than the file holds (javax: "Resetting to invalid mark"). */
    @Test
    void shouldRefuseAFmtChunkThatClaimsMoreBytesThanTheFileHolds() throws IOException {
        final byte[] bytes = wav(16, 1, 2, 48_000, 4, 16, 96, ramp(96));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 33_808);
        final Path p = file("fmt-size.wav", bytes);
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertOneLine(p, e, "fmt chunk size = 33808", "holds only 120 bytes");
    }

    @Test
    void shouldRefuseAnUnknownFormatTagNamingIt() throws IOException {
        final Path p = file("tag.wav", wav(16, 0x7901, 2, 48_000, 4, 16, 96, ramp(96)));
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertOneLine(p, e, "wFormatTag = 0x7901");
    }

    /** WAVE_FORMAT_EXTENSIBLE: PCM as SubFormat is read; another SubFormat is refused naming it. */
    @Test
    void shouldReadExtensiblePcmAndRefuseAnotherSubFormat() throws IOException {
        final byte[] pcm = wav(40, 0xFFFE, 2, 48_000, 4, 16, 96, ramp(96));
        final ByteBuffer b = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(36, (short) 22).putShort(38, (short) 16).putInt(40, 3); // cbSize, bits, mask
        b.putShort(44, (short) 1); // SubFormat KSDATAFORMAT_SUBTYPE_PCM: 0x0001 then the GUID tail
        final byte[] guidTail = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00,
            (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
        b.position(46);
        b.put(guidTail);
        assertArrayEquals(ramp(96), Wav.read(file("ext.wav", pcm), STEREO_S16));
        b.putShort(44, (short) 2);
        final Path p = file("ext-adpcm.wav", pcm);
        final CliException e = assertThrows(CliException.class, () -> Wav.read(p, STEREO_S16));
        assertOneLine(p, e, "SubFormat = 0x0002");
    }

    private static void assertOneLine(Path p, CliException e, String... needles) {
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        for (String n : needles) {
            assertTrue(e.getMessage().contains(n), "names " + n + ": " + e.getMessage());
        }
    }
}
