package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Streams of the 44.1 kHz family (and the 48 kHz one) run end to end: a topology at the rate, a
 * WAV in and out at the rate, periods sized as SOF sizes them (48 frames per 1 ms at 44.1 kHz, 96
 * at 88.2, 23 at 22.05), and unity gain passes every sample through bit for bit.
 */
final class SampleRateFamilyTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    private static final String TOPOLOGY = String.join("\n",
            "[format]",
            "rate = %d",
            "channels = 2",
            "sample = \"S16_LE\"",
            "[[library]]",
            "id = 1",
            "file = \"../target/sofj/sample.sofjlib\"",
            "trust = \"../target/sofj/dev.pub\"",
            "[[pipeline]]",
            "id = 1",
            "[[module]]",
            "name = \"in\"",
            "type = \"host_in\"",
            "[[module]]",
            "name = \"gain\"",
            "type = \"gain\"",
            "library = 1",
            "config = \"00000001 00000000\"   # Q8.24 0x01000000 = 1.0, no ramp",
            "[[module]]",
            "name = \"out\"",
            "type = \"host_out\"",
            "[[connection]]",
            "from = \"in\"",
            "to = \"gain\"",
            "[[connection]]",
            "from = \"gain\"",
            "to = \"out\"",
            "");

    @ParameterizedTest(name = "{0} Hz, {1} frames per period")
    @CsvSource({"44100, 48", "88200, 96", "22050, 23", "48000, 48"})
    void shouldPassAWavThroughUnityGainBitExactly(int rate, int periodFrames)
            throws IOException, UnsupportedAudioFileException {
        final Path topology = dir.resolve("examples").resolve("gain-" + rate + ".toml");
        Files.writeString(topology, String.format(java.util.Locale.ROOT, TOPOLOGY, rate));
        final int frames = rate / 2 + 17; // half a second and a partial period
        final short[] in = new short[frames * 2];
        for (int i = 0; i < frames; i++) {
            in[2 * i] = (short) Math.round(9000 * Math.sin(2 * Math.PI * 441 * i / rate));
            in[2 * i + 1] = (short) (i * 7919 % 65536 - 32768); // every bit pattern shows
        }
        final Path wav = dir.resolve("in-" + rate + ".wav");
        writeS16(wav, in, rate);
        final Path out = dir.resolve("out-" + rate + ".wav");
        Cli.check(Cli.run("run", topology.toString(), "--input", wav.toString(), "--output",
                out.toString()));
        try (AudioInputStream s = AudioSystem.getAudioInputStream(out.toFile())) {
            assertEquals(rate, (int) s.getFormat().getSampleRate(), "the output WAV's rate");
        }
        final short[] got = Pcm.s16(out);
        final int delay = delay(in, got, periodFrames);
        assertTrue(delay >= 0, "the input appears in the output, whole periods late");
        for (int i = 0; i < in.length; i++) {
            assertEquals(in[i], got[i + delay], "sample " + i + " at " + rate + " Hz");
        }
    }

    /** The pipeline delays by whole periods: find by how many, or -1. */
    private static int delay(short[] in, short[] got, int periodFrames) {
        for (int d = 0; d + in.length <= got.length; d += 2 * periodFrames) {
            boolean match = true;
            for (int i = 0; i < 64 && match; i++) {
                match = in[i] == got[i + d];
            }
            if (match) {
                return d;
            }
        }
        return -1;
    }

    private static void writeS16(Path file, short[] samples, int rate) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(b.array()),
                new AudioFormat(rate, 16, 2, true, false), samples.length / 2),
                AudioFileFormat.Type.WAVE, file.toFile());
    }
}
