package org.sofj.testkit.internal;

import java.util.List;
import java.util.Objects;

import org.sofj.api.audio.AudioFormat;

/**
 * A graph under test: host_in pins feed the first stage's input pins, stage {@code k}'s output
 * pin 0 feeds stage {@code k+1}'s input pin 0, and the last stage's output pins feed host_out
 * pins. One format for the whole graph.
 *
 * @param stages  the modules, in flow order
 * @param format  the stream format
 * @param inputs  PCM per input pin of the first stage, whole host periods
 * @param outputs output pins of the last stage, each captured by a host_out
 * @param ticks   LL ticks per run segment
 */
public record GraphSpec(List<StageSpec> stages, AudioFormat format, List<byte[]> inputs,
        int outputs, int ticks) {

    /** Validates and copies. */
    public GraphSpec {
        Objects.requireNonNull(format, "format");
        stages = List.copyOf(stages);
        inputs = List.copyOf(inputs);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("a graph needs at least one module");
        }
        if (outputs < 1 || ticks < 1) {
            throw new IllegalArgumentException("outputs=" + outputs + " ticks=" + ticks
                    + " must be positive");
        }
    }
}
