package org.sofj.api;

import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;

/**
 * What a module is told on bind and unbind, SOF's {@code struct bind_info}: one new (or removed)
 * sink or source. Exactly one of {@code sink} and {@code source} is non-null, matching
 * {@code type}.
 *
 * @param type   whether a sink or a source was connected
 * @param sink   the sink, for {@link Type#SINK}
 * @param source the source, for {@link Type#SOURCE}
 */
public record BindInfo(Type type, Sink sink, Source source) {

    /** Which side was connected. */
    public enum Type {
        /** The module got a new sink (its output). */
        SINK,
        /** The module got a new source (its input). */
        SOURCE
    }

    /**
     * Validates that exactly the field matching {@code type} is set.
     *
     * @param type whether a sink or a source was connected
     * @param sink the sink, for {@link Type#SINK}
     * @param source the source, for {@link Type#SOURCE}
     * @throws NullPointerException if {@code type} is null
     * @throws IllegalArgumentException if the fields do not match the type
     */
    public BindInfo {
        if (type == null) {
            throw new NullPointerException("type");
        }
        if (type == Type.SINK ? sink == null || source != null : source == null || sink != null) {
            throw new IllegalArgumentException("type=" + type + " needs exactly its own side set: "
                    + "sink=" + sink + " source=" + source);
        }
    }

    /**
     * What a module is told when the kernel connects {@code sink} to it.
     *
     * @param sink the new sink, not null
     * @return a {@link Type#SINK} bind info
     * @throws IllegalArgumentException if {@code sink} is null
     */
    public static BindInfo ofSink(Sink sink) {
        return new BindInfo(Type.SINK, sink, null);
    }

    /**
     * What a module is told when the kernel connects {@code source} to it.
     *
     * @param source the new source, not null
     * @return a {@link Type#SOURCE} bind info
     * @throws IllegalArgumentException if {@code source} is null
     */
    public static BindInfo ofSource(Source source) {
        return new BindInfo(Type.SOURCE, null, source);
    }
}
