package org.sofj.runtime.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleDescription;
import org.sofj.api.SofException;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;

/**
 * A {@link Topology} created in a runtime, as a host driver creates one: load the libraries,
 * create each pipeline and complete it (RESET), create each instance with a one-tick period of
 * the topology's format and send its configuration, bind the connections, then set every pipeline
 * RUNNING. A virtual-clock runtime then runs nothing until ticked, a wall-clock one nothing until
 * {@link SofRuntime#start()}.
 *
 * <p>A refused step is a {@link TopologyException} naming the topology entry, and undoes what this
 * deployment did (its pipelines, with their instances, are deleted and its libraries unloaded),
 * so the runtime is as it was.
 *
 * <p>Not thread-safe; deploy from the thread that controls the runtime.
 */
public final class Deployment {
    private final Topology topology;
    private final Map<String, Integer> components = new LinkedHashMap<>();
    /** Each instance's module type, by instance name. */
    private final Map<String, ModuleDescription> types = new HashMap<>();
    private final Map<Integer, List<String>> libraryModules = new HashMap<>();

    private Deployment(Topology topology) {
        this.topology = topology;
    }

    /**
     * Called after a pipeline is created and completed, before any instance of the topology is
     * created: the place to add instances of one's own at the head of the pipeline (the
     * {@code sofj} command adds its tick probe there).
     */
    @FunctionalInterface
    public interface PipelineListener {
        /**
         * @param pipeline the pipeline just created
         */
        void created(Topology.Pipeline pipeline);
    }

    /** What a deployment needs beyond the topology; every option has a default. */
    public static final class Options {
        private final Map<Integer, Path> libraryFiles = new HashMap<>();
        private final Set<String> builtIns = new TreeSet<>();
        private PipelineListener listener = p -> { };

        /** Options with every default: no library files, no built-in names, no listener. */
        public Options() {
        }

        /**
         * Gives the packed library to load for a {@code [[library]]} entry, instead of its
         * {@code file}: what a {@code jar} entry needs (its caller packs and signs the jar).
         *
         * @param id   the lib id
         * @param file the packed library
         * @return these options
         */
        public Options libraryFile(int id, Path file) {
            libraryFiles.put(id, Objects.requireNonNull(file, "file"));
            return this;
        }

        /**
         * Names the built-in module types (library 0), for the message that lists them when a
         * topology asks for one that does not exist.
         *
         * @param names the names
         * @return these options
         */
        public Options builtIns(Collection<String> names) {
            builtIns.addAll(names);
            return this;
        }

        /**
         * @param onPipeline called after each pipeline is created
         * @return these options
         */
        public Options onPipeline(PipelineListener onPipeline) {
            this.listener = Objects.requireNonNull(onPipeline, "onPipeline");
            return this;
        }
    }

    /**
     * Deploys a topology whose libraries are packed files, with default options.
     *
     * @param runtime  the runtime, built with the libraries' keys trusted and with the cores the
     *                 topology uses ({@link Topology#cores()})
     * @param topology the topology
     * @return the deployment: the instances' component ids by name
     * @throws TopologyException naming the entry that was refused; the runtime is as it was
     */
    public static Deployment deploy(SofRuntime runtime, Topology topology) {
        return deploy(runtime, topology, new Options());
    }

    /**
     * Deploys a topology.
     *
     * @param runtime  the runtime, built with the libraries' keys trusted and with the cores the
     *                 topology uses ({@link Topology#cores()})
     * @param topology the topology
     * @param options  library files, built-in names, a pipeline listener
     * @return the deployment: the instances' component ids by name
     * @throws TopologyException naming the entry that was refused; the runtime is as it was
     */
    public static Deployment deploy(SofRuntime runtime, Topology topology, Options options) {
        Objects.requireNonNull(runtime, "runtime");
        final Deployment d = new Deployment(Objects.requireNonNull(topology, "topology"));
        final List<Integer> libs = new ArrayList<>();
        final List<Integer> pipes = new ArrayList<>();
        try {
            d.build(runtime, options, libs, pipes);
            return d;
        } catch (RuntimeException e) {
            undo(runtime, libs, pipes, e);
            throw e;
        }
    }

