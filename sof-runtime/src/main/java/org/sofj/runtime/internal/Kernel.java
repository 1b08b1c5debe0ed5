package org.sofj.runtime.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.LibraryLoadException;
import org.sofj.api.ModuleIds;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.LibraryLoaderProvider;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SharingPolicy;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.PipelineState;

/**
 * The kernel: owns the memory system, audio engine, scheduler and library loader (found with
 * {@link ServiceLoader}), the tables of libraries, drivers, pipelines and instances, and the one
 * IPC thread that serialises every request. Each request either completes or changes nothing.
 */
public final class Kernel implements SofRuntime {
    private static final System.Logger LOG = System.getLogger("org.sofj.runtime");
    private static final long IPC_WAIT_SECONDS = 60;
    /** The least time the kernel waits for a DP run at a tick boundary: a slow period on a loaded host. */
    private static final long HOLD_FLOOR_NANOS = 1_000_000_000L;

    private final RuntimeOptions options;
    final MemorySystem memory;
    final AudioEngine engine;
    final Scheduler scheduler;
    final LibraryLoader loader;
    final UserWorker worker;
    final Calls calls;
    final Map<Integer, LibraryLoader.Library> libraries = new LinkedHashMap<>();
    final Map<Integer, Driver> drivers = new LinkedHashMap<>();
    final Map<Integer, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<Integer, Component> components = new LinkedHashMap<>();
    /** The bounded event history; guarded by this kernel's monitor. */
    private final java.util.ArrayDeque<RuntimeEvent> events = new java.util.ArrayDeque<>();
    private long droppedEvents;
    private final ExecutorService ipcThread;
    private final Instances instances;
    private final Binder binder;
    private final Pipelines pipelineOps;
    private final IpcDispatcher dispatcher;
    private volatile boolean closed;
    private volatile long writtenOff;

