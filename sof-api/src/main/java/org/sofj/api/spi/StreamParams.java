package org.sofj.api.spi;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.FrameAlignment;

/**
 * The format and frame-alignment state a {@link Sink} or a {@link Source} keeps, SOF's
 * {@code audio_stream} runtime parameters: one implementation for both sides. Not thread-safe:
 * set by the kernel while nothing processes, read by the processing thread. No allocation.
 */
final class StreamParams {
    private AudioFormat format;
    private int byteAlign = FrameAlignment.DEFAULT_BYTE_ALIGN;
    private int frameAlignReq = FrameAlignment.DEFAULT_FRAME_ALIGN;
    private int alignFrameCount = 1;
    private int alignShift;

    void setFormat(AudioFormat newFormat) {
        if (newFormat == null) {
            throw new NullPointerException("newFormat");
        }
        format = newFormat;
        recalc();
    }

    AudioFormat format() {
        return format;
    }

    int frameBytes() {
        final AudioFormat f = format;
        return f == null ? 0 : f.frameBytes();
    }

    /**
     * {@return 0, or {@code -Errno.EINVAL} if either constant is out of range (nothing changes)}
     */
    int setAlignmentConstants(int newByteAlign, int newFrameAlignReq) {
        if (newByteAlign < 1 || Integer.bitCount(newByteAlign) != 1 || newFrameAlignReq < 1) {
            return -Errno.EINVAL;
        }
        byteAlign = newByteAlign;
        frameAlignReq = newFrameAlignReq;
        recalc();
        return 0;
    }

    int alignFrameCount() {
        return alignFrameCount;
    }

    int alignShift() {
        return alignShift;
    }

    /** {@return whole frames in {@code bytes}; 0 while no format is set} */
    int frames(int bytes) {
        final int frameBytes = frameBytes();
        return frameBytes == 0 ? 0 : bytes / frameBytes;
    }

    /** {@return whole aligned frames in {@code bytes}; 0 while no format is set} */
    int alignedFrames(int bytes) {
        return format == null ? 0 : FrameAlignment.alignedFrames(bytes, alignShift,
                alignFrameCount);
    }

    private void recalc() {
        final int frameBytes = frameBytes();
        if (frameBytes == 0) {
            return;
        }
        alignFrameCount = FrameAlignment.frameCount(byteAlign, frameAlignReq, frameBytes);
        alignShift = FrameAlignment.shift(alignFrameCount, frameBytes);
    }
}
