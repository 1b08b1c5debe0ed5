package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * {@link Wav.Reader} reads a WAV file a block at a time, converted to the pipeline's format, at
 * any position (each host_in plays from its own), and the samples are the file's.
 */
final class WavReaderTest {
    private static final AudioFormat S16 = AudioFormat.of(48_000, 2, SampleFormat.S16_LE);
    private static final AudioFormat S32 = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);
    /** More frames than the reader converts at a time, and not a multiple of it. */
    private static final int FRAMES = 40_001;

    @TempDir
    Path dir;

    private short[] samples;

    /** An S16 stereo file of {@link #FRAMES} random frames. */
    private Path file() {
        samples = new short[FRAMES * 2];
        final Random r = new Random(7);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) r.nextInt();
        }
        final ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        final Path p = dir.resolve("in.wav");
        Wav.write(p, S16, b.array());
        return p;
    }

    /** S16 to S32 is the sample shifted into the top 16 bits. */
    private int expectedS32(int sample) {
        return samples[sample] << 16;
    }

    @Test
    void shouldReadPeriodsAcrossBlocksAsTheFileHoldsThem() {
        final Path p = file();
        try (Wav.Reader in = Wav.Reader.open(p, S32)) {
            assertEquals((long) FRAMES * 8, in.bytes());
            final byte[] period = new byte[384];
            long at = 0;
            int n;
            int sample = 0;
            while ((n = in.read(at, period, 0, period.length)) > 0) {
                final ByteBuffer b = ByteBuffer.wrap(period, 0, n).order(ByteOrder.LITTLE_ENDIAN);
                while (b.hasRemaining()) {
                    assertEquals(expectedS32(sample), b.getInt(), "sample " + sample);
                    sample++;
                }
                at += n;
            }
            assertEquals(FRAMES * 2, sample, "every sample, then the end");
            assertEquals(0, in.read(at, period, 0, period.length));
        }
    }

    @Test
    void shouldReadAnyPositionAsTheWholeReadHasIt() {
        final Path p = file();
        final byte[] whole = Wav.read(p, S32);
        assertEquals((long) FRAMES * 8, whole.length);
        try (Wav.Reader in = Wav.Reader.open(p, S32)) {
            // backwards, forwards, across a block's end, and a read past the end
            for (long at : new long[] {whole.length - 800, 0, 16_384 * 8 - 24, 8 * 7, 131_000 * 2,
                whole.length - 16}) {
                final byte[] got = new byte[400];
                final int n = in.read(at, got, 0, got.length);
                assertEquals(Math.min(400, whole.length - at), n, "at " + at);
                final byte[] want = new byte[400];
                System.arraycopy(whole, (int) at, want, 0, n);
                assertArrayEquals(want, got, "at " + at);
            }
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(expectedS32(i * 37), ByteBuffer.wrap(whole).order(ByteOrder.LITTLE_ENDIAN)
                    .getInt(i * 37 * 4));
        }
    }
}
