package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;

/** Ring-specific rules: sizing, full/empty/wrap (scenario 30), LFT and cross-thread streaming. */
final class RingBufferTest {
    private static final AudioFormat FORMAT = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);
    /** Bound on the streaming threads: generous, never reached by a passing run. */
    private static final long JOIN_SECONDS = 30;

    private final TestMemory memory = new TestMemory();
    private final AudioRegion region = new AudioRegion();

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private RingBuffer ring(int ibs, int obs) {
        return (RingBuffer) memory.engine.newRingBuffer(memory.shared(), ibs, obs, FORMAT);
    }

    @ParameterizedTest
    @CsvSource({"384, 384, 1152", "100, 7, 320", "336, 504, 1536", "1, 1, 64", "64, 1, 192"})
    void shouldSizeTheRingAsThreeTimesTheLargerBlockAlignedTo64(int ibs, int obs, int size) {
        assertEquals(size, ring(ibs, obs).size());
    }

    @ParameterizedTest
    @CsvSource({"384, 384, 0, 1152", "384, 384, 4, 2688", "100, 7, 2, 512", "64, 1, 1, 256"})
    void shouldAddRoomForTheMarginsExtraPeriods(int ibs, int obs, int extra, int size) {
        assertEquals(size, memory.engine.newRingBuffer(memory.shared(), ibs, obs, FORMAT, extra)
                .size());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1001})
    void shouldRejectAnExtraPeriodCountOutOfRange(int extra) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> memory.engine.newRingBuffer(memory.shared(), 384, 384, FORMAT, extra));
        assertEquals("extraPeriods=" + extra + " must be in [0, 1000]", e.getMessage());
    }

    @Test
    void shouldPrimeSilenceThatTheConsumerThenReads() {
        final RingBuffer r = (RingBuffer) memory.engine.newRingBuffer(memory.shared(), 64, 64,
                FORMAT, 2);
        // dirty every byte first, so the primed ones must be zeroed, not just counted
        final MemoryAccess access = memory.access();
        access.setMemory(r.address(), r.size(), (byte) 0x55);
        fill(r, 200);
        drain(r, 200); // and start the primed bytes mid-ring, so they wrap
        assertEquals(0, r.prime(128));
        assertEquals(128, r.source().getDataAvailable());
        assertEquals(0, r.source().getData(128, region));
        assertTrue(region.contiguousLength() < 128, "the primed bytes wrap");
        final long first = Math.min(128, region.contiguousLength());
        for (long i = 0; i < 128; i++) {
            final long at = i < first ? region.address() + i : region.bufferStart() + i - first;
            assertEquals(0, access.getByte(at), "byte " + i);
        }
        assertEquals(-Errno.ENOSPC, r.prime(r.size()), "more than is free: nothing written");
        assertEquals(128, r.source().getDataAvailable());
    }

    @ParameterizedTest
    @CsvSource({"0, 10", "10, 0", "-1, 10"})
    void shouldRejectANonPositiveBlockSize(int ibs, int obs) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ring(ibs, obs));
        assertTrue(e.getMessage().contains("ibs=" + ibs), e.getMessage());
    }

    @Test
    void shouldAlignTheDataToTheCacheLine() {
        ring(3, 3); // knocks the next allocation off any larger alignment
        assertTrue(MemoryRegions.isAligned(ring(100, 7).address(), 64));
    }

    @Test
    void shouldSetObsAsMinFreeSpaceAndIbsAsMinAvailable() {
        final RingBuffer r = ring(192, 384);
        assertEquals(384, r.sink().getMinFreeSpace());
        assertEquals(192, r.source().getMinAvailable());
    }

    @Test
    void shouldReturnNullWhenTheHeapHasNoRoom() {
        assertNull(memory.engine.newRingBuffer(memory.shared(), 1 << 20, 1 << 20, FORMAT));
    }

    @Test
    void shouldBeFullWhenSizeBytesAreCommitted() {
        final RingBuffer r = ring(64, 64);
        final int s = r.size();
        assertEquals(0, r.sink().getBuffer(s, region));
        assertEquals(0, r.sink().commitBuffer(s));
        assertEquals(0, r.sink().getFreeSize());
        assertEquals(s, r.source().getDataAvailable());
        assertEquals(-Errno.ENODATA, r.sink().getBuffer(1, region));
    }

    @Test
    void shouldBeEmptyWhenSizeBytesAreReleased() {
        final RingBuffer r = ring(64, 64);
        final int s = r.size();
        fill(r, s);
        assertEquals(0, r.source().getData(s, region));
        assertEquals(0, r.source().releaseData(s));
        assertEquals(0, r.source().getDataAvailable());
        assertEquals(-Errno.ENODATA, r.source().getData(1, region));
    }

    @Test
    void shouldWrapTheOffsetsModuloTwiceTheSize() {
        final RingBuffer r = ring(64, 64);
        final int s = r.size();
        drain(r, fill(r, s));
        assertEquals(s, r.writeOffset(), "the double area keeps w at S, not 0");
        assertEquals(s, r.readOffset());
        drain(r, fill(r, s));
        assertEquals(0, r.writeOffset());
        assertEquals(0, r.readOffset());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 100, 127, 191, 192}) // size 192
    void shouldBeEmptyWheneverTheOffsetsMeet(int step) {
        final RingBuffer r = ring(64, 64);
        for (int i = 0; i < 9; i++) {
            drain(r, fill(r, step));
            assertEquals(r.writeOffset(), r.readOffset());
            assertEquals(0, r.source().getDataAvailable());
            assertEquals(r.size(), r.sink().getFreeSize());
        }
    }

    private int fill(RingBuffer r, int n) {
        assertEquals(0, r.sink().getBuffer(n, region));
        assertEquals(0, r.sink().commitBuffer(n));
        return n;
    }

    private void drain(RingBuffer r, int n) {
        assertEquals(0, r.source().getData(n, region));
        assertEquals(0, r.source().releaseData(n));
    }

    @Test
    void shouldReportTheBufferedAudioAsTheLastFeedingTime() {
        final RingBuffer r = ring(384, 384); // 384 B = 1 ms of 48 kHz stereo S32
        fill(r, 3 * 384);
        assertEquals(3000, r.sink().lastFeedingTimeMicros());
        drain(r, 192);
        assertEquals(2500, r.sink().lastFeedingTimeMicros());
    }

    @Test
    void shouldDeliverEveryByteInOrderWhenProducerAndConsumerAreDifferentThreads()
            throws InterruptedException {
        final RingBuffer r = ring(384, 384);
        final int total = 1 << 20;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread producer = new Thread(() -> stream(() -> produce(r.sink(), total), failure));
        final Thread consumer = new Thread(() -> stream(() -> consume(r.source(), total), failure));
        producer.start();
        consumer.start();
        // Bounded waits: the stream takes milliseconds; the bound only stops a broken ring.
        producer.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        consumer.join(TimeUnit.SECONDS.toMillis(JOIN_SECONDS));
        assertFalse(producer.isAlive() || consumer.isAlive(), "stream did not finish");
        assertNull(failure.get());
        assertEquals(total, r.source().getNumOfProcessedBytes());
    }

    private static void stream(Runnable body, AtomicReference<Throwable> failure) {
        try {
            body.run();
        } catch (Throwable e) {
            failure.set(e);
        }
    }

    private void produce(Sink sink, int total) {
        final MemoryAccess access = memory.access();
        final AudioRegion out = new AudioRegion();
        int sent = 0;
        while (sent < total) {
            final int n = Math.min(Math.min(sink.getFreeSize(), 500), total - sent);
            if (n == 0) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(0, sink.getBuffer(n, out));
            for (int i = 0; i < n; i++) {
                access.putByte(out.addressAt(i), (byte) (sent + i));
            }
            assertEquals(0, sink.commitBuffer(n));
            sent += n;
        }
    }

    private void consume(Source source, int total) {
        final MemoryAccess access = memory.access();
        final AudioRegion in = new AudioRegion();
        int received = 0;
        while (received < total) {
            final int n = Math.min(source.getDataAvailable(), 333);
            if (n == 0) {
                Thread.onSpinWait();
                continue;
            }
            assertEquals(0, source.getData(n, in));
            for (int i = 0; i < n; i++) {
                if (access.getByte(in.addressAt(i)) != (byte) (received + i)) {
                    throw new AssertionError("byte " + (received + i) + " out of order");
                }
            }
            assertEquals(0, source.releaseData(n));
            received += n;
        }
    }
}
