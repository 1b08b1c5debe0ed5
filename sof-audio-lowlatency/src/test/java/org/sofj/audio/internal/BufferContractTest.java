package org.sofj.audio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * SOF's sink/source contract (spec 6.1, scenario 29) for every buffer kind: one subclass per
 * implementation supplies the factory (JCTools {@code QueueSanityTest} style).
 */
abstract class BufferContractTest {
    /** 48 kHz stereo S32: 8-byte frames, 384 bytes per 1 ms tick. */
    static final AudioFormat FORMAT = AudioFormat.of(48_000, 2, SampleFormat.S32_LE);

    TestMemory memory;
    AudioEngine.Buffer buffer;
    SinkEndpoint sink;
    SourceEndpoint source;
    MemoryAccess access;
    final AudioRegion region = new AudioRegion();

    /**
     * @param memory the memory system and engine
     * @return a new, empty buffer with {@link #FORMAT}
     */
    abstract AudioEngine.Buffer newBuffer(TestMemory memory);

    @BeforeEach
    void setUp() {
        memory = new TestMemory();
        buffer = newBuffer(memory);
        assertNotNull(buffer);
        sink = buffer.sinkEndpoint();
        source = buffer.sourceEndpoint();
        access = memory.access();
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }

    /** Writes {@code n} bytes {@code first, first+1, ...} through the sink. */
    void write(int n, int first) {
        assertEquals(0, sink.getBuffer(n, region));
        for (int i = 0; i < n; i++) {
            access.putByte(region.addressAt(i), (byte) (first + i));
        }
        assertEquals(0, sink.commitBuffer(n));
    }

    /** Reads {@code n} bytes through the source and checks they count up from {@code first}. */
    void readExpecting(int n, int first) {
        assertEquals(0, source.getData(n, region));
        for (int i = 0; i < n; i++) {
            assertEquals((byte) (first + i), access.getByte(region.addressAt(i)), "byte " + i);
        }
        assertEquals(0, source.releaseData(n));
    }

    @Test
    void shouldReturnEbusyWhenSecondGetBufferWithoutCommit() {
        assertEquals(0, sink.getBuffer(8, region));
        assertEquals(-Errno.EBUSY, sink.getBuffer(8, region));
    }

    @Test
    void shouldReturnEbusyWhenSecondGetDataWithoutRelease() {
        write(16, 0);
        assertEquals(0, source.getData(8, region));
        assertEquals(-Errno.EBUSY, source.getData(8, region));
    }

    @Test
    void shouldReturnEnodataWhenCommitWithoutGet() {
        assertEquals(-Errno.ENODATA, sink.commitBuffer(8));
    }

    @Test
    void shouldCommitOnlyTheRequestWhenCommitIsLarger() {
        assertEquals(0, sink.getBuffer(16, region));
        assertEquals(0, sink.commitBuffer(64));
        assertEquals(16, source.getDataAvailable());
        assertEquals(16, sink.getNumOfProcessedBytes());
    }

    @Test
    void shouldKeepDataWhenReleaseZero() {
        write(16, 40);
        assertEquals(0, source.getData(16, region));
        assertEquals(0, source.releaseData(0));
        assertEquals(16, source.getDataAvailable());
        readExpecting(16, 40);
    }

    @Test
    void shouldStartTheNextFragmentRightAfterAPartialCommit() {
        assertEquals(0, sink.getBuffer(64, region));
        for (int i = 0; i < 64; i++) {
            access.putByte(region.addressAt(i), (byte) (10 + i));
        }
        assertEquals(0, sink.commitBuffer(16)); // the other 48 bytes are not published
        assertEquals(16, source.getDataAvailable());
        assertEquals(buffer.size() - 16, sink.getFreeSize());
        assertEquals(16, sink.getNumOfProcessedBytes());
        write(16, 100); // written where the uncommitted tail was
        readExpecting(16, 10);
        readExpecting(16, 100);
        assertEquals(0, source.getDataAvailable());
    }

    @Test
    void shouldKeepTheUnreleasedTailAfterAPartialRelease() {
        write(32, 0);
        assertEquals(0, source.getData(32, region));
        assertEquals(0, source.releaseData(8));
        assertEquals(24, source.getDataAvailable());
        assertEquals(8, source.getNumOfProcessedBytes());
        readExpecting(24, 8);
    }

