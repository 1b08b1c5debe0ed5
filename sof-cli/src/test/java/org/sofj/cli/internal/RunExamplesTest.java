package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sofj run} on each example, virtual clock, checked against independent references. */
final class RunExamplesTest {
    private static final int FRAMES_PER_PERIOD = 48;
    @TempDir
    static Path dir;

    @BeforeAll
    static void workspace() {
        Cli.workspace(dir);
    }

    private static Path example(String name) {
        return dir.resolve("examples").resolve(name);
    }

    @Test
    void shouldApplyGainAndEqAsAnIndependentReferenceWhenPlayingAWav() throws IOException {
        final short[] in = new short[24000 * 2];
        for (int i = 0; i < 24000; i++) {
            in[2 * i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * 440 * i / 48000.0));
            in[2 * i + 1] = (short) Math.round(6000 * Math.sin(2 * Math.PI * 1000 * i / 48000.0));
        }
        final Path wav = dir.resolve("in.wav");
        writeS16(wav, in);
        final Path out = dir.resolve("wav-out.wav");
        Cli.check(Cli.run("run", example("wav-in.toml").toString(), "--input", wav.toString(),
                "--output", out.toString()));
        final short[] ref = reference(in);
        final short[] got = Pcm.s16(out);
        final int delay = bestDelay(ref, got);
        final int n = Math.min(ref.length, got.length - delay);
        assertTrue(n >= ref.length - 10 * FRAMES_PER_PERIOD * 2, "compared " + n);
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(ref[i] - got[i + delay]) <= 1, "sample " + i + ": expected "
                    + ref[i] + " got " + got[i + delay]);
        }
    }

    /** gain 1.5 as Q8.24 with rounding, then the biquad in direct form I, per channel. */
    private static short[] reference(short[] in) {
        final double[] c = {1120936092, -2035085131, 931709709, -2035085131, 978903977};
        for (int i = 0; i < c.length; i++) {
            c[i] /= 1 << 30;
        }
        final short[] out = new short[in.length];
        for (int ch = 0; ch < 2; ch++) {
            double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
            for (int i = ch; i < in.length; i += 2) {
                final long g = ((long) in[i] * 0x01800000L + (1L << 23)) >> 24;
                final double x = Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, g));
                final double y = c[0] * x + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
                x2 = x1;
                x1 = x;
                y2 = y1;
                y1 = y;
                out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE,
                        Math.round(y)));
            }
        }
        return out;
    }

    /** The pipeline delays by whole periods; find by how many. */
    private static int bestDelay(short[] ref, short[] got) {
        int best = 0;
        long bestErr = Long.MAX_VALUE;
        for (int d = 0; d <= 40 * FRAMES_PER_PERIOD * 2; d += FRAMES_PER_PERIOD * 2) {
            long err = 0;
            for (int i = 0; i < 4000 && i + d < got.length; i++) {
                err += Math.abs(ref[i] - got[i + d]);
            }
            if (err < bestErr) {
                bestErr = err;
                best = d;
            }
        }
        return best;
    }

    @Test
    void shouldWriteIdenticalBytesAndAReportWhenRunningToneEqFirTwice() throws IOException {
        final Path a = dir.resolve("a.wav");
        final Path b = dir.resolve("b.wav");
        final Path html = dir.resolve("report.html");
        final Cli.Result r = Cli.check(Cli.run("run", example("tone-eq-fir.toml").toString(),
                "--output", a.toString(), "--report", html.toString()));
        Cli.check(Cli.run("run", example("tone-eq-fir.toml").toString(), "--output",
                b.toString()));
        final byte[] first = Pcm.bytes(a);
        assertArrayEquals(first, Pcm.bytes(b));
        assertTrue(peak(Pcm.s32(a)) > 1 << 24, "the tone gets through");
        for (String module : new String[] {"tone", "gain", "eq", "pass", "fir", "out"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(module + " ")), module);
        }
        assertTrue(r.out().contains("0 by construction"), r.out());
        // eq and fir keep their state in Java arrays: the "java allocated" column (the tenth)
        // shows them, where the memory() column shows only their driver heap
        for (String module : new String[] {"eq", "fir"}) {
            final String[] row = r.out().lines().filter(l -> l.startsWith(module + " "))
                    .findFirst().orElseThrow().trim().split(" +");
            assertTrue(Long.parseLong(row[9]) > 0, String.join(" ", row));
        }
        assertTrue(r.out().contains(TextReport.MEMORY_LEGEND), r.out());
        final String page = Files.readString(html);
        assertTrue(page.contains("<svg") && page.contains("fir") && !page.contains("<script"));
        assertTrue(page.contains("<th>java allocated B</th>"), "the HTML column");
    }

    @Test
    void shouldFaultExactlyOneInstanceAndLeaveTheCleanOutputUnchangedWhenAModuleMisbehaves()
            throws IOException {
        final Path out = dir.resolve("mb.wav");
        final Cli.Result r = Cli.check(Cli.run("run", example("misbehaving.toml").toString(),
                "--output", out.toString(), "--allow-faults", "snoop"));
        assertEquals(1, r.out().lines().filter(l -> l.endsWith("FAULTED")).count(), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("snoop ") && l.endsWith(
                "FAULTED")), r.out());
        assertTrue(r.out().contains("MEMORY_FAULT") && r.out().contains("address=0x40001000"),
                r.out());
        final String text = Files.readString(example("misbehaving.toml"));
        final String without = text.replaceAll("(?s)\\[\\[module]]\\nname = \"snoop\".*?\\n\\n", "")
                .replace("to = \"snoop\"", "to = \"pass2\"")
                .replaceAll("(?s)\\[\\[connection]]\\nfrom = \"snoop\"\\nto = \"pass2\"\\n\\n", "")
                .replaceAll("(?s)\\[\\[library]]\\nid = 2.*?\\n\\n", "");
        final Path plain = example("without-snoop.toml");
        Files.writeString(plain, without);
        final Path ref = dir.resolve("ref.wav");
        final Cli.Result clean = Cli.check(Cli.run("run", plain.toString(), "--output",
                ref.toString()));
        assertTrue(clean.out().lines().noneMatch(l -> l.startsWith("snoop ")), clean.out());
        assertArrayEquals(Pcm.bytes(RunCommand.sibling(ref, "clean")),
                Pcm.bytes(RunCommand.sibling(out, "clean")));
        final int[] snooped = Pcm.s32(out);
        assertTrue(peak(java.util.Arrays.copyOfRange(snooped, 0, 200 * 96)) > 1 << 24);
        assertEquals(0, peak(java.util.Arrays.copyOfRange(snooped, 400 * 96, snooped.length)),
                "silence after the fault");
    }

    private static long peak(int[] s) {
        long p = 0;
        for (int v : s) {
            p = Math.max(p, Math.abs((long) v));
        }
        return p;
    }

    static void writeS16(Path file, short[] samples) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.asShortBuffer().put(samples);
        final AudioFormat f = new AudioFormat(48000, 16, 2, true, false);
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(b.array()), f,
                samples.length / 2), AudioFileFormat.Type.WAVE, file.toFile());
    }
}
