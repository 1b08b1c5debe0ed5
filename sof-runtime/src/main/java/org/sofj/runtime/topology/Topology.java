package org.sofj.runtime.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.sofj.api.audio.AudioFormat;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * A validated topology: the libraries to load, the pipelines, the module instances and the
 * connections between their pins, in the order a host driver sends them. Read one from a TOML file
 * with {@link #read(Path)} (the format is {@code docs/topology.md}), build one in code with
 * {@link #builder(AudioFormat)}, and create it in a runtime with {@link Deployment#deploy}.
 *
 * <p>The constructor checks what ties the parts together (unique ids and names, every reference
 * resolves) and throws {@link TopologyException} naming the entry, key and value; the reader
 * checks each key's value before that, with the file in the message.
 *
 * @param file        the file it came from, for messages (a label such as {@code (code)} for one
 *                    built in code)
 * @param format      the audio format of every pipeline
 * @param libraries   libraries to load, in order
 * @param pipelines   pipelines to create, in order; at least one
 * @param modules     instances to create, in order
 * @param connections binds, in order
 */
public record Topology(Path file, AudioFormat format, List<Library> libraries,
        List<Pipeline> pipelines, List<Module> modules, List<Connection> connections) {

    /** The highest pin index a connection may name ({@code MODULE_MAX_CONNECTIONS} - 1). */
    public static final int MAX_PIN = 7;
    /** The highest pipeline id: IPC4's 8-bit {@code ppl_id}, 255 being INVALID_PIPELINE_ID. */
    static final int MAX_PIPELINE_ID = 254;
    /** The largest configuration blob a file may give: 1 MiB, far above any sample module's. */
    public static final int MAX_CONFIG_BYTES = 1 << 20;
    /**
     * The system property naming the directories (separated by the platform's path separator)
     * where {@code [[library]] name = "..."} is looked up; the installed {@code sofj} sets it.
     */
    public static final String LIBRARY_PATH_PROPERTY = "sofj.library.path";

    /**
     * Checks that ids and names are unique and that every reference resolves.
     *
     * @param file        the file it came from, for messages
     * @param format      the audio format of every pipeline
     * @param libraries   libraries to load, in order
     * @param pipelines   pipelines to create, in order; at least one
     * @param modules     instances to create, in order
     * @param connections binds, in order
     * @throws TopologyException naming the entry, key and value of the first mistake
     */
    public Topology {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(format, "format");
        libraries = List.copyOf(libraries);
        pipelines = List.copyOf(pipelines);
        modules = List.copyOf(modules);
        connections = List.copyOf(connections);
        if (pipelines.isEmpty()) {
            throw new TopologyException(file + ": no [[pipeline]]: a topology needs at least one");
        }
        final Set<Integer> libIds = new HashSet<>();
        for (Library l : libraries) {
            if (!libIds.add(l.id())) {
                throw new TopologyException(file + ": [[library]] id=" + l.id() + ": key \"id\" = "
                        + l.id() + ": is used twice");
            }
        }
        final Set<Integer> pipeIds = new HashSet<>();
        for (Pipeline p : pipelines) {
            if (p.id() < 0 || p.id() > MAX_PIPELINE_ID) {
                throw new TopologyException(file + ": [[pipeline]] id=" + p.id() + ": key \"id\" = "
                        + p.id() + ": must be an integer in [0, " + MAX_PIPELINE_ID
                        + "] (IPC4's ppl_id; 255 is IPC4_INVALID_PIPELINE_ID)");
            }
            if (!pipeIds.add(p.id())) {
                throw new TopologyException(file + ": [[pipeline]] id=" + p.id() + ": key \"id\" = "
                        + p.id() + ": is used twice");
            }
        }
        final Set<String> names = new HashSet<>();
        for (Module m : modules) {
            final String where = file + ": [[module]] \"" + m.name() + "\": ";
            if (!names.add(m.name())) {
                throw new TopologyException(where + "key \"name\" = \"" + m.name()
                        + "\": is used twice");
            }
            if (m.library() != 0 && !libIds.contains(m.library())) {
                throw new TopologyException(where + "key \"library\" = " + m.library()
                        + ": no [[library]] has this id");
            }
            if (!pipeIds.contains(m.pipeline())) {
                throw new TopologyException(where + "key \"pipeline\" = " + m.pipeline()
                        + ": no [[pipeline]] has this id");
            }
        }
        for (Connection c : connections) {
            final String where = file + ": [[connection]] #" + c.index() + ": ";
            if (!names.contains(c.from())) {
                throw new TopologyException(where + "key \"from\" = \"" + c.from() + ":"
                        + c.fromPin() + "\": no [[module]] is named \"" + c.from() + "\"");
            }
            if (!names.contains(c.to())) {
                throw new TopologyException(where + "key \"to\" = \"" + c.to() + ":" + c.toPin()
                        + "\": no [[module]] is named \"" + c.to() + "\"");
            }
            if (c.from().equals(c.to())) {
                // SOF's MOD_BIND refuses it (the runtime answers INVALID_REQUEST): say it by key
                throw new TopologyException(where + "key \"to\" = \"" + c.to() + ":" + c.toPin()
                        + "\": a module cannot be connected to itself");
            }
        }
        checkPins(file, connections);
    }

    /**
     * A module sees its connected outputs as {@code sinks[0..n-1]} and its inputs as
     * {@code sources[0..n-1]}, in pin order (SOF's {@code bsink_list}/{@code bsource_list}); a pin
     * number past the ones connected below it would silently become a lower index. So the pins of
     * each module are numbered from 0 without gaps: {@code from = "gain:3"} on a module with
     * nothing on pins 0 to 2 is refused, naming the connection, key and value.
     */
    private static void checkPins(Path file, List<Connection> connections) {
        final java.util.Map<String, java.util.BitSet> outs = new java.util.HashMap<>();
        final java.util.Map<String, java.util.BitSet> ins = new java.util.HashMap<>();
        final java.util.Map<String, Connection> pins = new java.util.HashMap<>();
        for (Connection c : connections) {
            // one buffer per pin: SOF's MOD_BIND refuses a second bind of a bound pin (the
            // runtime answers INVALID_RESOURCE_STATE, after the graph was half built): say it here
            pinOnce(file, c, "from", c.from(), c.fromPin(), "output", pins);
            pinOnce(file, c, "to", c.to(), c.toPin(), "input", pins);
            outs.computeIfAbsent(c.from(), k -> new java.util.BitSet()).set(c.fromPin());
            ins.computeIfAbsent(c.to(), k -> new java.util.BitSet()).set(c.toPin());
        }
        for (Connection c : connections) {
            pinGap(file, c, "from", c.from(), c.fromPin(), outs.get(c.from()), "output");
            pinGap(file, c, "to", c.to(), c.toPin(), ins.get(c.to()), "input");
        }
    }

    private static void pinOnce(Path file, Connection c, String key, String name, int pin,
            String side, java.util.Map<String, Connection> pins) {
        final Connection first = pins.putIfAbsent(side + " " + name + ":" + pin, c);
        if (first != null) {
            throw new TopologyException(file + ": [[connection]] #" + c.index() + ": key \"" + key
                    + "\" = \"" + name + ":" + pin + "\": " + side + " pin " + pin + " of " + name
                    + " is already connected by [[connection]] #" + first.index());
        }
    }

    private static void pinGap(Path file, Connection c, String key, String name, int pin,
            java.util.BitSet used, String side) {
        final int missing = used.nextClearBit(0);
        if (missing < pin) {
            throw new TopologyException(file + ": [[connection]] #" + c.index() + ": key \"" + key
                    + "\" = \"" + name + ":" + pin + "\": " + name + " has no " + side + " pin "
                    + missing + " connected; a module's pins count from 0 without gaps (it sees"
                    + " its connected " + side + "s as an array in pin order)");
        }
    }

    /**
     * Reads and validates a topology file. Relative paths in it are resolved against the file's
     * directory; {@code [[library]] name = "..."} is looked up in the directories of the
     * {@value #LIBRARY_PATH_PROPERTY} system property.
     *
     * @param file the TOML file
     * @return the topology
     * @throws TopologyException naming the file, the entry, the key and the value of the first
     *     mistake
     */
    public static Topology read(Path file) {
        return read(file, libraryPath());
    }

    /**
     * As {@link #read(Path)}, with the directories where {@code [[library]] name = "..."} is
     * looked up given.
     *
     * @param file        the TOML file
     * @param libraryPath directories holding {@code <name>.sofjlib} and its {@code <name>.pub},
     *                    searched in order
     * @return the topology
     * @throws TopologyException naming the file, the entry, the key and the value of the first
     *     mistake
     */
    public static Topology read(Path file, List<Path> libraryPath) {
        return new TopologyReader(Objects.requireNonNull(file, "file"),
                List.copyOf(libraryPath)).parse();
    }

    /**
     * @return the directories of the {@value #LIBRARY_PATH_PROPERTY} system property, in order;
     *     empty when it is not set
     */
    public static List<Path> libraryPath() {
        final String p = System.getProperty(LIBRARY_PATH_PROPERTY, "");
        final List<Path> out = new ArrayList<>();
        for (String s : p.split(java.io.File.pathSeparator)) {
            if (!s.isBlank()) {
                out.add(Path.of(s));
            }
        }
        return out;
    }

    /**
     * Starts a topology built in code.
     *
     * @param format the audio format of every pipeline
     * @return a builder
     */
    public static TopologyBuilder builder(AudioFormat format) {
        return new TopologyBuilder(format);
    }

    /**
     * A library to load.
     *
     * @param id    its lib id, 1..15
     * @param file  a packed library, or null when {@code jar} is given
     * @param trust the public key ({@code .pub}) that signed {@code file}, or null
     * @param jar   a plugin jar the caller packs and signs before deploying (the {@code sofj}
     *              command does it with a throwaway key), or null
     */
    public record Library(int id, Path file, Path trust, Path jar) {
        /**
         * Checks the id and that exactly one of {@code file} and {@code jar} is given.
         *
         * @param id    its lib id, 1..15
         * @param file  a packed library, or null when {@code jar} is given
         * @param trust the public key that signed {@code file}, or null
         * @param jar   a plugin jar the caller packs before deploying, or null
         * @throws IllegalArgumentException if {@code id} is outside 1..15 or neither or both of
         *     {@code file} and {@code jar} are given
         */
        public Library {
            if (id < 1 || id > 15) {
                throw new IllegalArgumentException("id=" + id + " must be in [1, 15]");
            }
            if ((file == null) == (jar == null)) {
                throw new IllegalArgumentException("library id=" + id + ": give either file="
                        + file + " or jar=" + jar + ", not both or neither");
            }
        }
    }

    /**
     * A pipeline.
     *
     * @param id   its id, 0..65535
     * @param core its core
     */
    public record Pipeline(int id, int core) {
        /**
         * Checks the ranges.
         *
         * @param id   its id, 0..65535
         * @param core its core, 0 or more
         * @throws IllegalArgumentException if the id or the core is negative or too large
         */
        public Pipeline {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("pipeline id=" + id + " must be in [0, 65535]");
            }
            if (core < 0) {
                throw new IllegalArgumentException("pipeline id=" + id + ": core=" + core
                        + " must be >= 0");
            }
        }
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
    public record Module(String name, String type, int library, int pipeline, ProcDomain domain,
            int core, long heapBytes, long stackBytes, byte[] config, byte[] initData,
            long allocationBudget) {
        /**
         * Checks names and ranges.
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
         * @param allocationBudget the Java heap bytes a user-mode instance may allocate, 0 for
         *                   the runtime's budget
         * @throws IllegalArgumentException if a name is empty or a number is out of range
         */
        public Module {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(domain, "domain");
            Objects.requireNonNull(initData, "initData");
            if (name.isEmpty() || type.isEmpty()) {
                throw new IllegalArgumentException("module name=\"" + name + "\" type=\"" + type
                        + "\": neither may be empty");
            }
            if (library < 0 || library > 15 || core < 0 || heapBytes < 0 || stackBytes < 0
                    || allocationBudget < 0) {
                throw new IllegalArgumentException("module \"" + name + "\": library=" + library
                        + " core=" + core + " heapBytes=" + heapBytes + " stackBytes="
                        + stackBytes + " allocationBudget=" + allocationBudget + ": out of range");
            }
        }

        /**
         * A module with the runtime's allocation budget.
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
         */
        public Module(String name, String type, int library, int pipeline, ProcDomain domain,
                int core, long heapBytes, long stackBytes, byte[] config, byte[] initData) {
            this(name, type, library, pipeline, domain, core, heapBytes, stackBytes, config,
                    initData, 0);
        }
    }

    /**
     * A bind from an output pin to an input pin.
     *
     * @param index   its position among the connections, from 1, for messages
     * @param from    the producer's name
     * @param fromPin its output pin, 0..{@value Topology#MAX_PIN}
     * @param to      the consumer's name
     * @param toPin   its input pin, 0..{@value Topology#MAX_PIN}
     */
    public record Connection(int index, String from, int fromPin, String to, int toPin) {
        /**
         * Checks the pins.
         *
         * @param index   its position among the connections, from 1
         * @param from    the producer's name
         * @param fromPin its output pin, 0..7
         * @param to      the consumer's name
         * @param toPin   its input pin, 0..7
         * @throws IllegalArgumentException if a pin is outside 0..7
         */
        public Connection {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            if (fromPin < 0 || fromPin > MAX_PIN || toPin < 0 || toPin > MAX_PIN) {
                throw new IllegalArgumentException("connection #" + index + ": fromPin="
                        + fromPin + " toPin=" + toPin + " must be in [0, " + MAX_PIN + "]");
            }
        }
    }

    /** @return the simulated cores the runtime needs: one more than the highest core used */
    public int cores() {
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
     * @throws IllegalArgumentException if no instance has that name
     */
    public Module module(String name) {
        for (Module m : modules) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("name=" + name);
    }

    /**
     * @return the public keys ({@code trust}) of the libraries given as packed files, in order,
     *     for {@code SofRuntimeBuilder.trustedKeys} (read them with sof-llext's
     *     {@code LibraryKeys.trustedKeys})
     */
    public List<Path> trustFiles() {
        final List<Path> out = new ArrayList<>();
        for (Library l : libraries) {
            if (l.trust() != null) {
                out.add(l.trust());
            }
        }
        return out;
    }
}
