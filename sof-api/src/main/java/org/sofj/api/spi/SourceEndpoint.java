package org.sofj.api.spi;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.FrameAlignment;
import org.sofj.api.audio.Source;

/**
 * The platform side of a source: SOF's {@code sof_source} with its exact contract
 * ({@code source_api.c}), its state, and the setters only the kernel may call (format, alignment,
 * bind, minimum available, counters, underrun policy, dropping a held fragment). An
 * implementation supplies the {@code impl*} operations.
 *
 * <p>Modules never see this type: they get {@link #source()}, a final {@link Source} that
 * forwards the consumer's calls here and carries nothing else.
 *
 * <p>Threading: one consumer thread at a time. No method allocates. Expected conditions are
 * return codes, never exceptions.
 *
 * <p>The operations that hold or hand back a fragment first refuse a thread the runtime has
 * abandoned ({@link Preemption#checkAbandoned}: it throws there, before any state changes): a
 * tick thread it replaced, back from a call that did not return in time, must not move the
 * offsets its replacement now owns. One read of a static field, null unless some thread is
 * being preempted.
 */
public abstract class SourceEndpoint {
    private int requestedReadFragSize;
    private long numOfBytesProcessed;
    private int minAvailable;
    private Object boundModule;
    /** Who may move this endpoint's offsets through its view: as the sink's. */
    private Runnable callerCheck;
    private boolean underrunPermitted;
    private final StreamParams params = new StreamParams();
    private final Source view;

    /** Creates an unbound source without a format. */
    protected SourceEndpoint() {
        view = new Source(this);
    }

    /**
     * As {@link SinkEndpoint#callerCheck}, for {@code getData} and {@code releaseData}.
     *
     * @param check the check, or null for none
     */
    public final void callerCheck(Runnable check) {
        this.callerCheck = check;
    }

    /** For the module-facing view: as {@link SinkEndpoint#checkCaller}. */
    public final void checkCaller() {
        CallerChecks.run(callerCheck);
    }

    /**
     * The module-facing view of this endpoint: what the kernel hands to modules in their
     * {@code sources} arrays. One per endpoint, made at construction; returning it does not allocate.
     *
     * @return the final view that carries only what a module may call
     */
    public final Source source() {
        return view;
    }

    /**
     * {@code ops->get_data_available}.
     *
     * @return bytes readable now, {@code >= 0}
     */
    protected abstract int implDataAvailable();

    /**
     * {@code ops->get_data}: point {@code out} at {@code bytes} readable bytes. Called only when
     * no fragment is held.
     *
     * @param bytes the requested size, {@code >= 0}
     * @param out   the region to re-point
     * @return 0, or {@code -Errno.ENODATA} if {@code bytes} exceeds what is available
     */
    protected abstract int implGetData(int bytes, AudioRegion out);

    /**
     * {@code ops->release_data}: free {@code bytes} consumed bytes.
     *
     * @param bytes at most the held request; 0 keeps the data
     * @return 0 or a negative errno
     */
    protected abstract int implReleaseData(int bytes);

    /**
     * {@code ops->on_audio_format_set}. The default accepts it.
     *
     * @return 0 or a negative errno
     */
    protected int implOnAudioFormatSet() {
        return 0;
    }

    /**
     * {@code ops->on_bind}. The default accepts it.
     *
     * @param module the module being bound
     * @return 0 or a negative errno
     */
    protected int implOnBind(Object module) {
        return 0;
    }

    /**
     * {@code ops->on_unbind}. The default accepts it.
     *
     * @return 0 or a negative errno
     */
    protected int implOnUnbind() {
        return 0;
    }

    /** {@return {@code source_get_data_available}: bytes readable now} */
    public final int getDataAvailable() {
        return implDataAvailable();
    }

