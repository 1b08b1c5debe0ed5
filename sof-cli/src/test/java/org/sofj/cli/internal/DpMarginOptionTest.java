package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sofj.api.audio.AudioFormat;
import org.sofj.runtime.topology.Topology;

/**
 * {@code sofj run --dp-margin N}: N periods of silence primed into each DP module's output, so
 * the README pipeline's two DP modules (eq, fir) delay the audio by 2 N periods; out of range, a
 * one-line error and nothing run. {@code --rt-priority N} out of range is refused the same way.
 */
final class DpMarginOptionTest {
    private static final int FRAMES_PER_PERIOD = 48;

    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    /** @return the first frame of {@code wav} whose left sample is not 0 */
    private static int firstSoundFrame(Path wav) {
        final Path example = dir.resolve("examples/tone-eq-fir.toml");
        final AudioFormat f = Topology.read(example).format();
        final byte[] pcm = Wav.read(wav, f);
        final int frameBytes = f.frameBytes();
        for (int i = 0; i + 4 <= pcm.length; i += frameBytes) {
            if (pcm[i] != 0 || pcm[i + 1] != 0 || pcm[i + 2] != 0 || pcm[i + 3] != 0) {
                return i / frameBytes;
            }
        }
        throw new AssertionError(wav + " is silent");
    }

    private static Path render(String name, String... more) {
        final Path out = dir.resolve(name);
        final String[] base = {"run", dir.resolve("examples/tone-eq-fir.toml").toString(),
            "--seconds", "0.2", "--quiet", "--output", out.toString()};
        final String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        Cli.check(Cli.run(args));
        return out;
    }

    @Test
    void shouldDelayTheAudioByTheMarginOfEachDpModuleOnThePath() {
        final int plain = firstSoundFrame(render("plain.wav"));
        final int three = firstSoundFrame(render("three.wav", "--dp-margin", "3"));
        assertEquals(plain + 2 * 3 * FRAMES_PER_PERIOD, three);
    }

    @Test
    void shouldRefuseAMarginOutOfRangeInOneLineAndRunNothing() {
        final Path out = dir.resolve("never.wav");
        for (String bad : new String[] {"-1", "1001"}) {
            final Cli.Result r = Cli.run("run", dir.resolve("examples/tone-eq-fir.toml")
                    .toString(), "--seconds", "0.2", "--output", out.toString(), "--dp-margin",
                    bad);
            assertEquals(2, r.code(), r.err());
            assertEquals("sofj: --dp-margin " + bad + ": must be 0 to 1000 periods",
                    r.err().strip());
            assertTrue(!out.toFile().exists(), "ran anyway: " + out);
        }
    }

    @Test
    void shouldRefuseARealTimePriorityOutOfRangeInOneLineAndRunNothing() {
        final Path out = dir.resolve("never-rt.wav");
        for (String bad : new String[] {"-1", "100"}) {
            final Cli.Result r = Cli.run("run", dir.resolve("examples/tone-eq-fir.toml")
                    .toString(), "--seconds", "0.2", "--output", out.toString(),
                    "--rt-priority", bad);
            assertEquals(2, r.code(), r.err());
            assertEquals("sofj: --rt-priority " + bad + ": must be 0 (none) to 99",
                    r.err().strip());
            assertTrue(!out.toFile().exists(), "ran anyway: " + out);
        }
        final Cli.Result b = Cli.run("bench", "--seconds", "1", "--rt-priority", "100");
        assertEquals(2, b.code(), b.err());
        assertEquals("sofj: --rt-priority 100: must be 0 (none) to 99", b.err().strip());
    }

    @Test
    void shouldIgnoreARealTimePriorityOnTheVirtualClock() {
        // the launcher passes its default to every command; a virtual run has no tick thread
        assertEquals(firstSoundFrame(render("plain-rt.wav")),
                firstSoundFrame(render("rt.wav", "--rt-priority", "10")));
    }
}
