package org.sofj.api.audio;

import java.util.Objects;

import org.sofj.api.spi.SourceEndpoint;

/**
 * Where a module reads audio: the module-facing half of SOF's {@code sof_source}
 * ({@code source_api.c}). It carries only what a module may call; binding, format, alignment and
 * counter setters stay on the platform's {@link SourceEndpoint}, which holds the state and made
 * this view.
 *
 * <p>Consuming a fragment:
 * <pre>{@code
 *   int rc = source.getData(bytes, region);   // -EBUSY if a fragment is held, -ENODATA if bytes > available
 *   ... read through MemoryAccess at region.addressAt(i) (read-only) ...
 *   source.releaseData(bytes);                // clamped; release(0) keeps the data for the next get
 * }</pre>
 *
 * <p>The class is final and every source a module can obtain was made by the platform, so when
 * the kernel calls a method on a {@code Source}, it runs the platform's code, never a module's.
 *
 * <p>Threading: one consumer thread at a time. No method allocates. Expected conditions are
 * return codes, never exceptions.
 */
public final class Source {
    private final SourceEndpoint endpoint;

    /**
     * Made by a {@link SourceEndpoint}'s constructor, once per endpoint; a module has no endpoint
     * to pass.
     *
     * @param endpoint the endpoint under construction
     * @throws NullPointerException  if {@code endpoint} is null
     * @throws IllegalStateException if the endpoint already has its view
     */
    public Source(SourceEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.source() != null) {
            throw new IllegalStateException("endpoint=" + endpoint.getClass().getName()
                    + " already has its source view");
        }
        this.endpoint = endpoint;
    }

    /** {@return {@code source_get_data_available}: bytes readable now, {@code >= 0}} */
    public int getDataAvailable() {
        return endpoint.getDataAvailable();
    }

    /**
     * {@code source_get_data}: hold {@code bytes} for reading and point {@code out} at them.
     *
     * @param bytes the number of bytes to read, {@code >= 0}
     * @param out   the caller's region flyweight, re-pointed on success
     * @return 0; {@code -Errno.EBUSY} if a fragment is already held; {@code -Errno.ENODATA} if
     *     {@code bytes} exceeds what is available; {@code -Errno.EINVAL} if negative
     */
    public int getData(int bytes, AudioRegion out) {
        endpoint.checkCaller();
        return endpoint.getData(bytes, out);
    }

    /**
     * {@code source_release_data}: free {@code bytes} of the held fragment, clamped to it.
     * {@code releaseData(0)} keeps the data for the next {@link #getData}. The processed-byte
     * counter grows by the clamped amount unconditionally, as in SOF.
     *
     * @param bytes the number of bytes consumed
     * @return 0; {@code -Errno.ENODATA} if nothing is held; {@code -Errno.EINVAL} if negative;
     *     otherwise the implementation's error
     */
    public int releaseData(int bytes) {
        endpoint.checkCaller();
        return endpoint.releaseData(bytes);
    }

    /** {@return whole frames readable now; 0 while no format is set} */
    public int getDataFramesAvailable() {
        return endpoint.getDataFramesAvailable();
    }

    /**
     * {@return whole aligned frames readable now (see {@link FrameAlignment}); 0 without format}
     */
    public int getAlignedFramesAvailable() {
        return endpoint.getAlignedFramesAvailable();
    }

    /**
     * {@code source_align_frames_round_up}.
     *
     * @param frames a frame count
     * @return rounded up to {@link #alignFrameCount()}; unchanged if that is at most 1
     */
    public int alignFramesRoundUp(int frames) {
        return endpoint.alignFramesRoundUp(frames);
    }

    /**
     * {@code source_align_frames_round_down}.
     *
     * @param frames a frame count
     * @return rounded down to {@link #alignFrameCount()}; unchanged if that is at most 1
     */
    public int alignFramesRoundDown(int frames) {
        return endpoint.alignFramesRoundDown(frames);
    }

    /**
     * {@code source_align_frames_round_nearest}.
     *
     * @param frames a frame count
     * @return rounded to the nearest multiple of {@link #alignFrameCount()} (half rounds up);
     *     unchanged if that is 0
     */
    public int alignFramesRoundNearest(int frames) {
        return endpoint.alignFramesRoundNearest(frames);
    }

    /** {@return the stream format, or {@code null} before one is set} */
    public AudioFormat audioFormat() {
        return endpoint.audioFormat();
    }

    /** {@return bytes per frame, or 0 before a format is set} */
    public int frameBytes() {
        return endpoint.frameBytes();
    }

    /** {@return {@code align_frame_cnt}} */
    public int alignFrameCount() {
        return endpoint.alignFrameCount();
    }

    /** {@return {@code align_shift_idx}} */
    public int alignShift() {
        return endpoint.alignShift();
    }

    /** {@return {@code source_get_min_available}: the IBS the kernel set at bind time} */
    public int getMinAvailable() {
        return endpoint.getMinAvailable();
    }

    /** {@return bytes released since creation or the kernel's last reset of the counter} */
    public long getNumOfProcessedBytes() {
        return endpoint.getNumOfProcessedBytes();
    }

    /**
     * {@return the size of the fragment held by {@link #getData}, or 0 (a 0-byte get holds
     * nothing)}
     */
    public int requestedReadSize() {
        return endpoint.requestedReadSize();
    }

    /**
     * {@return whether an underrun is tolerated instead of reported ({@code source_get_underrun})}
     */
    public boolean isUnderrunPermitted() {
        return endpoint.isUnderrunPermitted();
    }
}