    /**
     * {@code source_get_data}: hold {@code bytes} for reading and point {@code out} at them.
     *
     * @param bytes the number of bytes to read, {@code >= 0}
     * @param out   the caller's region flyweight, re-pointed on success
     * @return 0; {@code -Errno.EBUSY} if a fragment is already held; {@code -Errno.ENODATA} if
     *     {@code bytes} exceeds what is available; {@code -Errno.EINVAL} if negative
     */
    public final int getData(int bytes, AudioRegion out) {
        Preemption.checkAbandoned(); // a thread the runtime replaced changes nothing here
        if (requestedReadFragSize != 0) {
            return -Errno.EBUSY;
        }
        if (bytes < 0) {
            return -Errno.EINVAL;
        }
        final int ret = implGetData(bytes, out);
        if (ret == 0) {
            requestedReadFragSize = bytes;
        }
        return ret;
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
    public final int releaseData(int bytes) {
        Preemption.checkAbandoned();
        final int requested = requestedReadFragSize;
        if (requested == 0) {
            return -Errno.ENODATA;
        }
        if (bytes < 0) {
            return -Errno.EINVAL;
        }
        final int n = Math.min(bytes, requested);
        final int ret = implReleaseData(n);
        if (ret == 0) {
            requestedReadFragSize = 0;
        }
        numOfBytesProcessed += n;
        return ret;
    }

    /** {@return whole frames readable now; 0 while no format is set} */
    public final int getDataFramesAvailable() {
        return params.frames(getDataAvailable());
    }

    /**
     * {@return whole aligned frames readable now (see {@link FrameAlignment}); 0 without format}
     */
    public final int getAlignedFramesAvailable() {
        return params.alignedFrames(getDataAvailable());
    }

    /**
     * {@code source_align_frames_round_up}.
     *
     * @param frames a frame count
     * @return rounded up to {@link #alignFrameCount()}; unchanged if that is at most 1
     */
    public final int alignFramesRoundUp(int frames) {
        final int n = params.alignFrameCount();
        return n <= 1 ? frames : (frames + n - 1) / n * n;
    }

    /**
     * {@code source_align_frames_round_down}.
     *
     * @param frames a frame count
     * @return rounded down to {@link #alignFrameCount()}; unchanged if that is at most 1
     */
    public final int alignFramesRoundDown(int frames) {
        final int n = params.alignFrameCount();
        return n <= 1 ? frames : frames / n * n;
    }

    /**
     * {@code source_align_frames_round_nearest}.
     *
     * @param frames a frame count
     * @return rounded to the nearest multiple of {@link #alignFrameCount()} (half rounds up);
     *     unchanged if that is 0
     */
    public final int alignFramesRoundNearest(int frames) {
        final int n = params.alignFrameCount();
        return n == 0 ? frames : (frames + n / 2) / n * n;
    }

    /**
     * Sets the stream format and recomputes the alignment; see {@link SinkEndpoint#setAudioFormat}.
     *
     * @param newFormat the format
     * @return the hook's result
     * @throws NullPointerException if {@code newFormat} is null
     */
    public final int setAudioFormat(AudioFormat newFormat) {
        params.setFormat(newFormat);
        return implOnAudioFormatSet();
    }

    /** {@return the stream format, or {@code null} before one is set} */
    public final AudioFormat audioFormat() {
        return params.format();
    }

    /** {@return bytes per frame, or 0 before a format is set} */
    public final int frameBytes() {
        return params.frameBytes();
    }

    /**
     * {@code source_set_alignment_constants}.
     *
     * @param newByteAlign     a power of two {@code >= 1}
     * @param newFrameAlignReq {@code >= 1}
     * @return 0, or {@code -Errno.EINVAL} if out of range (nothing changes)
     */
    public final int setAlignmentConstants(int newByteAlign, int newFrameAlignReq) {
        return params.setAlignmentConstants(newByteAlign, newFrameAlignReq);
    }

    /** {@return {@code align_frame_cnt}} */
    public final int alignFrameCount() {
        return params.alignFrameCount();
    }

    /** {@return {@code align_shift_idx}} */
    public final int alignShift() {
        return params.alignShift();
    }

    /**
     * {@code source_bind}.
     *
     * @param module the module that will read this source
     * @return 0; {@code -Errno.EBUSY} if already bound; otherwise the hook's error
     * @throws NullPointerException if {@code module} is null
     */
    public final int bind(Object module) {
        if (module == null) {
            throw new NullPointerException("module");
        }
        if (boundModule != null) {
            return -Errno.EBUSY;
        }
        final int ret = implOnBind(module);
        if (ret == 0) {
            boundModule = module;
        }
        return ret;
    }

    /**
     * {@code source_unbind}.
     *
     * @return 0; {@code -Errno.EINVAL} if not bound; otherwise the hook's error
     */
    public final int unbind() {
        if (boundModule == null) {
            return -Errno.EINVAL;
        }
        final int ret = implOnUnbind();
        if (ret == 0) {
            boundModule = null;
        }
        return ret;
    }

    /** {@return the bound module, or {@code null}} */
    public final Object boundModule() {
        return boundModule;
    }

    /** {@return {@code source_get_min_available}: the IBS set at bind time} */
    public final int getMinAvailable() {
        return minAvailable;
    }

    /**
     * {@code source_set_min_available}: set at bind time from the consumer's IBS.
     *
     * @param bytes the IBS, {@code >= 0}
     * @throws IllegalArgumentException if negative
     */
    public final void setMinAvailable(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("minAvailable=" + bytes + " must not be negative");
        }
        minAvailable = bytes;
    }

    /** {@return bytes released since creation or the last reset of the counter} */
    public final long getNumOfProcessedBytes() {
        return numOfBytesProcessed;
    }

    /** Resets the processed-byte counter. */
    public final void resetNumOfProcessedBytes() {
        numOfBytesProcessed = 0;
    }

    /**
     * {@return the size of the fragment held by {@link #getData}, or 0 (a 0-byte get holds
     * nothing)}
     */
    public final int requestedReadSize() {
        return requestedReadFragSize;
    }

    /**
     * {@code source_set_underrun}.
     *
     * @param permitted whether an underrun is tolerated instead of reported
     */
    public final void setUnderrunPermitted(boolean permitted) {
        underrunPermitted = permitted;
    }

    /** {@return whether an underrun is tolerated} */
    public final boolean isUnderrunPermitted() {
        return underrunPermitted;
    }

    /**
     * Drops a held fragment without releasing: the kernel calls it after the module that held
     * it faulted, or on reset. A module never needs it. Does not allocate.
     */
    public final void clearRequest() {
        requestedReadFragSize = 0;
    }
}
