package org.sofj.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.spi.SinkEndpoint;

final class AlignmentTest {

    @ParameterizedTest(name = "byteAlign={0} frameAlign={1} frameBytes={2}")
    @CsvSource({
        // byteAlign, frameAlignReq, frameBytes, alignFrameCnt, shift
        "4, 1, 4, 1, 2",     // stereo S16: one frame is 4 aligned bytes
        "4, 1, 8, 1, 3",     // stereo S32
        "4, 1, 2, 2, 2",     // mono S16 needs 2 frames for 4 bytes
        "8, 1, 6, 4, 5",     // 3ch S16, HiFi3: lcm(8/gcd(8,6)=4,1)=4; 24 B -> ceil(log2 24)=5
        "16, 2, 12, 4, 6",   // 3ch S32, HiFi5 and 2-frame requirement: 48 B -> 6
        "4, 3, 8, 3, 5"      // 24 B is not a power of two: conservative shift
    })
    void shouldComputeSofAlignment(int byteAlign, int frameAlign, int frameBytes, int count,
            int shift) {
        assertEquals(count, FrameAlignment.frameCount(byteAlign, frameAlign, frameBytes));
        assertEquals(shift, FrameAlignment.shift(count, frameBytes));
    }

    @Test
    void shouldCountAlignedFramesConservatively() {
        final TestBuffer b = new TestBuffer(4096);
        final Source s = b.source();
        b.sourceEndpoint().setAudioFormat(AudioFormat.of(48000, 3, SampleFormat.S16_LE));
        assertEquals(0, b.sourceEndpoint().setAlignmentConstants(8, 1));
        assertEquals(4, s.alignFrameCount());
        b.fill(100);
        // 100 bytes = 16 frames; aligned: (100 >> 5) * 4 = 12
        assertEquals(16, s.getDataFramesAvailable());
        assertEquals(12, s.getAlignedFramesAvailable());
        assertEquals(8, s.alignFramesRoundDown(11));
        assertEquals(12, s.alignFramesRoundUp(9));
        assertEquals(12, s.alignFramesRoundNearest(10));
        assertEquals(8, s.alignFramesRoundNearest(9));
    }

    @Test
    void shouldLeaveFramesUnchangedWithoutAlignment() {
        final TestBuffer b = new TestBuffer(64);
        final Source s = b.source();
        b.sourceEndpoint().setAudioFormat(AudioFormat.of(48000, 2, SampleFormat.S32_LE));
        assertEquals(1, s.alignFrameCount());
        assertEquals(7, s.alignFramesRoundUp(7));
        assertEquals(7, s.alignFramesRoundDown(7));
    }

    @Test
    void shouldRejectBadAlignmentConstantsWithoutChange() {
        final TestBuffer b = new TestBuffer(64);
        final Sink s = b.sink();
        final SinkEndpoint e = b.sinkEndpoint();
        e.setAudioFormat(AudioFormat.of(48000, 1, SampleFormat.S16_LE));
        assertEquals(2, s.alignFrameCount());
        assertEquals(-Errno.EINVAL, e.setAlignmentConstants(3, 1));
        assertEquals(-Errno.EINVAL, e.setAlignmentConstants(4, 0));
        assertEquals(2, s.alignFrameCount());
        new TestBuffer(64).fill(0);
        assertEquals(0, s.getFreeFramesAligned() % 2);
    }

    @Test
    void shouldValidateAudioFormat() {
        final AudioFormat f = AudioFormat.of(48000, 2, SampleFormat.S32_LE);
        assertEquals(8, f.frameBytes());
        assertEquals(384, f.bytesPerPeriod(1000));
        assertEquals(44, AudioFormat.of(44100, 1, SampleFormat.S16_LE).framesPerPeriod(1000));
        assertEquals(24, new AudioFormat(48000, 2, SampleFormat.S24_4LE, 24).validBits());
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AudioFormat.of(7999, 2, SampleFormat.S16_LE));
        assertEquals("rate=7999 must be in [8000, 384000]", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AudioFormat.of(48000, 9, SampleFormat.S16_LE));
        assertThrows(IllegalArgumentException.class,
                () -> new AudioFormat(48000, 2, SampleFormat.S16_LE, 24));
        assertThrows(IllegalArgumentException.class,
                () -> new AudioFormat(48000, 2, SampleFormat.FLOAT_LE, 24));
    }

    @Test
    void shouldRejectARegionOutsideItsBuffer() {
        final AudioRegion r = new AudioRegion();
        assertThrows(IllegalArgumentException.class, () -> r.wrap(100, 200, 64, 8));
        assertThrows(IllegalArgumentException.class, () -> r.wrap(200, 200, 64, 65));
        assertEquals(8, r.wrap(200, 200, 64, 8).contiguousLength());
    }
}