    private void build(SofRuntime runtime, Options options, List<Integer> libs,
            List<Integer> pipes) {
        for (Topology.Library lib : topology.libraries()) {
            final Path file = options.libraryFiles.getOrDefault(lib.id(), lib.file());
            if (file == null) {
                throw new TopologyException(topology.file() + ": [[library]] id=" + lib.id()
                        + ": key \"jar\" = \"" + lib.jar() + "\": pack it first and pass the "
                        + "packed file (Deployment.Options.libraryFile)");
            }
            try {
                libraryModules.put(lib.id(), List.copyOf(runtime.loadLibrary(lib.id(), file)));
            } catch (SofException | IllegalArgumentException ex) {
                throw new TopologyException(topology.file() + ": [[library]] id=" + lib.id()
                        + ": refused: " + ex.getMessage());
            }
            libs.add(lib.id());
        }
        for (Topology.Pipeline p : topology.pipelines()) {
            try {
                runtime.createPipeline(p.id(), p.core());
                pipes.add(p.id());
                runtime.setPipelineState(p.id(), PipelineState.RESET); // completes it, as SOF needs
            } catch (SofException | IllegalArgumentException ex) {
                throw new TopologyException(topology.file() + ": [[pipeline]] id=" + p.id()
                        + ": refused: " + ex.getMessage());
            }
            options.listener.created(p);
        }
        final int periodBytes = topology.format().periodBytes(
                SchedulerConfig.DEFAULT_PERIOD_MICROS);
        final Map<String, Integer> nextInstance = new HashMap<>();
        for (Topology.Module m : topology.modules()) {
            final String where = topology.file() + ": [[module]] \"" + m.name() + "\"";
            final int moduleId = moduleId(runtime, m, where, options.builtIns);
            final int instance = nextInstance.merge(m.library() + "/" + m.type(), 1,
                    Integer::sum) - 1;
            final int id;
            try {
                id = runtime.initInstance(new InstanceSpec(moduleId, instance, m.core(),
                        m.pipeline(), m.domain(), new BaseConfig(0, periodBytes, periodBytes, 0, 0,
                                topology.format()), m.initData(), m.heapBytes(), m.stackBytes(),
                        m.allocationBudget()));
            } catch (SofException | IllegalArgumentException ex) {
                throw new TopologyException(where + ": refused: " + ex.getMessage());
            }
            components.put(m.name(), id);
            types.put(m.name(), runtime.moduleDescription(moduleId));
            if (m.config() != null) {
                try {
                    runtime.setConfiguration(id, 0, m.config());
                } catch (SofException | IllegalArgumentException ex) {
                    throw new TopologyException(where + ": config refused: " + ex.getMessage());
                }
            }
        }
        for (Topology.Connection c : topology.connections()) {
            checkPin(c, "from", c.from(), c.fromPin(), true);
            checkPin(c, "to", c.to(), c.toPin(), false);
        }
        for (Topology.Connection c : topology.connections()) {
            try {
                runtime.bind(components.get(c.from()), c.fromPin(), components.get(c.to()),
                        c.toPin());
            } catch (SofException | IllegalArgumentException ex) {
                throw new TopologyException(topology.file() + ": [[connection]] #" + c.index()
                        + " " + c.from() + ":" + c.fromPin() + " -> " + c.to() + ":" + c.toPin()
                        + ": refused: " + ex.getMessage());
            }
        }
        for (Topology.Pipeline p : topology.pipelines()) {
            try {
                runtime.setPipelineState(p.id(), PipelineState.RUNNING);
            } catch (SofException ex) {
                throw new TopologyException(topology.file() + ": [[pipeline]] id=" + p.id()
                        + ": cannot start: " + ex.getMessage());
            }
        }
    }

    /**
     * The bind's own pin rule ({@link ModuleDescription#hasPin}), asked before any bind so the
     * refusal names the topology's key and value.
     */
    private void checkPin(Topology.Connection c, String key, String name, int pin,
            boolean output) {
        final ModuleDescription d = types.get(name);
        if (!d.hasPin(output, pin)) {
            throw new TopologyException(topology.file() + ": [[connection]] #" + c.index()
                    + ": key \"" + key + "\" = \"" + name + ":" + pin + "\": " + name + " has "
                    + d.pinsText(output) + ", as its module type " + d.name() + " declares");
        }
    }

    private int moduleId(SofRuntime runtime, Topology.Module m, String where,
            Set<String> builtIns) {
        final List<String> known = m.library() == 0 ? null : libraryModules.get(m.library());
        if (known == null || known.contains(m.type())) {
            try {
                return runtime.moduleId(m.library(), m.type());
            } catch (IllegalArgumentException | SofException ex) {
                // not a module of that library: the message below names what there is
            }
        }
        final List<String> names = new ArrayList<>(known == null ? builtIns : known);
        names.sort(null);
        throw new TopologyException(where + ": key \"type\" = \"" + m.type() + "\": library "
                + m.library() + " has no such module" + (names.isEmpty() ? ""
                        : " (it has: " + String.join(", ", names) + ")"));
    }

    /** Deletes what a failed deployment made, newest first; what cannot be undone is suppressed. */
    private static void undo(SofRuntime runtime, List<Integer> libs, List<Integer> pipes,
            RuntimeException failure) {
        for (int i = pipes.size() - 1; i >= 0; i--) {
            try {
                runtime.setPipelineState(pipes.get(i), PipelineState.RESET);
            } catch (RuntimeException e) {
                // already RESET (a failed start resets the pipeline): deleting it is what counts
            }
            try {
                runtime.deletePipeline(pipes.get(i));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        for (int i = libs.size() - 1; i >= 0; i--) {
            try {
                runtime.unloadLibrary(libs.get(i));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** @return the topology this deployment created */
    public Topology topology() {
        return topology;
    }

    /**
     * @param name an instance name of the topology
     * @return its component id, for {@link SofRuntime#report}, host ports and configuration calls
     * @throws IllegalArgumentException if the topology has no instance of that name
     */
    public int component(String name) {
        final Integer id = components.get(name);
        if (id == null) {
            throw new IllegalArgumentException("name=" + name + ": no instance of that name (have "
                    + components.keySet() + ")");
        }
        return id;
    }

    /** @return every instance's component id by name, in topology order (a read-only view) */
    public Map<String, Integer> components() {
        return java.util.Collections.unmodifiableMap(components);
    }

    /**
     * @param libId a lib id of the topology
     * @return the module type names its library offers, in entry order; empty for another id
     */
    public List<String> libraryModules(int libId) {
        return libraryModules.getOrDefault(libId, List.of());
    }
}
