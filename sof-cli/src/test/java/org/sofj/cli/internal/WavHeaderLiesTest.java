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
}