    @Test
    void shouldReturnEnodataWhenReleaseWithoutGetAndChangeNothing() {
        write(16, 0);
        assertEquals(-Errno.ENODATA, source.releaseData(8));
        assertEquals(16, source.getDataAvailable());
        assertEquals(0, source.getNumOfProcessedBytes());
    }

    @Test
    void shouldReleaseOnlyTheRequestWhenReleaseIsLarger() {
        write(32, 0);
        assertEquals(0, source.getData(8, region));
        assertEquals(0, source.releaseData(1000));
        assertEquals(24, source.getDataAvailable());
        assertEquals(8, source.getNumOfProcessedBytes());
        readExpecting(24, 8);
    }

    @Test
    void shouldRefuseNegativeSizesAndKeepTheHeldFragments() {
        assertEquals(-Errno.EINVAL, sink.getBuffer(-1, region));
        assertEquals(0, sink.requestedWriteSize());
        assertEquals(0, sink.getBuffer(16, region));
        assertEquals(-Errno.EINVAL, sink.commitBuffer(-16));
        assertEquals(16, sink.requestedWriteSize(), "the fragment is still held");
        assertEquals(0, source.getDataAvailable());
        assertEquals(0, sink.commitBuffer(16));
        assertEquals(-Errno.EINVAL, source.getData(-1, region));
        assertEquals(0, source.getData(16, region));
        assertEquals(-Errno.EINVAL, source.releaseData(Integer.MIN_VALUE));
        assertEquals(16, source.requestedReadSize());
        assertEquals(16, source.getDataAvailable());
        assertEquals(0, source.releaseData(16));
        assertEquals(buffer.size(), sink.getFreeSize());
    }

    @Test
    void shouldKeepFreePlusAvailableEqualToTheSizeThroughUnevenWrapsAndPartialCommits() {
        final int size = buffer.size();
        int next = 0;
        int expect = 0;
        for (int round = 0; round < 200; round++) {
            final int want = 1 + (round * 37) % Math.max(1, Math.min(size, 97));
            if (sink.getFreeSize() >= want) {
                assertEquals(0, sink.getBuffer(want, region));
                final int commit = 1 + round % want;
                for (int i = 0; i < commit; i++) {
                    access.putByte(region.addressAt(i), (byte) next++);
                }
                assertEquals(0, sink.commitBuffer(commit));
            }
            final int avail = source.getDataAvailable();
            assertEquals(size, sink.getFreeSize() + avail, "round " + round);
            final int take = Math.min(avail, 1 + round % 53);
            if (take > 0) {
                assertEquals(0, source.getData(take, region));
                for (int i = 0; i < take; i++) {
                    assertEquals((byte) expect++, access.getByte(region.addressAt(i)), "round "
                            + round + " byte " + i);
                }
                assertEquals(0, source.releaseData(take));
            }
        }
        assertEquals(next - expect, source.getDataAvailable());
    }

    @Test
    void shouldReturnEbusyWhenBindingABoundSinkOrSource() {
        assertEquals(0, sink.bind("producer"));
        assertEquals(-Errno.EBUSY, sink.bind("other"));
        assertEquals(0, source.bind("consumer"));
        assertEquals(-Errno.EBUSY, source.bind("other"));
    }

    @Test
    void shouldReturnEinvalWhenUnbindingAnUnboundSinkOrSource() {
        assertEquals(-Errno.EINVAL, sink.unbind());
        assertEquals(-Errno.EINVAL, source.unbind());
    }

    @Test
    void shouldReturnEnodataWhenGetBufferExceedsFree() {
        assertEquals(-Errno.ENODATA, sink.getBuffer(buffer.size() + 1, region));
        assertEquals(0, sink.requestedWriteSize());
    }

    @Test
    void shouldReturnEnodataWhenGetDataExceedsAvailable() {
        write(8, 0);
        assertEquals(-Errno.ENODATA, source.getData(9, region));
        assertEquals(0, source.requestedReadSize());
    }

    @Test
    void shouldRoundTripEveryByteWhenFragmentsWrap() {
        final int size = buffer.size();
        final int chunk = size / 3 + 5; // does not divide size: fragments straddle the end
        int next = 0;
        for (int round = 0; round < 10; round++) {
            write(chunk, next);
            readExpecting(chunk, next);
            next += chunk;
        }
        assertEquals(10L * chunk, source.getNumOfProcessedBytes());
    }

