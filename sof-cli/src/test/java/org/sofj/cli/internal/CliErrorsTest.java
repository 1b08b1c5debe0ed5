package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets one line a person can act on, a non-zero exit and no stack trace. */
final class CliErrorsTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    /** Runs and checks the error shape; returns the one line. */
    private static String fails(String... args) {
        final Cli.Result r = Cli.run(args);
        assertNotEquals(0, r.code(), r.out());
        final String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("sofj: "), err);
        assertFalse(err.contains("Exception") || r.out().contains("\tat "), err);
        return err;
    }

    private Path topology(String name, String from, String to) throws IOException {
        final Path p = dir.resolve("examples").resolve(name);
        Files.writeString(p, Files.readString(dir.resolve("examples/tone-eq-fir.toml"))
                .replace(from, to));
        return p;
    }

    @Test
    void shouldNameTheFileWhenTheTopologyIsMissing() {
        assertTrue(fails("run", dir.resolve("nope.toml").toString()).contains(
                "nope.toml: no such file"));
    }

    @Test
    void shouldNameTheLineWhenTheTomlIsBroken() throws IOException {
        final Path p = topology("broken.toml", "[format]", "[format");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("broken.toml: not valid TOML") && err.contains("line"), err);
    }

    @Test
    void shouldListTheKnownTypesWhenAModuleTypeIsUnknown() throws IOException {
        final Path p = topology("unknown.toml", "type = \"fir\"", "type = \"fri\"");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[module]] \"fir\": key \"type\" = \"fri\"")
                && err.contains("eq_iir"), err);
    }

    @Test
    void shouldNameTheConnectionWhenItPointsNowhere() throws IOException {
        final Path p = topology("nowhere.toml", "to = \"out\"", "to = \"speaker\"");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[connection]] #5: key \"to\" = \"speaker\""), err);
    }

    @Test
    void shouldNameTheConnectionWhenTheRuntimeRefusesDpToDp() throws IOException {
        final Path p = topology("dpdp.toml", "from = \"pass\"\nto = \"fir\"",
                "from = \"eq\"\nto = \"fir\"");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[connection]] #4 eq:0 -> fir:0: refused"), err);
    }

    @Test
    void shouldNameTheValueWhenAKeyIsOutOfRange() throws IOException {
        final Path p = topology("rate.toml", "rate = 48000", "rate = 44100");
        assertTrue(fails("run", p.toString()).contains("key \"rate\" = 44100"));
    }

    @Test
    void shouldRefuseAnUnsupportedWavFormat() throws IOException {
        final Path wav = dir.resolve("u8.wav");
        final byte[] pcm = new byte[4800];
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm),
                new AudioFormat(AudioFormat.Encoding.PCM_UNSIGNED, 48000, 8, 2, 2, 48000, false),
                2400), AudioFileFormat.Type.WAVE, wav.toFile());
        final String err = fails("run", dir.resolve("examples/wav-in.toml").toString(),
                "--input", wav.toString());
        assertTrue(err.contains("u8.wav: sample format PCM_UNSIGNED 8 bit is not supported"), err);
    }

    @Test
    void shouldAskForAnInputWhenTheTopologyPlaysAWav() {
        assertTrue(fails("run", dir.resolve("examples/wav-in.toml").toString())
                .contains("give --input"));
    }

    @Test
    void shouldRefuseALibrarySignedByAnUntrustedKey() throws IOException {
        Cli.check(Cli.run("keygen", "--out", dir.resolve("other").toString()));
        final Path p = topology("untrusted.toml", "../target/sofj/dev.pub", "../other.pub");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[library]] id=1: refused") && err.contains("untrusted"), err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "pack", "keygen", "inspect", "bench"})
    void shouldPrintUsageWhenAskedForHelp(String command) {
        final Cli.Result r = Cli.run(command, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: sofj " + command), r.out());
    }
}
