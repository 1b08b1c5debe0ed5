/**
 * The audio engine's implementation (not exported). Buffers: {@link
 * org.sofj.audio.internal.CompBuffer} (LL, one thread) and {@link
 * org.sofj.audio.internal.RingBuffer} (SPSC across threads), both in simulated memory and both
 * following SOF's sink/source contract; {@link org.sofj.audio.internal.BufferCopy} is
 * {@code audio_buffer_sync_secondary_buffer}. Scheduling: {@link
 * org.sofj.audio.internal.TickScheduler} with one {@link org.sofj.audio.internal.LlCore} per
 * simulated core, {@link org.sofj.audio.internal.WallTicker} for wall time and {@link
 * org.sofj.audio.internal.DpTaskImpl} for SOF's DP state machine. Measurement: {@link
 * org.sofj.audio.internal.LatencyRecorder} (the one HdrHistogram user) and {@link
 * org.sofj.audio.internal.TickLog}.
 */
package org.sofj.audio.internal;
