package org.sofj.cli.internal;

import java.nio.file.Path;
import java.util.List;

import org.sofj.api.audio.AudioFormat;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A parsed, validated topology file: what {@code sofj run} turns into runtime calls. The format is
 * described in {@code docs/topology.md}.
 *
 * @param file        the file it came from, for messages
 * @param format      the audio format of every pipeline
 * @param libraries   libraries to load, in order
 * @param pipelines   pipelines to create, in order
 * @param modules     instances to create, in order
 * @param connections binds, in order
 */
record Topology(Path file, AudioFormat format, List<Library> libraries, List<Pipeline> pipelines,
        List<Module> modules, List<Connection> connections) {

    /**
     * A library.
     *
     * @param id    its lib id, 1..15
     * @param file  a packed library, or null when {@code jar} is given
     * @param trust the public key that signed {@code file}, or null
     * @param jar   a plugin jar packed and signed on the fly with a throwaway key, or null
     */
    record Library(int id, Path file, Path trust, Path jar) {
    }

    /**
     * A pipeline.
     *
     * @param id   its id
     * @param core its core
     */
    record Pipeline(int id, int core) {
    }

    /**
     * A module instance.
     *
     * @param name       its name in connections and reports
     * @param type       the module type's name
     * @param library    the lib id, 0 for built-ins
     * @param pipeline   the pipeline id
     * @param domain     LL or DP
     * @param core       its core
     * @param heapBytes  the driver heap asked for, 0 for the manifest's
     * @param stackBytes the DP stack asked for, 0 for the manifest's
     * @param config     the configuration blob set after init, or null
     * @param initData   the init parameters, or an empty array
     * @param allocationBudget the Java heap bytes a user-mode instance may allocate over its
     *                   life, 0 for the runtime's budget
     */
    record Module(String name, String type, int library, int pipeline, ProcDomain domain,
            int core, long heapBytes, long stackBytes, byte[] config, byte[] initData,
            long allocationBudget) {

        /** A module with the runtime's allocation budget. */
        Module(String name, String type, int library, int pipeline, ProcDomain domain,
                int core, long heapBytes, long stackBytes, byte[] config, byte[] initData) {
            this(name, type, library, pipeline, domain, core, heapBytes, stackBytes, config,
                    initData, 0);
        }
    }

    /**
     * A bind from an output pin to an input pin.
     *
     * @param index    its position among the connections, from 1, for messages
     * @param from     the producer's name
     * @param fromPin  its output pin
     * @param to       the consumer's name
     * @param toPin    its input pin
     */
    record Connection(int index, String from, int fromPin, String to, int toPin) {
    }

    /** @return the simulated cores the runtime needs: one more than the highest core used */
    int cores() {
        int max = 0;
        for (Pipeline p : pipelines) {
            max = Math.max(max, p.core());
        }
        for (Module m : modules) {
            max = Math.max(max, m.core());
        }
        return max + 1;
    }

    /**
     * @param name an instance name
     * @return the instance
     */
    Module module(String name) {
        for (Module m : modules) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("name=" + name);
    }
}
