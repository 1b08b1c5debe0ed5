package org.sofj.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
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
import org.sofj.runtime.ipc.ProcDomain;
import org.sofj.runtime.topology.Deployment;
import org.sofj.runtime.topology.Topology;
import org.sofj.runtime.topology.TopologyException;

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
        return open(t, clock, maxTicks, extra, ProxyVariant.SHARED_WORKER, null, 0);
    }

    /**
     * As {@link #open(Topology, SchedulerConfig.Clock, int, List)}, with a proxy variant and a
     * DP margin.
     *
     * @param proxy    the userspace proxy variant for user-mode instances
     * @param dpMargin periods primed into each DP output ({@link SofRuntimeBuilder#dpMargin}),
     *                 or null for the runtime's default
     * @param rtPriority wall clock: SCHED_FIFO priority asked for the tick threads
     *                 ({@link SofRuntimeBuilder#realtimePriority}), 0 for none
     * @return the session
     */
    static Session open(Topology t, SchedulerConfig.Clock clock, int maxTicks,
            List<ModuleProvider> extra, ProxyVariant proxy, Integer dpMargin, int rtPriority) {
        final List<Path> scratch = new ArrayList<>();
        final Map<Integer, Path> files = new LinkedHashMap<>();
        final Set<PublicKey> keys = new HashSet<>();
        final Session s;
        try {
            for (Topology.Library lib : t.libraries()) {
                files.put(lib.id(), libraryFile(t, lib, keys, scratch));
            }
            final TickProbe probe = new TickProbe(maxTicks, System::nanoTime);
            // virtual clock: the runner drains every tick and feeds at most its lead ahead, so a
            // port of a little more than the lead suffices, and a ring that small stays in the
            // cache (the default second of audio is for the wall clock's polls)
            final HostEndpoints ep = clock == SchedulerConfig.Clock.VIRTUAL
                    ? new HostEndpoints((Runner.LEAD_PERIODS + 2)
                            * t.format().periodBytes(SchedulerConfig.DEFAULT_PERIOD_MICROS))
                    : new HostEndpoints();
            // the runtime's default proxy timeout (1 s), not SOF's 5 ms: a fresh JVM loads and
            // links a module's classes during its first proxied call
            final SofRuntimeBuilder b = SofRuntime.builder().clock(clock).cores(t.cores())
                    .trustedKeys(keys)
                    .proxyVariant(proxy).builtIn(probe).builtIn(ep);
            extra.forEach(b::builtIn);
            if (dpMargin != null) {
                b.dpMargin(dpMargin);
            }
            if (clock == SchedulerConfig.Clock.WALL && rtPriority != 0) {
                b.realtimePriority(rtPriority);
            }
            s = new Session(t, b.build(), ep, probe, scratch);
            probe.deadlines(s.runtime::tickDeadline);
            probe.tickStarts(s.runtime::tickStart);
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
        for (Topology.Module m : topology.modules()) {
            if (TickProbe.NAME.equals(m.type()) && m.library() == 0) {
                final List<String> names = new ArrayList<>(builtIns);
                names.remove(TickProbe.NAME);
                names.sort(null);
                throw new CliException(topology.file() + ": [[module]] \"" + m.name()
                        + "\": key \"type\" = \"" + m.type() + "\": library 0 has no such "
                        + "module (it has: " + String.join(", ", names) + ")");
            }
        }
        final Deployment.Options options = new Deployment.Options()
                .builtIns(builtIns.stream().filter(n -> !TickProbe.NAME.equals(n)).toList())
                .onPipeline(p -> probes.put(p.id(), probe(p)));
        files.forEach(options::libraryFile);
        try {
            components.putAll(Deployment.deploy(runtime, topology, options).components());
        } catch (TopologyException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** The tick probe at the head of a pipeline, created before the topology's instances. */
    private int probe(Topology.Pipeline p) {
        final int instance = probes.size();
        try {
            return runtime.initInstance(new InstanceSpec(runtime.moduleId(0, TickProbe.NAME),
                    instance, p.core(), p.id(), ProcDomain.LL, new BaseConfig(0, periodBytes,
                            periodBytes, 0, 0, topology.format()), new byte[0], 0, 0));
        } catch (SofException | IllegalArgumentException ex) {
            throw new CliException(topology.file() + ": probe of pipeline " + p.id()
                    + ": refused: " + ex.getMessage());
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
