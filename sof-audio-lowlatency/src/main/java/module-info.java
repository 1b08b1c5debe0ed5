/**
 * The audio engine: SOF's sink/source contract over simulated memory, the {@code comp_buffer} and
 * the lock-free single-producer single-consumer ring buffer, {@code audio_buffer_sync_secondary_buffer},
 * the LL scheduler (one thread per core, virtual or wall clock) and the DP scheduler (one thread
 * per task, startup delay, readiness, EDF deadlines), with allocation-free latency measurement.
 * Exports nothing; the runtime finds it through {@link org.sofj.api.spi.AudioEngineProvider}.
 *
 * <p>{@code HdrHistogram} is a filename-derived automatic module name (the jar carries none); only
 * {@code org.sofj.audio.internal.LatencyRecorder} uses it, so a future name change touches the
 * {@code requires} line below and nothing else. {@code java.management} gives the DP scheduler
 * each task thread's CPU time, by which the wall clock judges a module's own processing.
 */
module org.sofj.audio {
    requires org.sofj.api;
    requires java.management;
    requires org.agrona;
    requires HdrHistogram;

    provides org.sofj.api.spi.AudioEngineProvider
            with org.sofj.audio.internal.LowLatencyEngineProvider;
}
