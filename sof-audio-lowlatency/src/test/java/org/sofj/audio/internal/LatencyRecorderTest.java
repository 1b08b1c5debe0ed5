package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * A snapshot taken while the writer records on another thread is a consistent copy: its
     * count never goes back, and every sample in it is the one value written (a copy torn by a
     * sample being written would hold a count without its value, or the reverse).
     */
    @Test
    void shouldTakeConsistentSnapshotsWhileAnotherThreadRecords() throws InterruptedException {
        final LatencyRecorder r = new LatencyRecorder();
        final int samples = 2_000_000;
        final AtomicBoolean done = new AtomicBoolean();
        final Thread writer = new Thread(() -> {
            for (int i = 0; i < samples; i++) {
                r.record(1_000);
            }
            done.set(true);
        }, "latency-writer");
        writer.start();
        final long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a real-thread bound
        long last = 0;
        int taken = 0;
        while (!done.get() && System.nanoTime() - limit < 0) {
            final LatencySnapshot s = r.snapshot();
            assertTrue(s.count() >= last, "count went back: " + s.count() + " < " + last);
            if (s.count() > 0) {
                assertEquals(1_000, s.max(), 1_000 / 50.0, "max of " + s.count());
                assertEquals(1_000, s.p50(), 1_000 / 50.0, "p50 of " + s.count());
            }
            last = s.count();
            taken++;
        }
        writer.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(done.get(), "the writer finished within the bound");
        assertEquals(samples, r.snapshot().count(), "every sample, once");
        assertTrue(taken > 0);
    }
}
