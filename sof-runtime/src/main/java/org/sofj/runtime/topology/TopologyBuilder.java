package org.sofj.runtime.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.sofj.api.audio.AudioFormat;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Builds a {@link Topology} in code, in the order a topology file lists it. Instances default to
 * the first pipeline, that pipeline's core, the manifest's heap and stack, no configuration and no
 * init data; {@link #build()} checks the whole graph as a file is checked.
 *
 * <pre>{@code
 * Topology t = Topology.builder(AudioFormat.of(48000, 2, SampleFormat.S32_LE))
 *         .library(1, Path.of("sample.sofjlib"), Path.of("dev.pub"))
 *         .pipeline(1, 0)
 *         .module("tone", "tone", 1, ProcDomain.LL, HexFormat.of().parseHex("c0b6060000000040"))
 *         .module("out", "host_out", 0, ProcDomain.LL, null)
 *         .connect("tone", "out")
 *         .build();
 * }</pre>
 */
public final class TopologyBuilder {
    private final AudioFormat format;
    private Path label = Path.of("(code)");
    private final List<Topology.Library> libraries = new ArrayList<>();
    private final List<Topology.Pipeline> pipelines = new ArrayList<>();
    private final List<Topology.Module> modules = new ArrayList<>();
    private final List<Topology.Connection> connections = new ArrayList<>();

    TopologyBuilder(AudioFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    /**
     * @param name what messages name as the topology's file; {@code (code)} by default
     * @return this builder
     */
    public TopologyBuilder label(String name) {
        this.label = Path.of(Objects.requireNonNull(name, "name"));
        return this;
    }

    /**
     * Adds a packed, signed library.
     *
     * @param id    its lib id, 1..15
     * @param file  the {@code .sofjlib}
     * @param trust the public key that signed it, or null when the runtime is given its key
     * @return this builder
     */
    public TopologyBuilder library(int id, Path file, Path trust) {
        libraries.add(new Topology.Library(id, Objects.requireNonNull(file, "file"), trust, null));
        return this;
    }

    /**
     * Adds a pipeline.
     *
     * @param id   its id
     * @param core its core
     * @return this builder
     */
    public TopologyBuilder pipeline(int id, int core) {
        pipelines.add(new Topology.Pipeline(id, core));
        return this;
    }

    /**
     * Adds an instance on the first pipeline and its core, with the manifest's heap and stack and
     * no init data.
     *
     * @param name    its name in connections and reports
     * @param type    the module type's name in its library
     * @param library the lib id, 0 for built-ins
     * @param domain  LL or DP
     * @param config  the configuration blob set after init, or null
     * @return this builder
     * @throws IllegalStateException if no pipeline was added yet
     */
    public TopologyBuilder module(String name, String type, int library, ProcDomain domain,
            byte[] config) {
        if (pipelines.isEmpty()) {
            throw new IllegalStateException("module \"" + name + "\": add a pipeline first");
        }
        final Topology.Pipeline p = pipelines.get(0);
        return module(new Topology.Module(name, type, library, p.id(), domain, p.core(), 0, 0,
                config == null ? null : config.clone(), new byte[0]));
    }

    /**
     * Adds an instance with every field given.
     *
     * @param module the instance
     * @return this builder
     */
    public TopologyBuilder module(Topology.Module module) {
        modules.add(Objects.requireNonNull(module, "module"));
        return this;
    }

    /**
     * Connects output pin 0 of {@code from} to input pin 0 of {@code to}.
     *
     * @param from the producer's name
     * @param to   the consumer's name
     * @return this builder
     */
    public TopologyBuilder connect(String from, String to) {
        return connect(from, 0, to, 0);
    }

    /**
     * Connects an output pin to an input pin.
     *
     * @param from    the producer's name
     * @param fromPin its output pin, 0..7
     * @param to      the consumer's name
     * @param toPin   its input pin, 0..7
     * @return this builder
     */
    public TopologyBuilder connect(String from, int fromPin, String to, int toPin) {
        connections.add(new Topology.Connection(connections.size() + 1, from, fromPin, to,
                toPin));
        return this;
    }

    /**
     * @return the topology
     * @throws TopologyException naming the entry, key and value of the first mistake
     */
    public Topology build() {
        return new Topology(label, format, libraries, pipelines, modules, connections);
    }
}
