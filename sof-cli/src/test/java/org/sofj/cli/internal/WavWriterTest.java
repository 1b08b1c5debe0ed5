package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/**
 * {@link Wav.Writer} streams a WAV file as its samples come, in any chunks, and makes the same
 * bytes as {@code javax.sound.sampled}'s writer does from the whole array (what {@code sofj run}
 * wrote before it streamed).
 */
final class WavWriterTest {
    @TempDir
    Path dir;

    /** What javax.sound.sampled writes for these samples in this format. */
    private static byte[] javaxWav(Path file, AudioFormat f, byte[] pcm) throws IOException {
        final SampleFormat sf = f.sampleFormat();
        final javax.sound.sampled.AudioFormat jf = new javax.sound.sampled.AudioFormat(
                sf == SampleFormat.FLOAT_LE ? javax.sound.sampled.AudioFormat.Encoding.PCM_FLOAT
                        : javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED,
                f.rate(), sf.containerBits(), f.channels(), f.frameBytes(), f.rate(), false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), jf,
                pcm.length / f.frameBytes())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return Files.readAllBytes(file);
    }

    private static byte[] samples(AudioFormat f, int frames, long seed) {
        final byte[] pcm = new byte[frames * f.frameBytes()];
        new Random(seed).nextBytes(pcm);
        return pcm;
    }

    /** Writes {@code pcm} in chunks of 1, 2, 3, ... frames. */
    private static void writeInChunks(Wav.Writer w, AudioFormat f, byte[] pcm) {
        int at = 0;
        for (int frames = 1; at < pcm.length; frames++) {
            final int n = Math.min(pcm.length - at, frames * f.frameBytes());
            w.write(pcm, at, n);
            at += n;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SampleFormat.class)
    void shouldWriteInChunksTheBytesJavaxSoundWritesAtOnce(SampleFormat sf) throws IOException {
        final AudioFormat f = AudioFormat.of(44_100, 3, sf);
        final byte[] pcm = samples(f, 4_321, sf.ordinal());
        final Path ours = dir.resolve("ours-" + sf + ".wav");
        try (Wav.Writer w = Wav.Writer.open(ours, f)) {
            writeInChunks(w, f, pcm);
            assertEquals(pcm.length, w.bytes());
        }
        assertArrayEquals(javaxWav(dir.resolve("javax-" + sf + ".wav"), f, pcm),
                Files.readAllBytes(ours));
        assertArrayEquals(pcm, Pcm.bytes(ours), "javax.sound.sampled reads the samples back");
    }

    @Test
    void shouldWriteAnEmptyFileAsAHeaderThatSaysNoSamples() throws IOException {
        final AudioFormat f = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);
        final Path ours = dir.resolve("empty.wav");
        Wav.Writer.open(ours, f).close();
        assertArrayEquals(javaxWav(dir.resolve("javax-empty.wav"), f, new byte[0]),
                Files.readAllBytes(ours));
        assertEquals(Wav.HEADER_BYTES, Files.size(ours));
    }

    @Test
    void shouldReplaceALongerFileWholeAndMakeItsMissingDirectories() throws IOException {
        final AudioFormat f = AudioFormat.of(48_000, 2, SampleFormat.S16_LE);
        final Path ours = dir.resolve("a/b/out.wav");
        Wav.write(ours, f, samples(f, 1_000, 1));
        final byte[] pcm = samples(f, 10, 2);
        Wav.write(ours, f, pcm);
        assertArrayEquals(javaxWav(dir.resolve("javax-short.wav"), f, pcm),
                Files.readAllBytes(ours), "nothing of the longer file is left past the end");
    }

    /**
     * A pipe cannot seek, so the header cannot be filled in at the end: the writer keeps the
     * samples and writes the whole file, header first, when closed (as a whole-array write did).
     */
    @Test
    void shouldWriteAWholeFileToAPipeThatCannotSeek() throws Exception {
        final Path fifo = dir.resolve("fifo");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        final CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        final AudioFormat f = AudioFormat.of(48_000, 2, SampleFormat.FLOAT_LE);
        final byte[] pcm = samples(f, 2_000, 3);
        try (Wav.Writer w = Wav.Writer.open(fifo, f)) {
            writeInChunks(w, f, pcm);
        }
        assertArrayEquals(javaxWav(dir.resolve("javax-fifo.wav"), f, pcm),
                read.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldNameTheFileWhenItCannotBeMade() throws IOException {
        final Path file = Files.writeString(dir.resolve("plain"), "x").resolve("out.wav");
        final AudioFormat f = AudioFormat.of(48_000, 2, SampleFormat.S16_LE);
        final CliException e = assertThrows(CliException.class, () -> Wav.Writer.open(file, f));
        assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
    }
}
