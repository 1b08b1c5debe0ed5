/**
 * Audio-engine benchmarks (issue "sof-audio-lowlatency"): ring and stream throughput against raw
 * Agrona in the same run, tick overhead against ring hops, and the {@link
 * org.sofj.bench.audio.TickLateness} harness. They reach the engine through its SPI only
 * ({@link java.util.ServiceLoader} on the class path), exactly as the runtime does.
 */
package org.sofj.bench.audio;