    /**
     * Creates the kernel. Called by the builder only.
     *
     * @param options validated options
     */
    public Kernel(RuntimeOptions options) {
        this.options = options;
        this.memory = find(MemorySystemProvider.class).create(options.layout());
        try {
            this.engine = find(AudioEngineProvider.class).create(memory);
            this.scheduler = engine.newScheduler(new SchedulerConfig(options.clock(),
                    options.cores(), SchedulerConfig.DEFAULT_PERIOD_MICROS, options.nanoTime()));
            this.loader = ServiceLoader.load(LibraryLoaderProvider.class).findFirst()
                    .map(p -> p.create(memory, options.trustedKeys())).orElse(null);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        if (options.sharing() == SharingPolicy.SOF_COMPATIBLE) {
            memory.mapGlobally(memory.map().region("shared-buffer-heap"));
        }
        this.worker = new UserWorker(memory, options.nanoTime(),
                options.proxyTimeout().toNanos());
        this.calls = new Calls(this, worker, memory.access(), memory.map().region("hostbox"),
                memory.map().region("reply-buffer"));
        this.instances = new Instances(this);
        this.binder = new Binder(this);
        this.pipelineOps = new Pipelines(this);
        this.dispatcher = new IpcDispatcher(this, (int) calls.hostboxSize());
        this.ipcThread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "sofj-ipc");
            t.setDaemon(true);
            return t;
        });
        instances.registerBuiltIns(options.builtIns());
    }

    private static <T> T find(Class<T> spi) {
        return ServiceLoader.load(spi).findFirst().orElseThrow(() -> new IllegalStateException(
                "no " + spi.getSimpleName() + " found: put the sofj implementation modules "
                        + "(sof-mmu, sof-audio-lowlatency, sof-llext) on the module path"));
    }

    Binder binder() {
        return binder;
    }

    Pipelines pipelineOps() {
        return pipelineOps;
    }

    @Override
    public org.sofj.runtime.ipc.Ipc4Frame ipc(org.sofj.runtime.ipc.Ipc4Frame request) {
        return dispatcher.handle(request);
    }

    @Override
    public void stageLibrary(int dmaId, Path file) {
        dispatcher.stage(dmaId, file);
    }

    @Override
    public int moduleId(int libId, String name) {
        return ipc(() -> instances.moduleId(libId, name));
    }

    RuntimeOptions options() {
        return options;
    }

    long nanoTime() {
        return options.nanoTime().getAsLong();
    }

    /** Runs a request on the IPC thread and waits for it (bounded). */
    <T> T ipc(Callable<T> request) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        final Future<T> f = ipcThread.submit(request);
        try {
            return f.get(IPC_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            final Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IllegalStateException("IPC request did not complete in "
                    + IPC_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for IPC", e);
        }
    }

    /**
     * Runs a request that changes what ticks and DP runs use on the IPC thread, inside a
     * {@link TickBoundary} over every core and DP instance.
     */
    <T> T change(Callable<T> request) {
        return ipc(() -> within(TickBoundary.all(this), request));
    }

    private static <T> T within(TickBoundary boundary, Callable<T> request) throws Exception {
        try {
            return request.call();
        } finally {
            boundary.close();
        }
    }

    /** How long the kernel waits for a DP run to end before it writes the instance off. */
    long holdTimeoutNanos() {
        return Math.max(options.proxyTimeout().toNanos(), HOLD_FLOOR_NANOS);
    }

    /**
     * Writes off an instance whose thread the kernel stopped waiting for: its domain is emptied,
     * so the stuck thread can reach nothing (the JVM cannot stop it; it is counted).
     */
    void writeOff(Component c) {
        writtenOff++;
        if (c.domain != null) {
            Instances.clear(c.domain);
            if (c.dpThread != null) {
                memory.writeOff(c.dpThread); // no rights at all, its stack included
            }
        }
    }

    /** @return instances written off because a thread of theirs never came back */
    long writtenOff() {
        return writtenOff;
    }

    static IpcException fail(int status, String message) {
        return new IpcException(status, message);
    }

    /** Maps a negative errno from a module or flow to the IPC4 status SOF would reply. */
    static int statusOf(int errno) {
        if (errno == -Errno.EINVAL) {
            return Ipc4Status.INVALID_PARAM;
        }
        if (errno == -Errno.ENOMEM) {
            return Ipc4Status.OUT_OF_MEMORY;
        }
        return Ipc4Status.FAILURE;
    }

    Component component(int componentId) {
        final Component c = components.get(componentId);
        if (c == null) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "comp_id=0x"
                    + Integer.toHexString(componentId) + " does not exist");
        }
        return c;
    }

    /**
     * Charges what an instance's code allocated in one call against its budget, and FAULTs the
     * instance once the total passes it. Any thread.
     *
     * @return whether the instance was FAULTED by this charge
     */
    boolean chargeAllocation(Component c, long bytes) {
        if (bytes <= 0) {
            return false;
        }
        final long total = c.allocated += bytes; // one processing or IPC call at a time
        if (total <= c.allocationBudget || c.faulted) {
            return false;
        }
        fault(c, RuntimeEvent.Kind.EXCEPTION, "allocated " + total + " bytes, past its "
                + "allocation budget of " + c.allocationBudget + " bytes", ticks());
        return true;
    }

    /** FAULTs an instance: it plays silence from now on and an event reports why. Any thread. */
    synchronized void fault(Component c, RuntimeEvent.Kind kind, String detail, long tick) {
        if (c.faulted) {
            return;
        }
        c.faultKind = kind;
        c.faulted = true;
        if (events.size() == EVENT_HISTORY) {
            events.removeFirst();
            droppedEvents++;
        }
        events.addLast(new RuntimeEvent(kind, c.componentId, c.pipeline.id, tick, c.name() + ": "
                + detail));
        final Events.Fault e = new Events.Fault();
        e.componentId = c.componentId;
        e.kind = kind.name();
        e.detail = detail;
        e.commit();
        LOG.log(System.Logger.Level.WARNING, "instance {0} FAULTED ({1}): {2}", c.name(), kind,
                detail);
    }

    @Override
    public List<String> loadLibrary(int libId, Path file) {
        return ipc(() -> {
            if (libId < 1 || libId > ModuleIds.MAX_LIB_ID) {
                throw fail(Ipc4Status.INVALID_PARAM, "lib_id=" + libId + " must be in [1, 15]");
            }
            if (loader == null) {
                throw fail(Ipc4Status.FAILURE, "no library loader: sof-llext is not on the module "
                        + "path");
            }
            final LibraryLoader.Library lib;
            try {
                lib = loader.load(libId, file);
            } catch (LibraryLoadException e) {
                throw new IpcException(e.errno() == -Errno.EINVAL ? Ipc4Status.INVALID_PARAM
                        : Ipc4Status.FAILURE, "LOAD_LIBRARY lib_id=" + libId + " file=" + file
                        + ": " + e.getMessage());
            }
            libraries.put(libId, lib);
            final List<String> names = new ArrayList<>();
            lib.modules().forEach(m -> names.add(m.name()));
            return names;
        });
    }

    @Override
    public int unloadLibrary(int libId) {
        return ipc(() -> {
            final LibraryLoader.Library lib = libraries.get(libId);
            if (lib == null) {
                return -Errno.ENOENT;
            }
            for (Driver d : drivers.values()) {
                if (d.library == lib && d.liveInstances > 0) {
                    return -Errno.EBUSY;
                }
            }
            final int rc = loader.unload(libId);
            if (rc != 0) {
                return rc;
            }
            drivers.values().removeIf(d -> {
                if (d.library != lib) {
                    return false;
                }
                if (d.heap != null) {
                    d.heap.remove();
                }
                return true;
            });
            libraries.remove(libId);
            return 0;
        });
    }

    @Override
    public void createPipeline(int pipelineId, int core) {
        change(() -> {
            pipelineOps.create(pipelineId, core);
            return null;
        });
    }

    @Override
    public int initInstance(InstanceSpec spec) {
        return ipc(() -> instances.init(spec));
    }

    @Override
    public void bind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        change(() -> {
            binder.bind(srcComponentId, srcQueue, dstComponentId, dstQueue);
            return null;
        });
    }

    @Override
    public void unbind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        change(() -> {
            binder.unbind(srcComponentId, srcQueue, dstComponentId, dstQueue);
            return null;
        });
    }

    @Override
    public void setPipelineState(int pipelineId, PipelineState state) {
        change(() -> {
            pipelineOps.setState(pipelineId, state);
            return null;
        });
    }

    @Override
    public void setConfiguration(int componentId, int paramId, byte[] blob) {
        final byte[] copy = blob.clone();
        ipc(() -> within(TickBoundary.of(this, component(componentId)), () -> {
            pipelineOps.setConfiguration(componentId, paramId, copy);
            return null;
        }));
    }

    /**
     * One fragment of {@code MOD_LARGE_CONFIG_SET}, as a raw IPC4 frame carries it; the same path
     * as {@link #setConfiguration}.
     */
    void setConfigurationFragment(int componentId, int paramId, org.sofj.api.ConfigFragment pos,
            int dataOffsetSize, byte[] payload) {
        ipc(() -> within(TickBoundary.of(this, component(componentId)), () -> {
            pipelineOps.setFragment(componentId, paramId, pos, dataOffsetSize, payload);
            return null;
        }));
    }

    @Override
    public byte[] getConfiguration(int componentId, int paramId) {
        return ipc(() -> within(TickBoundary.of(this, component(componentId)),
                () -> pipelineOps.getConfiguration(componentId, paramId)));
    }

    @Override
    public void deleteInstance(int componentId) {
        change(() -> {
            final Component c = component(componentId);
            if (c.state != Component.State.READY) {
                throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_DELETE_INSTANCE " + c.name()
                        + " is " + c.state + ": only a READY instance can be freed (SOF's "
                        + "ipc_comp_free); RESET its pipeline first");
            }
            instances.delete(c);
            return null;
        });
    }

    @Override
    public void deletePipeline(int pipelineId) {
        change(() -> {
            final Pipeline p = pipelines.get(pipelineId);
            if (p != null) {
                for (Component c : p.components) {
                    if (c.state != Component.State.READY) {
                        throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "DELETE_PIPELINE "
                                + "pipeline_id=" + pipelineId + ": " + c.name() + " is " + c.state
                                + "; RESET the pipeline first (nothing was freed)");
                    }
                }
                for (Component c : new ArrayList<>(p.components)) {
                    instances.delete(c); // as SOF's ipc_pipeline_module_free
                }
            }
            pipelineOps.delete(pipelineId);
            return null;
        });
    }

    @Override
    public void runTicks(int ticks) {
        scheduler.runTicks(ticks);
    }

    @Override
    public void start() {
        scheduler.start();
    }

    @Override
    public synchronized List<RuntimeEvent> events() {
        return List.copyOf(events);
    }

    @Override
    public synchronized long droppedEvents() {
        return droppedEvents;
    }

    /** @return the newest event's detail, or an empty string */
    synchronized String lastEventDetail() {
        return events.isEmpty() ? "" : events.getLast().detail();
    }

    @Override
    public InstanceReport report(int componentId) {
        return ipc(() -> instances.report(component(componentId)));
    }

    @Override
    public List<Integer> instances() {
        return ipc(() -> List.copyOf(components.keySet()));
    }

    @Override
    public MemoryAccess memory() {
        return memory.access();
    }

    @Override
    public org.sofj.api.spi.LatencySnapshot tickLateness() {
        return scheduler.tickLateness();
    }

    @Override
    public org.sofj.api.spi.HostStalls hostStalls() {
        return scheduler.hostStalls();
    }

    @Override
    public long ticks() {
        return scheduler.ticks();
    }

    /** @return the instance table's owner, for tests of teardown */
    Instances instancesForTest() {
        return instances;
    }

    /** @return the live user worker, for tests of the proxy */
    UserWorker worker() {
        return worker;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        scheduler.stop();
        try {
            change(() -> {
                for (Component c : new ArrayList<>(components.values())) {
                    instances.delete(c);
                }
                for (Pipeline p : new ArrayList<>(pipelines.values())) {
                    pipelineOps.delete(p.id);
                }
                return null;
            });
        } finally {
            closed = true;
            ipcThread.shutdownNow();
            scheduler.close();
            engine.close();
            memory.close();
        }
    }

    /** @return the heap kernel objects and LL buffers come from */
    org.sofj.api.spi.Heap systemHeap() {
        return memory.heap(HeapRegion.SYSTEM);
    }
}
