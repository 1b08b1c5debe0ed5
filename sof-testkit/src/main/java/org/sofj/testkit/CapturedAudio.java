package org.sofj.testkit;

import java.util.Arrays;
import java.util.Objects;

import org.sofj.api.audio.AudioFormat;

/**
 * What one host_out pin captured: the PCM the graph's last module produced on that output pin,
 * in order, from its first period on.
 *
 * <p><b>Latency.</b> The pipeline moves whole periods and a DP module adds one period plus its
 * startup delay, but nothing pads the captured stream: a host_out receives only periods the
 * module really produced. So sample {@code i} of {@link #bytes()} is sample {@code i} of the
 * module's output, which for a module that maps periods one to one belongs to sample {@code i}
 * of its input: compare with a reference directly, no trimming needed. What the pipeline's
 * latency costs is time: the first period arrives {@link #latencyTicks()} ticks after the start,
 * so the last {@code latencyTicks()} periods of the input are still in flight when the run
 * stops; run that many more ticks to capture all of it.
 *
 * @param format       the stream format
 * @param bytes        the captured PCM
 * @param latencyTicks ticks from the start until the first bytes arrived, or -1 if none did
 * @param overruns     periods the host_out dropped because its port was full (0 unless the
 *                     capture could not keep up)
 */
public record CapturedAudio(AudioFormat format, byte[] bytes, int latencyTicks, long overruns) {

    /**
     * Validates and copies.
     *
     * @param format the stream format
     * @param bytes the captured PCM
     * @param latencyTicks ticks from the start until the first bytes arrived, or -1 if none did
     * @param overruns periods the host_out dropped because its port was full (0 unless the capture
     *     could not keep up)
     */
    public CapturedAudio {
        Objects.requireNonNull(format, "format");
        bytes = bytes.clone();
        if (latencyTicks < -1 || overruns < 0) {
            throw new IllegalArgumentException("latencyTicks=" + latencyTicks + " overruns="
                    + overruns);
        }
    }

    /** {@return a copy of the captured PCM} */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@return whole frames captured} */
    public int frames() {
        return bytes.length / format.frameBytes();
    }

    /** {@return the latency in frames: {@link #latencyTicks()} periods of 1 ms, or -1} */
    public int latencyFrames() {
        return latencyTicks < 0 ? -1 : latencyTicks * format.framesPerPeriod(1000);
    }

    /** {@return the samples as full-scale floats ({@link Pcm#toFloats})} */
    public float[] floats() {
        return Pcm.toFloats(bytes, format.sampleFormat());
    }

    /**
     * {@return the raw integer samples ({@link Pcm#toInts})}
     *
     * @throws IllegalArgumentException for FLOAT_LE
     */
    public int[] ints() {
        return Pcm.toInts(bytes, format.sampleFormat());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapturedAudio c && c.format.equals(format)
                && Arrays.equals(c.bytes, bytes) && c.latencyTicks == latencyTicks
                && c.overruns == overruns;
    }

    @Override
    public int hashCode() {
        return Objects.hash(format, Arrays.hashCode(bytes), latencyTicks, overruns);
    }

    @Override
    public String toString() {
        return "CapturedAudio[" + format + " frames=" + frames() + " latencyTicks=" + latencyTicks
                + " overruns=" + overruns + "]";
    }
}
