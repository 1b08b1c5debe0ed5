package org.sofj.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.sofj.api.BaseConfig;
import org.sofj.api.SofException;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.llext.LibraryKeys;
import org.sofj.llext.LibraryPacker;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.SofRuntimeBuilder;
import org.sofj.runtime.host.HostEndpoints;
import org.sofj.runtime.ProxyVariant;
import org.sofj.runtime.ipc.PipelineState;

/**
 * A topology turned into runtime calls, as a host driver does: load the libraries, create the
 * pipelines, create each instance (after a {@link TickProbe} at the head of every pipeline) and
 * send its configuration, bind, and set every pipeline RUNNING. A refused request becomes a
 * {@link CliException} naming the topology entry. Close it to release the runtime.
 */
final class Session implements AutoCloseable {
    final Topology topology;
    final SofRuntime runtime;
    final HostEndpoints endpoints;
    final TickProbe probe;
    /** Instance name to component id, in topology order. */
    final Map<String, Integer> components = new LinkedHashMap<>();
    /** Pipeline id to its probe's component id. */
    final Map<Integer, Integer> probes = new LinkedHashMap<>();
    final int periodBytes;
    private final List<Path> scratch;
    private final Set<String> builtIns = new HashSet<>();
    private final Map<Integer, List<String>> libraryModules = new HashMap<>();
    private final Map<String, Integer> nextInstance = new HashMap<>();

    private Session(Topology topology, SofRuntime runtime, HostEndpoints endpoints,
            TickProbe probe, List<Path> scratch) {
        this.topology = topology;
        this.runtime = runtime;
        this.endpoints = endpoints;
        this.probe = probe;
        this.scratch = scratch;
        this.periodBytes = topology.format().periodBytes(SchedulerConfig.DEFAULT_PERIOD_MICROS);
    }

    /**
     * Builds the runtime and the topology in it and sets the pipelines RUNNING (a virtual clock
     * runs nothing until ticked; a wall clock runs nothing until {@link SofRuntime#start}).
     *
     * @param t        the topology
     * @param clock    virtual or wall
     * @param maxTicks ticks the probes record at most
     * @param extra    further built-in providers (library 0), e.g. kernel copies for bench
     * @return the session
     * @throws CliException if a library, instance, configuration or bind is refused
     */
    static Session open(Topology t, SchedulerConfig.Clock clock, int maxTicks,
            List<ModuleProvider> extra) {
        return open(t, clock, maxTicks, extra, ProxyVariant.SHARED_WORKER);
    }

