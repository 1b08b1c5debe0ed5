package org.sofj.cli.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;

/** {@link LevelMeter}: RMS per 10 ms window in dBFS, the same fed at once or a piece at a time. */
final class LevelMeterTest {
    private static final AudioFormat S32 = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);

    /** 25 ms of stereo: 10 ms of a half-scale square wave, 10 ms of silence, 5 ms of full scale. */
    private static byte[] audio(AudioFormat f) {
        final ByteBuffer b = ByteBuffer.allocate(f.frameBytes() * 48 * 25)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 48 * 25 * f.channels(); i++) {
            final double x = i < 960 ? (i % 2 == 0 ? 0.5 : -0.5) : i < 1920 ? 0 : -1;
            switch (f.sampleFormat()) {
                case S16_LE -> b.putShort((short) Math.max(-32768, x * 32768));
                case FLOAT_LE -> b.putFloat((float) x);
                default -> b.putInt((int) Math.max(Integer.MIN_VALUE, x * 2147483648.0));
            }
        }
        return b.array();
    }

    @Test
    void shouldGiveEachWholeWindowsRmsInDbfs() {
        for (SampleFormat sf : new SampleFormat[] {SampleFormat.S16_LE, SampleFormat.S32_LE,
            SampleFormat.FLOAT_LE}) {
            final AudioFormat f = AudioFormat.of(48_000, 2, sf);
            final LevelMeter m = new LevelMeter(f);
            final byte[] pcm = audio(f);
            m.add(pcm, 0, pcm.length);
            final double[] levels = m.levels();
            assertEquals(2, levels.length, sf + ": the last 5 ms are not a whole window");
            assertEquals(20 * Math.log10(0.5), levels[0], 1e-9, sf + ": half scale");
            assertEquals(-120, levels[1], 0, sf + ": silence");
        }
    }

    @Test
    void shouldMeterTheSameFedInPiecesAsAtOnce() {
        final byte[] pcm = audio(S32);
        final LevelMeter whole = new LevelMeter(S32);
        whole.add(pcm, 0, pcm.length);
        final LevelMeter pieces = new LevelMeter(S32);
        for (int at = 0, n = 4; at < pcm.length; at += n, n += 4) {
            pieces.add(pcm, at, Math.min(n, pcm.length - at));
        }
        assertArrayEquals(whole.levels(), pieces.levels());
        assertArrayEquals(whole.levels(), RunReport.levels(pcm, S32));
    }
}