    @Test
    void shouldHandOutAFragmentThatWrapsToTheBufferStart() {
        final int size = buffer.size();
        write(size - 8, 0);
        readExpecting(size - 8, 0);
        assertEquals(0, sink.getBuffer(16, region));
        assertEquals(8, region.contiguousLength());
        assertEquals(buffer.address(), region.addressAt(8));
    }

    @Test
    void shouldCountFramesAndAlignedFramesWhenFormatIsSet() {
        write(8 * 10 + 3, 0);
        assertEquals(10, source.getDataFramesAvailable());
        assertEquals((buffer.size() - 83) / 8, sink.getFreeFrames());
        // S32 stereo: 8-byte frames, byte align 4 -> align_frame_cnt 1, shift 3
        assertEquals(10, source.getAlignedFramesAvailable());
        assertEquals((buffer.size() - 83) >>> 3, sink.getFreeFramesAligned());
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void shouldShareTheFormatWhenSetOnEitherSide(SampleFormat sampleFormat) {
        final AudioFormat f = AudioFormat.of(44_100, 1, sampleFormat);
        assertEquals(0, sink.setAudioFormat(f));
        assertSame(f, source.audioFormat());
        final AudioFormat g = AudioFormat.of(96_000, 4, sampleFormat);
        assertEquals(0, source.setAudioFormat(g));
        assertSame(g, sink.audioFormat());
        assertEquals(4 * sampleFormat.containerBytes(), sink.frameBytes());
    }

    @Test
    void shouldStartWithTheFormatGivenAtCreation() {
        assertEquals(FORMAT, sink.audioFormat());
        assertEquals(FORMAT, source.audioFormat());
    }

    @Test
    void shouldEmptyZeroAndDropFragmentsWhenReset() {
        write(32, 1);
        assertEquals(0, sink.getBuffer(8, region));
        assertEquals(0, source.getData(8, region));
        buffer.reset();
        assertEquals(0, source.getDataAvailable());
        assertEquals(buffer.size(), sink.getFreeSize());
        assertEquals(0, sink.requestedWriteSize());
        assertEquals(0, source.requestedReadSize());
        assertEquals(0, access.getByte(buffer.address()));
    }

    @Test
    void shouldCountAnOverrunWhenTheProducerFindsTooLittleFree() {
        final BufferBase b = (BufferBase) buffer;
        write(buffer.size() - 4, 0);
        assertEquals(-Errno.ENODATA, sink.getBuffer(8, region));
        assertEquals(1, b.overruns());
        assertEquals(0, b.underruns());
    }

    @Test
    void shouldCountAnUnderrunWhenTheConsumerWantsMoreThanAvailable() {
        final BufferBase b = (BufferBase) buffer;
        write(4, 0);
        assertEquals(-Errno.ENODATA, source.getData(8, region));
        assertEquals(1, b.underruns());
        assertEquals(0, b.overruns());
    }

    @Test
    void shouldReturnItsMemoryToTheHeapOnceWhenFreedTwice() {
        final long used = memory.shared().stats().usedBytes();
        buffer.free();
        buffer.free();
        assertEquals(used - buffer.size(), memory.shared().stats().usedBytes());
    }

    /**
     * {@code audio_buffer_sink_get_lft} (src/audio/buffers/audio_buffer.c), for both buffer
     * kinds: bytes per millisecond rounded up for rates that are not a multiple of 1000, then
     * {@code 1000 * available / bytes_per_ms}.
     */
    @ParameterizedTest(name = "{0} Hz, {1} ch, {2}: {3} B last {4} us")
    @CsvSource({
        "44100, 1, S16_LE, 266, 2988",  // 88.2 B/ms counted as 89: SOF's example
        "44100, 2, S16_LE, 0, 0",
        "22050, 1, S16_LE, 90, 2000",   // 44.1 -> 45 B/ms
        "88200, 2, S16_LE, 706, 2000",  // 352.8 -> 353 B/ms
        "48000, 2, S32_LE, 576, 1500",  // exact: 384 B/ms
    })
    void shouldReportTheLastFeedingTimeAsSofRoundsIt(int rate, int channels, SampleFormat sf,
            int bytes, long micros) {
        assertEquals(0, sink.setAudioFormat(AudioFormat.of(rate, channels, sf)));
        if (bytes > 0) {
            write(bytes, 0);
        }
        assertEquals(micros, sink.lastFeedingTimeMicros());
    }
}
