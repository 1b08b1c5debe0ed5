package org.sofj.api.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.spi.SinkEndpoint;
import org.sofj.api.spi.SourceEndpoint;

/**
 * SOF's sink/source contract (spec 6.1, scenario 29) as the platform endpoints hold it and the
 * module-facing views show it.
 */
final class SinkSourceContractTest {
    private final TestBuffer buffer = new TestBuffer(1024);
    private final Sink sink = buffer.sink();
    private final Source source = buffer.source();
    private final SinkEndpoint sinkEnd = buffer.sinkEndpoint();
    private final SourceEndpoint sourceEnd = buffer.sourceEndpoint();
    private final AudioRegion region = new AudioRegion();

    @Test
    void shouldReturnEbusyOnSecondGetBuffer() {
        assertEquals(0, sink.getBuffer(100, region));
        assertEquals(-Errno.EBUSY, sink.getBuffer(100, region));
        assertEquals(100, sink.requestedWriteSize());
    }

    @Test
    void shouldReturnEnodataOnCommitWithoutGet() {
        assertEquals(-Errno.ENODATA, sink.commitBuffer(10));
        assertEquals(0, buffer.commitCalls());
        assertEquals(0, sink.getNumOfProcessedBytes());
    }

    @Test
    void shouldReturnEnodataOnOverRequestAndHoldNothing() {
        assertEquals(-Errno.ENODATA, sink.getBuffer(1025, region));
        assertEquals(0, sink.requestedWriteSize());
        assertEquals(0, sink.getBuffer(1024, region));
    }

    @Test
    void shouldClampCommitToTheRequest() {
        assertEquals(0, sink.getBuffer(100, region));
        assertEquals(0, sink.commitBuffer(500));
        assertEquals(100, buffer.available());
        assertEquals(100, sink.getNumOfProcessedBytes());
        assertEquals(0, sink.requestedWriteSize());
    }

    @Test
    void shouldCountProcessedBytesEvenWhenCommitFails() {
        assertEquals(0, sink.getBuffer(64, region));
        buffer.failNextCommit(-Errno.EIO);
        assertEquals(-Errno.EIO, sink.commitBuffer(64));
        assertEquals(64, sink.getNumOfProcessedBytes());
        assertEquals(64, sink.requestedWriteSize(), "a failed commit keeps the fragment");
    }

    @Test
    void shouldKeepDataOnReleaseOfZero() {
        buffer.fill(200);
        assertEquals(0, source.getData(200, region));
        assertEquals(0, source.releaseData(0));
        assertEquals(200, source.getDataAvailable());
        assertEquals(0, source.getData(200, region), "data kept for the next get");
        assertEquals(0, source.releaseData(200));
        assertEquals(0, source.getDataAvailable());
    }

    @Test
    void shouldReturnEbusyEnodataAndClampOnTheSource() {
        assertEquals(-Errno.ENODATA, source.releaseData(1));
        assertEquals(-Errno.ENODATA, source.getData(1, region));
        buffer.fill(300);
        assertEquals(0, source.getData(100, region));
        assertEquals(-Errno.EBUSY, source.getData(100, region));
        assertEquals(0, source.releaseData(1000));
        assertEquals(200, source.getDataAvailable());
        assertEquals(100, source.getNumOfProcessedBytes());
    }

    @Test
    void shouldTreatAZeroByteGetAsHoldingNothing() {
        assertEquals(0, source.getData(0, region));
        assertEquals(-Errno.ENODATA, source.releaseData(0));
        assertEquals(0, sink.getBuffer(0, region));
        assertEquals(-Errno.ENODATA, sink.commitBuffer(0));
    }

    @Test
    void shouldRejectDoubleBindAndUnboundUnbind() {
        final Object module = new Object();
        assertEquals(0, sinkEnd.bind(module));
        assertSame(module, sinkEnd.boundModule());
        assertEquals(-Errno.EBUSY, sinkEnd.bind(new Object()));
        assertEquals(0, sinkEnd.unbind());
        assertNull(sinkEnd.boundModule());
        assertEquals(-Errno.EINVAL, sinkEnd.unbind());
        assertEquals(-Errno.EINVAL, sourceEnd.unbind());
        assertEquals(0, sourceEnd.bind(module));
        assertEquals(-Errno.EBUSY, sourceEnd.bind(module));
    }

    @Test
    void shouldRejectNegativeSizes() {
        assertEquals(-Errno.EINVAL, sink.getBuffer(-1, region));
        buffer.fill(8);
        assertEquals(0, source.getData(8, region));
        assertEquals(-Errno.EINVAL, source.releaseData(-1));
    }

    @Test
    void shouldCountFramesOnlyOnceAFormatIsSet() {
        buffer.fill(400);
        assertEquals(0, source.getDataFramesAvailable());
        assertEquals(0, sink.getFreeFrames());
        sourceEnd.setAudioFormat(AudioFormat.of(48000, 2, SampleFormat.S16_LE));
        sinkEnd.setAudioFormat(AudioFormat.of(48000, 2, SampleFormat.S16_LE));
        assertEquals(100, source.getDataFramesAvailable());
        assertEquals(156, sink.getFreeFrames());
    }

    @Test
    void shouldHandOutTheWrappedRegion() {
        buffer.fill(1000);
        assertEquals(0, source.getData(1000, region));
        assertEquals(0, source.releaseData(1000));
        assertEquals(0, sink.getBuffer(100, region));
        assertEquals(TestBuffer.BASE + 1000, region.address());
        assertEquals(24, region.contiguousLength());
        assertEquals(TestBuffer.BASE + 1023, region.addressAt(23));
        assertEquals(TestBuffer.BASE, region.addressAt(24));
        assertEquals(TestBuffer.BASE + 75, region.addressAt(99));
    }
}