    /**
     * As {@link #open(Topology, SchedulerConfig.Clock, int, List)}, with a proxy variant.
     *
     * @param proxy the userspace proxy variant for user-mode instances
     * @return the session
     */
    static Session open(Topology t, SchedulerConfig.Clock clock, int maxTicks,
            List<ModuleProvider> extra, ProxyVariant proxy) {
        final List<Path> scratch = new ArrayList<>();
        final Map<Integer, Path> files = new LinkedHashMap<>();
        final Set<PublicKey> keys = new HashSet<>();
        final Session s;
        try {
            for (Topology.Library lib : t.libraries()) {
                files.put(lib.id(), libraryFile(t, lib, keys, scratch));
            }
            final TickProbe probe = new TickProbe(maxTicks, System::nanoTime);
            final HostEndpoints ep = new HostEndpoints();
            // the runtime's default proxy timeout (1 s), not SOF's 5 ms: a fresh JVM loads and
            // links a module's classes during its first proxied call
            final SofRuntimeBuilder b = SofRuntime.builder().clock(clock).cores(t.cores())
                    .trustedKeys(keys)
                    .proxyVariant(proxy).builtIn(probe).builtIn(ep);
            extra.forEach(b::builtIn);
            s = new Session(t, b.build(), ep, probe, scratch);
        } catch (RuntimeException e) {
            scratch.forEach(Session::delete);
            throw e;
        }
        try {
            s.builtIns.add(TickProbe.NAME);
            s.builtIns.addAll(s.endpoints.moduleNames());
            extra.forEach(p -> s.builtIns.addAll(p.moduleNames()));
            s.build(files);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static Path libraryFile(Topology t, Topology.Library lib, Set<PublicKey> keys,
            List<Path> scratch) {
        final String where = t.file() + ": [[library]] id=" + lib.id();
        if (lib.file() != null) {
            if (!Files.isRegularFile(lib.file())) {
                throw new CliException(where + ": file " + lib.file() + " does not exist"
                        + hint(lib.file()));
            }
            if (!Files.isRegularFile(lib.trust())) {
                throw new CliException(where + ": trust " + lib.trust() + " does not exist"
                        + hint(lib.trust()));
            }
            keys.add(LibraryKeys.readPublicKey(lib.trust()));
            return lib.file();
        }
        if (!Files.isRegularFile(lib.jar())) {
            throw new CliException(where + ": jar " + lib.jar() + " does not exist");
        }
        try {
            final KeyPair throwaway = LibraryKeys.generate();
            final Path out = Files.createTempFile("sofj-", ".sofjlib");
            scratch.add(out);
            LibraryPacker.pack(lib.jar(), throwaway, out);
            keys.add(throwaway.getPublic());
            return out;
        } catch (IOException e) {
            throw new CliException(where + ": cannot pack " + lib.jar() + ": " + e.getMessage());
        } catch (SofException e) {
            throw new CliException(where + ": cannot pack " + lib.jar() + ": " + e.getMessage());
        }
    }

    private static String hint(Path p) {
        return p.toString().contains("target/sofj")
                ? " (the ./sofj launcher makes it on its first run)" : "";
    }

    private void build(Map<Integer, Path> files) {
        for (Map.Entry<Integer, Path> e : files.entrySet()) {
            try {
                libraryModules.put(e.getKey(), runtime.loadLibrary(e.getKey(), e.getValue()));
            } catch (SofException ex) {
                throw new CliException(topology.file() + ": [[library]] id=" + e.getKey()
                        + ": refused: " + ex.getMessage());
            }
        }
        for (Topology.Pipeline p : topology.pipelines()) {
            runtime.createPipeline(p.id(), p.core());
            runtime.setPipelineState(p.id(), PipelineState.RESET); // completes it, as SOF needs
            probes.put(p.id(), create(TickProbe.NAME, 0, p.id(), p.core(), org.sofj.runtime.ipc
                    .ProcDomain.LL, 0, 0, 0, new byte[0], "probe of pipeline " + p.id()));
        }
        for (Topology.Module m : topology.modules()) {
            final String where = topology.file() + ": [[module]] \"" + m.name() + "\"";
            checkType(m, where);
            final int id = create(m.type(), m.library(), m.pipeline(), m.core(), m.domain(),
                    m.heapBytes(), m.stackBytes(), m.allocationBudget(), m.initData(), where);
            components.put(m.name(), id);
            if (m.config() != null) {
                try {
                    runtime.setConfiguration(id, 0, m.config());
                } catch (SofException | IllegalArgumentException ex) {
                    throw new CliException(where + ": config refused: " + ex.getMessage());
                }
            }
        }
        for (Topology.Connection c : topology.connections()) {
            try {
                runtime.bind(components.get(c.from()), c.fromPin(), components.get(c.to()),
                        c.toPin());
            } catch (SofException ex) {
                throw new CliException(topology.file() + ": [[connection]] #" + c.index() + " "
                        + c.from() + ":" + c.fromPin() + " -> " + c.to() + ":" + c.toPin()
                        + ": refused: " + ex.getMessage());
            }
        }
        for (Topology.Pipeline p : topology.pipelines()) {
            try {
                runtime.setPipelineState(p.id(), PipelineState.RUNNING);
            } catch (SofException ex) {
                throw new CliException(topology.file() + ": [[pipeline]] id=" + p.id()
                        + ": cannot start: " + ex.getMessage());
            }
        }
    }

    private void checkType(Topology.Module m, String where) {
        final java.util.Collection<String> known = m.library() == 0 ? builtIns
                : libraryModules.get(m.library());
        if (!known.contains(m.type()) || TickProbe.NAME.equals(m.type())) {
            final List<String> names = new ArrayList<>(known);
            names.remove(TickProbe.NAME);
            names.sort(null);
            throw new CliException(where + ": key \"type\" = \"" + m.type()
                    + "\": library " + m.library() + " has no such module (it has: "
                    + String.join(", ", names) + ")");
        }
    }

    private int create(String type, int lib, int pipeline, int core,
            org.sofj.runtime.ipc.ProcDomain domain, long heap, long stack, long budget,
            byte[] init, String where) {
        final int instance = nextInstance.merge(lib + "/" + type, 1, Integer::sum) - 1;
        try {
            return runtime.initInstance(new InstanceSpec(runtime.moduleId(lib, type), instance,
                    core, pipeline, domain, new BaseConfig(0, periodBytes, periodBytes, 0, 0,
                            topology.format()), init, heap, stack, budget));
        } catch (SofException | IllegalArgumentException ex) {
            throw new CliException(where + ": refused: " + ex.getMessage());
        }
    }

    /** @return the instance names whose type is {@code type}, in topology order */
    List<String> named(String type) {
        final List<String> out = new ArrayList<>();
        for (Topology.Module m : topology.modules()) {
            if (m.library() == 0 && m.type().equals(type)) {
                out.add(m.name());
            }
        }
        return out;
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file the OS cleans up; nothing the user can do about it
            p.toFile().deleteOnExit();
        }
    }

    @Override
    public void close() {
        try {
            runtime.close();
        } finally {
            scratch.forEach(Session::delete);
        }
    }
}
