package org.sofj.api.spi;

import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.AudioRegion;
import org.sofj.api.audio.FrameAlignment;
import org.sofj.api.audio.Sink;

/**
 * The platform side of a sink: SOF's {@code sof_sink} with its exact contract
 * ({@code sink_api.c}), its state, and the setters only the kernel may call (format, alignment,
 * bind, minimum free space, counters, overrun policy, dropping a held fragment). An
 * implementation (a {@code comp_buffer}, a ring buffer) supplies the {@code impl*} operations.
 *
 * <p>Modules never see this type: they get {@link #sink()}, a final {@link Sink} that forwards
 * the producer's calls here and carries nothing else. A module therefore cannot call a kernel
 * setter, and cannot hand the kernel a sink of its own making whose methods the kernel would run.
 *
 * <p>Threading: one producer thread at a time (the thread that processes the module writing into
 * this sink). Binding and format setters are called by the kernel while the module does not
 * process. No method allocates. Expected conditions are return codes, never exceptions.
 *
 * <p>The operations that hold or hand back a fragment first refuse a thread the runtime has
 * abandoned ({@link Preemption#checkAbandoned}: it throws there, before any state changes): a
 * tick thread it replaced, back from a call that did not return in time, must not move the
 * offsets its replacement now owns. One read of a static field, null unless some thread is
 * being preempted.
 */
public abstract class SinkEndpoint {
    private int requestedWriteFragSize;
    private long numOfBytesProcessed;
    private int minFreeSpace;
    private Object boundModule;
    /**
     * Who may move this endpoint's offsets through its module-facing view: set by the kernel when
     * it binds the endpoint to a user-mode module ({@link MemorySystem#callerCheck}), null for a
     * kernel module's. A view handed on by its module (a static its library's types share) must
     * not let another instance skip or repeat the owner's audio.
     */
    private Runnable callerCheck;
    private boolean overrunPermitted;
    private final StreamParams params = new StreamParams();
    private final Sink view;

    /** Creates an unbound sink without a format. */
    protected SinkEndpoint() {
        view = new Sink(this);
    }

    /**
     * Sets who may move this endpoint's offsets through its view (kernel only, while no module
     * processes through it: at bind).
     *
     * @param check runs before each {@code get}/{@code commit} or {@code get}/{@code release}
     *              made through the view and throws on a thread that may not; null for none
     */
    public final void callerCheck(Runnable check) {
        this.callerCheck = check;
    }

    /**
     * For the module-facing view: runs the check the kernel set, if any, before an operation
     * that moves the offsets. One field read when none is set.
     */
    public final void checkCaller() {
        CallerChecks.run(callerCheck);
    }

    /**
     * The module-facing view of this endpoint: what the kernel hands to modules in their
     * {@code sinks} arrays. One per endpoint, made at construction; returning it does not allocate.
     *
     * @return the final view that carries only what a module may call
     */
    public final Sink sink() {
        return view;
    }

    /**
     * {@code ops->get_free_size}: bytes that can be written now.
     *
     * @return the free bytes, {@code >= 0}
     */
    protected abstract int implFreeSize();

    /**
     * {@code ops->get_buffer}: point {@code out} at {@code bytes} free bytes. Called only when no
     * fragment is held.
     *
     * @param bytes the requested size, {@code >= 0}
     * @param out   the region to re-point
     * @return 0, or {@code -Errno.ENODATA} if {@code bytes} exceeds the free space
     */
    protected abstract int implGetBuffer(int bytes, AudioRegion out);

    /**
     * {@code ops->commit_buffer}: publish {@code bytes} written bytes.
     *
     * @param bytes the number of bytes, at most the held request
     * @return 0 or a negative errno
     */
    protected abstract int implCommitBuffer(int bytes);

    /**
     * {@code ops->on_audio_format_set}: react to a new format. The default accepts it.
     *
     * @return 0 or a negative errno
     */
    protected int implOnAudioFormatSet() {
        return 0;
    }

    /**
     * {@code ops->on_bind}: react to a bind. The default accepts it.
     *
     * @param module the module being bound
     * @return 0 or a negative errno (the bind then fails)
     */
    protected int implOnBind(Object module) {
        return 0;
    }

    /**
     * {@code ops->on_unbind}: react to an unbind. The default accepts it.
     *
     * @return 0 or a negative errno (the unbind then fails)
     */
    protected int implOnUnbind() {
        return 0;
    }

    /**
     * {@code ops->get_lft}: the last feeding time. The default does not know it.
     *
     * @return microseconds, or {@link Sink#UNKNOWN_FEEDING_TIME}
     */
    protected long implLastFeedingTimeMicros() {
        return Sink.UNKNOWN_FEEDING_TIME;
    }

