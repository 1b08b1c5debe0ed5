package org.sofj.api.audio;

import java.util.Objects;

import org.sofj.api.spi.SinkEndpoint;

/**
 * Where a module writes audio: the module-facing half of SOF's {@code sof_sink}
 * ({@code sink_api.c}). It carries only what a module may call; binding, format, alignment and
 * counter setters stay on the platform's {@link SinkEndpoint}, which holds the state and made
 * this view.
 *
 * <p>Producing a fragment:
 * <pre>{@code
 *   int rc = sink.getBuffer(bytes, region);   // -EBUSY if a fragment is held, -ENODATA if bytes > free
 *   ... write through MemoryAccess at region.addressAt(i) ...
 *   sink.commitBuffer(bytes);                 // clamped to the request; -ENODATA if none is held
 * }</pre>
 *
 * <p>The class is final and every sink a module can obtain was made by the platform, so when the
 * kernel calls a method on a {@code Sink}, it runs the platform's code, never a module's.
 *
 * <p>Threading: one producer thread at a time (the thread that processes the module writing into
 * this sink). No method allocates. Expected conditions are return codes, never exceptions.
 */
public final class Sink {
    /** {@link #lastFeedingTimeMicros()} when the implementation does not know it. */
    public static final long UNKNOWN_FEEDING_TIME = Long.MAX_VALUE;

    private final SinkEndpoint endpoint;

    /**
     * Made by a {@link SinkEndpoint}'s constructor, once per endpoint; a module has no endpoint
     * to pass.
     *
     * @param endpoint the endpoint under construction
     * @throws NullPointerException  if {@code endpoint} is null
     * @throws IllegalStateException if the endpoint already has its view
     */
    public Sink(SinkEndpoint endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.sink() != null) {
            throw new IllegalStateException("endpoint=" + endpoint.getClass().getName()
                    + " already has its sink view");
        }
        this.endpoint = endpoint;
    }

    /**
     * {@code sink_get_free_size}.
     *
     * @return bytes that can be written now, {@code >= 0}
     */
    public int getFreeSize() {
        return endpoint.getFreeSize();
    }

    /**
     * {@code sink_get_buffer}: reserve {@code bytes} for writing and point {@code out} at them.
     *
     * @param bytes the number of bytes to write, {@code >= 0}
     * @param out   the caller's region flyweight, re-pointed on success
     * @return 0 on success; {@code -Errno.EBUSY} if a fragment is already held;
     *     {@code -Errno.ENODATA} if {@code bytes} exceeds the free space; {@code -Errno.EINVAL}
     *     if {@code bytes} is negative
     */
    public int getBuffer(int bytes, AudioRegion out) {
        endpoint.checkCaller();
        return endpoint.getBuffer(bytes, out);
    }

    /**
     * {@code sink_commit_buffer}: publish {@code bytes} of the held fragment. {@code bytes} is
     * clamped to the held request; the processed-byte counter grows by the clamped amount even if
     * the implementation fails, as in SOF.
     *
     * @param bytes the number of bytes written
     * @return 0 on success; {@code -Errno.ENODATA} if no fragment is held (a get of 0 bytes holds
     *     nothing, as in SOF); {@code -Errno.EINVAL} if {@code bytes} is negative; otherwise the
     *     implementation's error
     */
    public int commitBuffer(int bytes) {
        endpoint.checkCaller();
        return endpoint.commitBuffer(bytes);
    }

    /**
     * {@code sink_get_free_frames}.
     *
     * @return whole frames that fit now; 0 while no format is set
     */
    public int getFreeFrames() {
        return endpoint.getFreeFrames();
    }

    /**
     * {@code sink_get_free_frames_aligned}: whole aligned frames that fit now (see
     * {@link FrameAlignment}).
     *
     * @return the aligned frame count; 0 while no format is set
     */
    public int getFreeFramesAligned() {
        return endpoint.getFreeFramesAligned();
    }

    /** {@return the stream format, or {@code null} before one is set} */
    public AudioFormat audioFormat() {
        return endpoint.audioFormat();
    }

    /** {@return bytes per frame, or 0 before a format is set} */
    public int frameBytes() {
        return endpoint.frameBytes();
    }

    /** {@return {@code align_frame_cnt}: frames per aligned step} */
    public int alignFrameCount() {
        return endpoint.alignFrameCount();
    }

    /** {@return {@code align_shift_idx}} */
    public int alignShift() {
        return endpoint.alignShift();
    }

    /** {@return {@code sink_get_min_free_space}: the OBS the kernel set at bind time} */
    public int getMinFreeSpace() {
        return endpoint.getMinFreeSpace();
    }

    /** {@return bytes committed since creation or the kernel's last reset of the counter} */
    public long getNumOfProcessedBytes() {
        return endpoint.getNumOfProcessedBytes();
    }

    /** {@return the size of the fragment held by {@link #getBuffer}, or 0} */
    public int requestedWriteSize() {
        return endpoint.requestedWriteSize();
    }

    /** {@return whether an overrun is tolerated instead of reported ({@code sink_get_overrun})} */
    public boolean isOverrunPermitted() {
        return endpoint.isOverrunPermitted();
    }

    /**
     * {@code sink_get_last_feeding_time}: when the consumer of this sink last needed data, in
     * microseconds from the start of the last LL cycle; the DP scheduler's deadline input.
     *
     * @return microseconds, or {@link #UNKNOWN_FEEDING_TIME}
     */
    public long lastFeedingTimeMicros() {
        return endpoint.lastFeedingTimeMicros();
    }
}
