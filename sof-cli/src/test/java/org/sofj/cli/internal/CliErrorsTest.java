package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import org.sofj.runtime.topology.Topology;

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
        // eq -> fir in place of eq -> pass -> fir (each pin connected once, as the reader needs)
        final Path p = topology("dpdp.toml", "from = \"eq\"\nto = \"pass\"\n\n[[connection]]\n"
                + "from = \"pass\"\nto = \"fir\"", "from = \"eq\"\nto = \"fir\"");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[connection]] #3 eq:0 -> fir:0: refused"), err);
    }

    @Test
    void shouldRefuseAPinTheModuleDoesNotHaveWithExit2AndNothingWritten() throws IOException {
        final String last = "[[connection]]\nfrom = \"fir\"\nto = \"out\"";
        final Path p = topology("pin.toml", last, last
                + "\n\n[[connection]]\nfrom = \"gain:1\"\nto = \"out:1\"");
        final Path wav = dir.resolve("pin.wav");
        final Cli.Result r = Cli.run("run", p.toString(), "--output", wav.toString());
        assertEquals(Main.EXIT_USAGE, r.code(), r.err());
        assertEquals("sofj: " + p + ": [[connection]] #6: key \"from\" = \"gain:1\": gain has 1 "
                + "output pin (0), as its module type gain declares", fails("run", p.toString()));
        assertFalse(Files.exists(wav), "nothing ran, nothing was written");
    }

    /**
     * A WAV file holds at most 4 GiB of samples (its sizes are 32-bit): a run whose output could
     * pass that is refused before anything runs, naming the most seconds that fit.
     */
    @Test
    void shouldRefuseARunWhoseOutputCouldNotFitAWavFile() throws IOException {
        final Path p = topology("wide.toml", "rate = 48000\nchannels = 2",
                "rate = 384000\nchannels = 8");
        final Path wav = dir.resolve("wide.wav");
        // 384 frames of 8 x 4 bytes a tick: 12,288 bytes; 4,294,967,259 / 12,288 = 349,525 ticks
        assertEquals("sofj: --seconds 400.0: " + wav + " could get " + 401_000L * 12_288
                + " bytes of samples, more than the 4294967259 a WAV file holds: at most 348 s "
                + "of this format", fails("run", p.toString(), "--seconds", "400", "--output",
                wav.toString()));
        assertFalse(Files.exists(wav), "nothing ran, nothing was written");
    }

    /**
     * The run reads --input as it plays it: an --output on the same file would truncate it under
     * the reader (and the input would be lost). Refused before anything is written, the input
     * untouched; so are a report on an output, and the same file by another path.
     */
    @Test
    void shouldRefuseAnOutputOrReportThatIsTheInputOrEachOther() throws IOException {
        final Path topo = dir.resolve("examples/wav-in.toml");
        final Path in = dir.resolve("target/in.wav");
        Wav.write(in, org.sofj.api.audio.AudioFormat.of(48_000, 2,
                org.sofj.api.audio.SampleFormat.S16_LE), new byte[48_000 * 4]);
        final byte[] before = Files.readAllBytes(in);
        assertEquals("sofj: --output " + in + ": is the file of --input " + in + "; give each its "
                + "own", fails("run", topo.toString(), "--input", in.toString(), "--output",
                in.toString()));
        final Path other = dir.resolve("target/sofj/../in.wav");
        assertEquals("sofj: --output " + other + ": is the file of --input " + in + "; give each "
                + "its own", fails("run", topo.toString(), "--input", in.toString(), "--output",
                other.toString()));
        assertArrayEquals(before, Files.readAllBytes(in), "the input is untouched");
        final Path wav = dir.resolve("both.wav");
        assertEquals("sofj: --report " + wav + ": is the file of --output " + wav + "; give each "
                + "its own", fails("run", dir.resolve("examples/tone-eq-fir.toml").toString(),
                "--output", wav.toString(), "--report", wav.toString()));
        assertFalse(Files.exists(wav), "nothing was written");
    }

    @Test
    void shouldRefuseAnOutputPathItCouldNotWriteBeforeRunning() throws IOException {
        final String topo = dir.resolve("examples/tone-eq-fir.toml").toString();
        final Path underAFile = dir.resolve("examples/tone-eq-fir.toml/report.html");
        assertEquals("sofj: --report " + underAFile + ": cannot be written: " + topo + " is not "
                + "a directory", fails("run", topo, "--report", underAFile.toString(),
                "--output", dir.resolve("never.wav").toString()));
        assertFalse(Files.exists(dir.resolve("never.wav")), "refused before the run wrote it");
        assertEquals("sofj: --output " + dir + ": is a directory", fails("run", topo, "--output",
                dir.toString()));
    }

    @Test
    void shouldNameTheValueWhenAKeyIsOutOfRange() throws IOException {
        final Path p = topology("rate.toml", "rate = 48000", "rate = 500000");
        assertTrue(fails("run", p.toString()).contains("key \"rate\" = 500000"));
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

    @Test
    void shouldRefuseAnInputWhenTheTopologyHasNoHostIn() {
        final String topo = dir.resolve("examples/tone-eq-fir.toml").toString();
        assertEquals("sofj: --input " + dir.resolve("in.wav") + ": " + topo + " has no host_in "
                + "[[module]] to play it through (its audio comes from generators)",
                fails("run", topo, "--input", dir.resolve("in.wav").toString()));
    }

    /** --output with nothing to write: refused before the run, as --input without host_in is. */
    @Test
    void shouldRefuseAnOutputWhenTheTopologyHasNoHostOut() throws IOException {
        final Path topo = dir.resolve("examples/silent.toml");
        Files.writeString(topo, "[format]\nrate = 48000\nchannels = 2\nsample = \"S32_LE\"\n"
                + "[[pipeline]]\nid = 1\n");
        final Path out = dir.resolve("silent.wav");
        assertEquals("sofj: --output " + out + ": " + topo + " has no host_out [[module]] whose "
                + "audio it would hold", fails("run", topo.toString(), "--output",
                out.toString()));
        assertFalse(Files.exists(out));
    }

    @Test
    void shouldRefuseAConfigFileThatIsNotARegularFile() throws IOException {
        final Path p = topology("zero.toml", "name = \"pass\"\n",
                "name = \"pass\"\nconfig_file = \"/dev/zero\"\n");
        final String err = fails("run", p.toString());
        assertTrue(err.endsWith("zero.toml: [[module]] #4: key \"config_file\" = \"/dev/zero\": "
                + "is not a regular file"), err);
    }

    @Test
    void shouldRefuseAConfigFileLargerThanAnyConfiguration() throws IOException {
        Files.write(dir.resolve("examples/huge.bin"),
                new byte[Topology.MAX_CONFIG_BYTES + 1]);
        final Path p = topology("huge.toml", "name = \"pass\"\n",
                "name = \"pass\"\nconfig_file = \"huge.bin\"\n");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[module]] #4: key \"config_file\" = \"")
                && err.endsWith("huge.bin\": is larger than 1048576 bytes, the most a "
                + "configuration may be"), err);
    }

    @Test
    void shouldNameTheHeaderFieldWhenAWavHasBlockAlignZero() throws IOException {
        final Path wav = dir.resolve("align0.wav");
        RunExamplesTest.writeS16(wav, new short[96]);
        final byte[] b = Files.readAllBytes(wav);
        b[32] = 0; // fmt chunk at 12: nBlockAlign is bytes 20-21 of it
        b[33] = 0;
        Files.write(wav, b);
        final String err = fails("run", dir.resolve("examples/wav-in.toml").toString(),
                "--input", wav.toString());
        assertEquals("sofj: " + wav + ": WAV header field nBlockAlign = 0: must be nChannels x "
                + "bytes per sample = 4", err);
    }

    @Test
    void shouldNameTheFileNotTheExceptionWhenALibraryIsCorrupted() throws IOException {
        final byte[] b = Files.readAllBytes(dir.resolve("target/sofj/sample.sofjlib"));
        for (int i = 60; i < 60 + 64; i++) { // inside the first compressed entries
            b[i] = (byte) ~b[i];
        }
        final Path bad = dir.resolve("corrupted.sofjlib");
        Files.write(bad, b);
        final String err = fails("inspect", bad.toString());
        assertTrue(err.startsWith("sofj: " + bad + ": library file " + bad + ": ")
                && err.contains("the file is truncated or") && !err.contains("Exception"), err);
    }

    @Test
    void shouldNameTheValueWhenAnAllocationBudgetIsNegative() throws IOException {
        final Path p = topology("budget.toml", "heap_bytes = 8192\n",
                "heap_bytes = 8192\nalloc_budget = -1\n");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("budget.toml: [[module]] #3: key \"alloc_budget\" = -1"), err);
    }

    @Test
    void shouldRefuseAnAllocationBudgetForATrustedKernelModule() throws IOException {
        // gain is user_mode=0 in the sample library: the kernel does not budget trusted code, and
        // a budget that would silently not apply is refused instead
        final Path p = topology("kbudget.toml", "domain = \"LL\"\nconfig = \"00008000",
                "domain = \"LL\"\nalloc_budget = 1048576\nconfig = \"00008000");
        final String err = fails("run", p.toString());
        assertTrue(err.contains("[[module]] \"gain\": refused") && err.contains(
                "allocationBudget=1048576 applies only to user-mode modules; module=gain is "
                + "user_mode=0"), err);
    }

    @Test
    void shouldRunAPipelineOnTheCoreItNames() throws IOException {
        final Path p = topology("core3.toml", "core = 0", "core = 3");
        final Path out = dir.resolve("core3.wav");
        Cli.check(Cli.run("run", p.toString(), "--quiet", "--seconds", "0.2", "--output",
                out.toString()));
        assertTrue(Files.size(out) > 44 + 100 * 384, "audio came out of core 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"run", "pack", "keygen", "inspect", "bench"})
    void shouldPrintUsageWhenAskedForHelp(String command) {
        final Cli.Result r = Cli.run(command, "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: sofj " + command), r.out());
    }
}
