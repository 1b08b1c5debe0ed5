package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;

/** {@code audio_buffer_sync_secondary_buffer}: what it moves, and that the bytes survive wraps. */
final class BufferCopyTest {
    private static final AudioFormat FORMAT = AudioFormat.of(48_000, 2, SampleFormat.S16_LE);

    private final TestMemory memory = new TestMemory();
    private final MemoryAccess access = memory.access();
    private final AudioRegion region = new AudioRegion();
    private final AudioEngine.Buffer comp = memory.engine.newCompBuffer(memory.shared(), 400,
            FORMAT);
    private final AudioEngine.Buffer ring = memory.engine.newRingBuffer(memory.shared(), 128, 128,
            FORMAT); // 384 bytes

    @AfterEach
    void tearDown() {
        memory.close();
    }

    private void write(AudioEngine.Buffer b, int n, int first) {
        assertEquals(0, b.sink().getBuffer(n, region));
        for (int i = 0; i < n; i++) {
            access.putByte(region.addressAt(i), (byte) (first + i));
        }
        assertEquals(0, b.sink().commitBuffer(n));
    }

    private void readExpecting(AudioEngine.Buffer b, int n, int first) {
        assertEquals(0, b.source().getData(n, region));
        for (int i = 0; i < n; i++) {
            assertEquals((byte) (first + i), access.getByte(region.addressAt(i)), "byte " + i);
        }
        assertEquals(0, b.source().releaseData(n));
    }

    @ParameterizedTest(name = "avail={0} alreadyInRing={1} limit={2} -> {3}")
    @CsvSource({
        "100, 0, 1000, 100",   // limited by the source's available bytes
        "300, 200, 1000, 184", // limited by the sink's free space
        "300, 0, 50, 50",      // limited by the caller
        "300, 0, 0, 0",        // nothing asked
        "0, 0, 1000, 0",       // nothing there
        "300, 384, 1000, 0",   // no room
    })
    void shouldCopyTheMinimumOfAvailableFreeAndLimit(int avail, int inRing, int limit,
            int expected) {
        if (avail > 0) {
            write(comp, avail, 0);
        }
        if (inRing > 0) {
            write(ring, inRing, 0);
        }
        assertEquals(expected, memory.engine.copy(comp.source(), ring.sink(), limit));
        assertEquals(avail - expected, comp.source().getDataAvailable());
        assertEquals(inRing + expected, ring.source().getDataAvailable());
    }

    @Test
    void shouldKeepEveryByteWhenBothSidesWrap() {
        int next = 0;
        for (int round = 0; round < 20; round++) {
            write(comp, 150, next); // 400 and 384 byte buffers: the wraps fall in different places
            assertEquals(150, memory.engine.copy(comp.source(), ring.sink(), Integer.MAX_VALUE));
            readExpecting(ring, 150, next);
            next += 150;
        }
    }

    @Test
    void shouldMoveNothingAndReturnEbusyWhenTheSinkHoldsAFragment() {
        write(comp, 64, 0);
        assertEquals(0, ring.sink().getBuffer(8, region));
        assertEquals(-Errno.EBUSY, memory.engine.copy(comp.source(), ring.sink(), 64));
        assertEquals(64, comp.source().getDataAvailable());
        assertEquals(0, comp.source().requestedReadSize());
    }

    @Test
    void shouldCountTheCopiedBytesOnBothSides() {
        write(comp, 96, 0);
        memory.engine.copy(comp.source(), ring.sink(), 96);
        assertEquals(96, comp.source().getNumOfProcessedBytes());
        assertEquals(96, ring.sink().getNumOfProcessedBytes());
    }
}