    /**
     * {@code sink_get_free_size}.
     *
     * @return bytes that can be written now
     */
    public final int getFreeSize() {
        return implFreeSize();
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
    public final int getBuffer(int bytes, AudioRegion out) {
        Preemption.checkAbandoned(); // a thread the runtime replaced changes nothing here
        if (requestedWriteFragSize != 0) {
            return -Errno.EBUSY;
        }
        if (bytes < 0) {
            return -Errno.EINVAL;
        }
        final int ret = implGetBuffer(bytes, out);
        if (ret == 0) {
            requestedWriteFragSize = bytes;
        }
        return ret;
    }

    /**
     * {@code sink_commit_buffer}: publish {@code bytes} of the held fragment. {@code bytes} is
     * clamped to the held request; the processed-byte counter grows by the clamped amount even if
     * the implementation fails, as in SOF.
     *
     * @param bytes the number of bytes written
     * @return 0 on success; {@code -Errno.ENODATA} if no fragment is held (a get of 0 bytes holds nothing, as in SOF); {@code -Errno.EINVAL}
     *     if {@code bytes} is negative; otherwise the implementation's error
     */
    public final int commitBuffer(int bytes) {
        Preemption.checkAbandoned();
        final int requested = requestedWriteFragSize;
        if (requested == 0) {
            return -Errno.ENODATA;
        }
        if (bytes < 0) {
            return -Errno.EINVAL;
        }
        final int n = Math.min(bytes, requested);
        final int ret = implCommitBuffer(n);
        if (ret == 0) {
            requestedWriteFragSize = 0;
        }
        numOfBytesProcessed += n;
        return ret;
    }

    /**
     * {@code sink_get_free_frames}.
     *
     * @return whole frames that fit now; 0 while no format is set
     */
    public final int getFreeFrames() {
        return params.frames(getFreeSize());
    }

    /**
     * {@code sink_get_free_frames_aligned}: whole aligned frames that fit now (see
     * {@link FrameAlignment}).
     *
     * @return the aligned frame count; 0 while no format is set
     */
    public final int getFreeFramesAligned() {
        return params.alignedFrames(getFreeSize());
    }

    /**
     * Sets the stream format (SOF's {@code sink_set_frm_fmt}, {@code _valid_fmt}, {@code _rate},
     * {@code _channels} in one call), recomputes the alignment and calls the implementation hook.
     *
     * @param newFormat the format
     * @return the hook's result: 0 or a negative errno
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
     * {@code sink_set_alignment_constants}.
     *
     * @param newByteAlign     the byte alignment, a power of two {@code >= 1}
     * @param newFrameAlignReq the frame-count requirement, {@code >= 1}
     * @return 0, or {@code -Errno.EINVAL} if either is out of range (nothing changes)
     */
    public final int setAlignmentConstants(int newByteAlign, int newFrameAlignReq) {
        return params.setAlignmentConstants(newByteAlign, newFrameAlignReq);
    }

    /** {@return {@code align_frame_cnt}: frames per aligned step} */
    public final int alignFrameCount() {
        return params.alignFrameCount();
    }

    /** {@return {@code align_shift_idx}} */
    public final int alignShift() {
        return params.alignShift();
    }

    /**
     * {@code sink_bind}.
     *
     * @param module the module that will write into this sink
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
     * {@code sink_unbind}.
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

    /** {@return the minimum free space a producer needs, the OBS set at bind time} */
    public final int getMinFreeSpace() {
        return minFreeSpace;
    }

    /**
     * {@code sink_set_min_free_space}: set at bind time from the producer's OBS.
     *
     * @param bytes the OBS, {@code >= 0}
     * @throws IllegalArgumentException if negative
     */
    public final void setMinFreeSpace(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("minFreeSpace=" + bytes + " must not be negative");
        }
        minFreeSpace = bytes;
    }

    /** {@return bytes committed since creation or the last reset of the counter} */
    public final long getNumOfProcessedBytes() {
        return numOfBytesProcessed;
    }

    /** Resets the processed-byte counter. */
    public final void resetNumOfProcessedBytes() {
        numOfBytesProcessed = 0;
    }

    /** {@return the size of the fragment held by {@link #getBuffer}, or 0} */
    public final int requestedWriteSize() {
        return requestedWriteFragSize;
    }

    /**
     * {@code sink_set_overrun}.
     *
     * @param permitted whether an overrun is tolerated instead of reported
     */
    public final void setOverrunPermitted(boolean permitted) {
        overrunPermitted = permitted;
    }

    /** {@return whether an overrun is tolerated} */
    public final boolean isOverrunPermitted() {
        return overrunPermitted;
    }

    /**
     * {@code sink_get_last_feeding_time}: when the consumer of this sink last needed data, in
     * microseconds from the start of the last LL cycle; the DP scheduler's deadline input.
     *
     * @return microseconds, or {@link Sink#UNKNOWN_FEEDING_TIME}
     */
    public final long lastFeedingTimeMicros() {
        return implLastFeedingTimeMicros();
    }

    /**
     * Drops a held fragment without committing: the kernel calls it after the module that held
     * it faulted, or on reset. A module never needs it. Does not allocate.
     */
    public final void clearRequest() {
        requestedWriteFragSize = 0;
    }
}
