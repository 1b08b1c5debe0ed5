package org.sofj.api.audio;

/**
 * SOF's frame alignment arithmetic ({@code audio_stream_recalc_align}), kept per sink and
 * source. With {@code byteAlign} the SIMD byte alignment and {@code frameAlignReq} the module's
 * frame-count requirement:
 * <pre>
 *   align_frame_cnt = lcm(byte_align / gcd(byte_align, frame_size), frame_align_req)
 *   align_shift_idx = ceil(log2(align_frame_cnt * frame_size))
 *   aligned_frames(bytes) = (bytes &gt;&gt; align_shift_idx) * align_frame_cnt
 * </pre>
 * The aligned count is conservative when {@code align_frame_cnt * frame_size} is not a power of
 * two, exactly as in SOF. Pure functions; no allocation.
 */
public final class FrameAlignment {
    /** SOF's default byte alignment, {@code SOF_FRAME_BYTE_ALIGN}: 4. */
    public static final int DEFAULT_BYTE_ALIGN = 4;
    /** SOF's default frame-count alignment, {@code SOF_FRAME_COUNT_ALIGN}: 1. */
    public static final int DEFAULT_FRAME_ALIGN = 1;

    private FrameAlignment() {
    }

    /**
     * {@code align_frame_cnt}.
     *
     * @param byteAlign     the byte alignment, {@code >= 1}
     * @param frameAlignReq the frame-count requirement, {@code >= 1}
     * @param frameBytes    bytes per frame, {@code >= 1}
     * @return the number of frames one aligned step holds
     */
    public static int frameCount(int byteAlign, int frameAlignReq, int frameBytes) {
        final int frames = byteAlign / gcd(byteAlign, frameBytes);
        return lcm(frames, frameAlignReq);
    }

    /**
     * {@code align_shift_idx}: {@code ceil(log2(alignFrameCount * frameBytes))}.
     *
     * @param alignFrameCount the result of {@link #frameCount}
     * @param frameBytes      bytes per frame
     * @return the shift
     */
    public static int shift(int alignFrameCount, int frameBytes) {
        final int processSize = alignFrameCount * frameBytes;
        final int floorLog2 = 31 - Integer.numberOfLeadingZeros(processSize);
        return Integer.bitCount(processSize) == 1 ? floorLog2 : floorLog2 + 1;
    }

    /**
     * Whole aligned frames in {@code bytes}: {@code (bytes >> shift) * alignFrameCount}.
     *
     * @param bytes           available or free bytes
     * @param shift           the result of {@link #shift}
     * @param alignFrameCount the result of {@link #frameCount}
     * @return the aligned frame count
     */
    public static int alignedFrames(int bytes, int shift, int alignFrameCount) {
        return (bytes >>> shift) * alignFrameCount;
    }

    static int gcd(int a, int b) {
        int x = a;
        int y = b;
        while (y != 0) {
            final int t = x % y;
            x = y;
            y = t;
        }
        return x;
    }

    static int lcm(int a, int b) {
        return a / gcd(a, b) * b;
    }
}
