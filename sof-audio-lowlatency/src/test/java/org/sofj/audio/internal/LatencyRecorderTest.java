package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.sofj.api.spi.LatencySnapshot;

/** The virtual clock's zero samples ({@link LatencyRecorder#recordZero}) count as 0 ns samples. */
class LatencyRecorderTest {
    @Test
    void shouldCountZerosAsZeroNanosecondSamples() {
        final LatencyRecorder r = new LatencyRecorder();
        for (int i = 0; i < 98; i++) {
            r.recordZero();
        }
        r.record(5_000);
        r.record(1_000_000);
        final LatencySnapshot s = r.snapshot();
        assertEquals(100, s.count());
        assertEquals(0, s.p50());
        assertEquals(1_000_000, s.max(), 1_000_000 / 50.0);
        assertEquals(5_000, s.p99(), 5_000 / 50.0);
    }

    @Test
    void shouldFoldZerosOnceAcrossSnapshots() {
        final LatencyRecorder r = new LatencyRecorder();
        r.recordZero();
        r.recordZero();
        assertEquals(2, r.snapshot().count());
        assertEquals(2, r.snapshot().count(), "a second snapshot adds nothing new");
        r.recordZero();
        r.record(7);
        final LatencySnapshot s = r.snapshot();
        assertEquals(4, s.count());
        assertEquals(7, s.max());
        assertEquals(4, LatencyRecorder.merged(r, new LatencyRecorder()).count());
    }
}
