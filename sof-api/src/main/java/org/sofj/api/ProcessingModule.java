package org.sofj.api;

import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;

/**
 * An audio processing module: every operation SOF's {@code module_interface} has and its userspace
 * proxy forwards. A plugin implements this and offers it through
 * {@link org.sofj.api.spi.ModuleProvider}.
 *
 * <p>Return codes: {@code 0} (or a count) for success, a negative {@link Errno} for failure.
 * Optional operations have defaults with SOF's semantics: an absent optional operation succeeds;
 * an absent {@link #getConfiguration} is {@code -EIO}; an absent {@link #getProcessingMode} is
 * {@code -EIO}; an absent {@link #isReadyToProcess} is the generic check. The runtime knows which
 * operations a module overrides ({@link org.sofj.api.spi.ModuleOperation#implementedBy}) and, for a user module,
 * never sends an absent one to the module's thread.
 *
 * <p>Threads: for a kernel-mode module the runtime's IPC thread calls the control operations and
 * the scheduler thread calls {@link #process}; for a user-mode module every operation runs on a
 * user thread in the instance's memory domain. Calls are never concurrent for one instance.
 * {@link #process} and {@link #isReadyToProcess} are the hot path: they must not allocate, lock
 * or block.
 */
public interface ProcessingModule {

    /**
     * {@code init}: set up the instance. Required. Allocate what {@code process} needs here or in
     * {@link #prepare}, from {@link ModuleContext#memory()}.
     *
     * @param context the instance's context; keep it
     * @return 0, or a negative errno (the instance is then not created and its memory is freed)
     */
    int init(ModuleContext context);

    /**
     * {@code prepare}: the sources and sinks are bound and their formats set; get ready to
     * process. Optional.
     *
     * @param sources the instance's sources, in pin order; the same array is later passed to
     *                {@link #process}
     * @param sinks   the instance's sinks, in pin order
     * @return 0 (the default), or a negative errno (the pipeline does not start)
     */
    default int prepare(Source[] sources, Sink[] sinks) {
        return 0;
    }

    /**
     * {@code process} (sink/source type): consume from the sources and produce into the sinks.
     * Required. Hot path: no allocation, no locks, no blocking.
     *
     * @param sources the instance's sources
     * @param sinks   the instance's sinks
     * @return 0; {@code -Errno.ENODATA} or {@code -Errno.ENOSPC}, which the scheduler treats as
     *     success; any other negative errno reports a processing error
     */
    int process(Source[] sources, Sink[] sinks);

    /**
     * {@code is_ready_to_process}. Optional; the default is SOF's generic check
     * ({@link #genericIsReadyToProcess}). Hot path.
     *
     * @param sources the instance's sources
     * @param sinks   the instance's sinks
     * @return {@code true} if {@link #process} should run now
     */
    default boolean isReadyToProcess(Source[] sources, Sink[] sinks) {
        return genericIsReadyToProcess(sources, sinks);
    }

    /**
     * {@code set_configuration}: one fragment of a large configuration blob. Optional.
     *
     * @param configId       the configuration parameter id
     * @param position       where the fragment sits
     * @param dataOffsetSize the whole size for FIRST/SINGLE, the fragment's offset otherwise
     * @param fragment       the fragment, readable (not writable) in the hostbox during the call
     * @return 0 (the default), or a negative errno
     */
    default int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        return 0;
    }

    /**
     * {@code get_configuration}: write a configuration into the reply buffer. Optional; absent,
     * SOF answers {@code -EIO}.
     *
     * @param configId the configuration parameter id
     * @param response the reply buffer, writable during the call only
     * @return the number of bytes written ({@code >= 0}), or a negative errno;
     *     {@code -Errno.EIO} by default
     */
    default int getConfiguration(int configId, MemoryView response) {
        return -Errno.EIO;
    }

    /**
     * {@code set_processing_mode}. Optional.
     *
     * @param mode the new mode
     * @return 0 (the default), or a negative errno
     */
    default int setProcessingMode(ProcessingMode mode) {
        return 0;
    }

    /**
     * {@code get_processing_mode}. Optional; absent, SOF answers {@code -EIO}.
     *
     * @return the mode's ordinal ({@code >= 0}) or a negative errno; {@code -Errno.EIO} by default
     */
    default int getProcessingMode() {
        return -Errno.EIO;
    }

    /**
     * {@code reset}: return to the state after {@code init}. Optional.
     *
     * @return 0 (the default), or a negative errno
     */
    default int reset() {
        return 0;
    }

    /**
     * {@code free}: release what the module holds outside its tracked memory. Optional; tracked
     * memory is freed by the runtime after this returns.
     *
     * @return 0 (the default), or a negative errno
     */
    default int free() {
        return 0;
    }

    /**
     * {@code bind}: a sink or source was connected. Optional.
     *
     * @param info what was connected
     * @return 0 (the default), or a negative errno (the bind fails)
     */
    default int bind(BindInfo info) {
        return 0;
    }

    /**
     * {@code unbind}: a sink or source is being disconnected. Optional.
     *
     * @param info what is disconnected
     * @return 0 (the default), or a negative errno
     */
    default int unbind(BindInfo info) {
        return 0;
    }

    /**
     * {@code trigger}: a pipeline state change. Optional; on 0 the runtime applies SOF's
     * component state rules.
     *
     * @param command the trigger
     * @return 0 (the default), or a negative errno (the state does not change)
     */
    default int trigger(TriggerCommand command) {
        return 0;
    }

    /**
     * SOF's {@code generic_module_is_ready_to_process}: every source has at least its minimum
     * available (IBS) and every sink at least its minimum free space (OBS). Hot path; does not
     * allocate.
     *
     * @param sources the sources
     * @param sinks   the sinks
     * @return {@code true} if all are satisfied
     */
    static boolean genericIsReadyToProcess(Source[] sources, Sink[] sinks) {
        for (int i = 0; i < sources.length; i++) {
            final Source s = sources[i];
            if (s.getDataAvailable() < s.getMinAvailable()) {
                return false;
            }
        }
        for (int i = 0; i < sinks.length; i++) {
            final Sink s = sinks[i];
            if (s.getFreeSize() < s.getMinFreeSpace()) {
                return false;
            }
        }
        return true;
    }
}
