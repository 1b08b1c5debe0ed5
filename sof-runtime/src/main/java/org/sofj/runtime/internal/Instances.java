package org.sofj.runtime.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.ModuleDescription;
import org.sofj.api.ModuleIds;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.DriverHeap;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.ModuleProvider;
import org.sofj.api.spi.Partition;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Drivers and instances: registration on first use (spec 4.2), creation in SOF's order with
 * everything undone on failure (spec 4.3), teardown (spec 4.13), reports. IPC thread only.
 */
final class Instances {
    /** SOF's default driver heap and DP stack: 4096 bytes. */
    static final long DEFAULT_HEAP_BYTES = 4096;
    static final long DEFAULT_STACK_BYTES = 4096;
    /** {@code sizeof(ipc4_base_module_cfg)}: the part of the parameter block before init data. */
    static final int BASE_CONFIG_BYTES = 40;

    private static final System.Logger LOG = System.getLogger("org.sofj.runtime");

    private final Kernel k;
    /** Library 0: in-process module types, by entry index. */
    private final Map<Integer, ModuleProvider> builtInProviders = new LinkedHashMap<>();
    private final Map<Integer, ModuleDescription> builtInDescriptions = new LinkedHashMap<>();
    private final Map<Integer, List<Allocation>> leakReports = new LinkedHashMap<>();

    Instances(Kernel kernel) {
        this.k = kernel;
    }

    void registerBuiltIns(List<ModuleProvider> providers) {
        int index = 0;
        for (ModuleProvider p : providers) {
            for (String name : new TreeSet<>(p.moduleNames())) {
                final ModuleDescription d = p.describe(name).orElseThrow(() ->
                        new IllegalArgumentException("built-in provider " + p.getClass().getName()
                                + " does not describe module=" + name));
                builtInProviders.put(index, p);
                builtInDescriptions.put(index, d);
                index++;
            }
        }
    }

    /** @return the leak report of a deleted instance: what it had not freed */
    List<Allocation> leakReport(int componentId) {
        return leakReports.getOrDefault(componentId, List.of());
    }

    int init(InstanceSpec s) {
        final int compId = s.componentId();
        if (k.components.containsKey(compId)) {
            throw notInitialized(s, "comp_id already exists");
        }
        if (s.core() >= k.options().cores()) {
            throw notInitialized(s, "core=" + s.core() + " but cores=" + k.options().cores());
        }
        if (BASE_CONFIG_BYTES + s.initData().length > k.calls.hostboxSize()) {
            throw notInitialized(s, "param block of " + (BASE_CONFIG_BYTES + s.initData().length)
                    + " bytes exceeds the hostbox of " + k.calls.hostboxSize());
        }
        final Pipeline pipeline = k.pipelines.get(s.pipelineId());
        if (pipeline == null) {
            throw notInitialized(s, "pipeline=" + s.pipelineId() + " does not exist");
        }
        final Driver driver = driver(s);
        if (driver.userMode() && s.domain() != ProcDomain.DP) {
            throw notInitialized(s, "module=" + driver.description.name()
                    + " is user_mode=1: userspace supports only DP modules");
        }
        if (!driver.userMode() && s.allocationBudget() != 0) {
            throw notInitialized(s, "allocationBudget=" + s.allocationBudget()
                    + " applies only to user-mode modules; module="
                    + driver.description.name() + " is user_mode=0 (trusted, not budgeted)");
        }
        if (driver.liveInstances >= driver.description.instanceMaxCount()) {
            throw notInitialized(s, "module=" + driver.description.name() + " already has "
                    + driver.liveInstances + " instances (instance_max_count="
                    + driver.description.instanceMaxCount() + ")");
        }
        final long heapBytes = pick(s.heapBytes(), driver.description.heapBytes(),
                DEFAULT_HEAP_BYTES);
        if (driver.heap != null && heapBytes > driver.heap.size()) {
            throw notInitialized(s, "heap_bytes=" + heapBytes + " exceeds the driver heap of "
                    + driver.heap.size() + " bytes that module=" + driver.description.name()
                    + " got with its first instance");
        }
        return new Creation(k, s, pipeline, driver).run();
    }

    static long pick(long fromIpc, long fromManifest, long fallback) {
        return fromIpc > 0 ? fromIpc : fromManifest > 0 ? fromManifest : fallback;
    }

    static IpcException notInitialized(InstanceSpec s, String why) {
        return new IpcException(Ipc4Status.MOD_NOT_INITIALIZED, "MOD_INIT_INSTANCE comp_id=0x"
                + Integer.toHexString(s.componentId()) + ": " + why);
    }

    /** {@code ipc4_get_comp_drv}: the registered driver, or a new one (spec 4.2). */
    private Driver driver(InstanceSpec s) {
        final Driver existing = k.drivers.get(s.moduleId());
        if (existing != null) {
            return existing;
        }
        final int libId = ModuleIds.libId(s.moduleId());
        final int index = ModuleIds.index(s.moduleId());
        final ModuleDescription d;
        final java.util.function.Supplier<ModuleProvider> p;
        LibraryLoader.Library lib = null;
        if (libId == 0) {
            d = builtInDescriptions.get(index);
            final ModuleProvider builtIn = builtInProviders.get(index);
            p = () -> builtIn;
            if (d == null) {
                throw notInitialized(s, "no built-in module at index " + index);
            }
        } else {
            lib = k.libraries.get(libId);
            if (lib == null || index >= lib.modules().size()) {
                throw notInitialized(s, "no module at lib_id=" + libId + " index=" + index);
            }
            d = lib.modules().get(index);
            final LibraryLoader.Library from = lib;
            p = () -> from.provider(d.name()); // on the user thread for a user-mode type
        }
        DriverHeap heap = null;
        if (d.userMode()) {
            final long bytes = pick(s.heapBytes(), d.heapBytes(), DEFAULT_HEAP_BYTES);
            heap = k.memory.newDriverHeap(d.name(), bytes);
            if (heap == null) {
                throw notInitialized(s, "the global user heap cannot hold a driver heap of "
                        + bytes + " bytes for module=" + d.name() + " (free: "
                        + k.memory.heap(org.sofj.api.spi.HeapRegion.USER).stats()
                                .largestFreeBlock() + ")");
            }
        }
        final Driver driver = new Driver(s.moduleId(), d, p, lib, heap);
        k.drivers.put(s.moduleId(), driver);
        return driver;
    }

    /** {@code MOD_DELETE_INSTANCE} (spec 4.13): free, stop DP, free all, unmap, forget. */
    void delete(Component c) {
        k.binder().disconnectAll(c);
        if (!c.faulted && (c.userMode() ? c.driver.has(ModuleOperation.FREE) : true)) {
            k.calls.call(c, ModuleOperation.FREE, Calls.Window.NONE, c.module::free);
        }
        if (c.dpTask != null) {
            c.dpTask.free();
            c.dpTask = null;
        }
        final List<Allocation> leaks = c.memory.liveAllocations();
        if (!leaks.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "instance {0} leaked {1} allocations: {2}",
                    c.name(), leaks.size(), leaks);
        }
        leakReports.put(c.componentId, leaks);
        if (c.userMode()) {
            clear(c.domain); // revoke, and wait out the grace period, before the memory is reused
            Revocation.settle(k, c, false);
        }
        c.memory.freeAll();
        if (c.bss != MemoryRegions.NULL) {
            k.memory.heap(org.sofj.api.spi.HeapRegion.LIBRARY).free(c.bss);
        }
        if (c.userMode()) {
            if (c.dpIpc == null) {
                k.worker.put();
            }
        }
        if (c.driver.library != null) {
            c.driver.library.release(c.driver.description.name());
        }
        c.driver.liveInstances--;
        k.components.remove(c.componentId);
        c.pipeline.components.remove(c);
        c.pipeline.reorder();
    }

    /** Removes every partition of a dead instance's domain (SOF only frees it, 11 item 8). */
    static void clear(MemoryDomain d) {
        for (Partition p : d.partitions()) {
            d.removePartition(p.start(), p.size());
        }
    }

    InstanceReport report(Component c) {
        final LatencySnapshot time = c.dpTask != null ? c.dpTask.processTime()
                : c.processTime.snapshot();
        final long periodNanos = c.dpTask != null ? c.dpTask.periodMicros() * 1000L : 1_000_000L;
        // CPS is counted as nanoseconds of a nominal 1 GHz core: the budget of one period is
        // cps * period / 1 s; the use is the median process time over it.
        final int cps = c.driver.description.cps();
        final double budgetNanos = cps * (periodNanos / 1e9);
        final double budget = cps == 0 || time.count() == 0 ? 0 : time.p50() / budgetNanos;
        final HeapStats heap = c.driver.heap != null ? c.driver.heap.stats() : null;
        final long used = heap != null ? heap.usedBytes() : bytes(c.memory);
        final long high = heap != null ? heap.highWaterMark() : used;
        return new InstanceReport(c.componentId, c.driver.description.name(), c.userMode(),
                c.procDomain, c.faulted, time, budget, used, high,
                c.memory.liveAllocations().size(),
                c.dpTask != null ? c.dpTask.deadlineMisses() : 0, xruns(c));
    }

    /** Underruns where the instance reads, overruns where it writes. */
    static long xruns(Component c) {
        long n = 0;
        for (Connection in : c.inputArray) {
            n += in.ringAtInput() ? in.ring.underruns() : in.compBuffer.underruns();
        }
        for (Connection out : c.outputArray) {
            n += out.ring != null && !out.ringAtInput() ? out.ring.overruns()
                    : out.compBuffer.overruns();
        }
        return n;
    }

    private static long bytes(ModuleMemory m) {
        long sum = 0;
        for (Allocation a : m.liveAllocations()) {
            sum += a.size();
        }
        return sum;
    }

    /** One instance creation with its undo stack: either all of it happens or none. */
    private static final class Creation {
        private final Kernel k;
        private final InstanceSpec s;
        private final Pipeline pipeline;
        private final Driver driver;
        private final Deque<Runnable> undo = new ArrayDeque<>();

        Creation(Kernel k, InstanceSpec s, Pipeline pipeline, Driver driver) {
            this.k = k;
            this.s = s;
            this.pipeline = pipeline;
            this.driver = driver;
        }

        int run() {
            try {
                return create();
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a library class the JVM refuses when the provider first uses it
                // (a VerifyError, say); undo the mapping and the use count all the same
                while (!undo.isEmpty()) {
                    undo.pop().run();
                }
                if (e instanceof IpcException ipc) {
                    throw ipc;
                }
                throw notInitialized(s, e.toString());
            }
        }

        private int create() {
            final String name = driver.description.name();
            final LibraryLoader.Library lib = driver.library;
            if (lib != null) {
                lib.acquire(name);
                undo.push(() -> lib.release(name));
            }
            final MemoryDomain domain = driver.userMode() ? userDomain(name, lib) : null;
            final ModuleMemory memory = k.memory.newModuleMemory("comp 0x"
                    + Integer.toHexString(s.componentId()), driver.userMode() ? driver.heap
                    : k.systemHeap(), domain);
            undo.push(memory::freeAll);
            final long initAddress = copyInitData();
            final ContextImpl context = new ContextImpl(s.moduleId(), s.instanceId(),
                    s.componentId(), s.core(), driver.description, s.baseConfig(), memory,
                    domain == null ? k.memory.access() : k.memory.accessFor(domain), initAddress,
                    s.initData().length, lib);
            final Component c = new Component(s.componentId(), s.instanceId(), s.core(),
                    s.domain(), driver, s.baseConfig(), pipeline,
                    made(driver) ? null : driver.provider().create(name), memory, domain);
            c.stackBytes = pick(s.stackBytes(), driver.description.stackBytes(),
                    DEFAULT_STACK_BYTES);
            c.allocationBudget = s.allocationBudget() > 0 ? s.allocationBudget()
                    : k.options().allocationBudget();
            if (domain != null && driver.description.isPages() > 0) {
                context.bss = bssSlice(domain, driver.description.isPages());
                c.bss = context.bss;
            }
            if (domain != null && k.options().proxy() == org.sofj.runtime.ProxyVariant.DP_THREAD) {
                startDpThread(c);
            }
            if (lib != null && domain != null && !lib.sections(name).isEmpty()) {
                final Partition text = lib.sections(name).get(0);
                c.textStart = text.start();
                c.textSize = text.size();
            }
            if (made(driver)) {
                startAgent(c, name);
            }
            driver.learn(c.module);
            final int rc = k.calls.call(c, ModuleOperation.INIT, Calls.Window.HOSTBOX,
                    () -> c.module.init(context));
            if (rc != 0) {
                throw notInitialized(s, "module " + name + " init returned " + Errno.name(rc)
                        + (c.faulted ? " and was FAULTED: " + k.lastEventDetail() : ""));
            }
            driver.liveInstances++;
            k.components.put(c.componentId, c);
            pipeline.components.add(c);
            pipeline.reorder();
            return c.componentId;
        }

        /** The domain in SOF's order (spec 3.4): heap, heap struct, sections; and the worker. */
        private MemoryDomain userDomain(String name, LibraryLoader.Library lib) {
            final MemoryDomain d = k.memory.newDomain("comp 0x"
                    + Integer.toHexString(s.componentId()));
            check(d.addPartition(driver.heap.memoryPartition()), "driver heap");
            check(d.addPartition(driver.heap.controlPartition()), "heap struct");
            if (lib != null) {
                check(lib.addToDomain(name, d), "module sections");
            }
            undo.push(() -> clear(d));
            if (k.options().proxy() == org.sofj.runtime.ProxyVariant.SHARED_WORKER) {
                k.worker.get(d);
                undo.push(k.worker::put);
            }
            return d;
        }

        /** The instance's own BSS slice (spec 3.4): zeroed pages in its domain only. */
        private long bssSlice(MemoryDomain d, int pages) {
            final org.sofj.api.spi.Heap lib = k.memory.heap(org.sofj.api.spi.HeapRegion.LIBRARY);
            final long bytes = (long) pages * MemoryRegions.PAGE_SIZE;
            final long at = lib.zalloc(bytes, MemoryRegions.PAGE_SIZE);
            if (at == MemoryRegions.NULL) {
                throw notInitialized(s, "the library region cannot hold a BSS slice of " + pages
                        + " pages");
            }
            undo.push(() -> lib.free(at));
            check(d.addPartition(new Partition("bss:0x" + Integer.toHexString(s.componentId()),
                    at, bytes, org.sofj.api.spi.PartitionAttribute.P_RW_U_RW)), "BSS slice");
            return at;
        }

        /**
         * Whether the module is made on the user side: a type with a system agent (load type
         * MODULE), and every user-mode type, whose provider code must never run on a kernel
         * thread.
         */
        private static boolean made(Driver driver) {
            return driver.hasAgent() || driver.userMode();
        }

        /** AGENT_START: the agent (the provider's factory) makes the module where it will run. */
        private void startAgent(Component c, String name) {
            final java.util.function.IntSupplier make = () -> {
                c.module = driver.provider().create(name);
                return c.module == null ? -Errno.EINVAL : 0;
            };
            final int rc = driver.hasAgent() ? k.calls.agentStart(c, make)
                    : k.calls.createOnUserSide(c, make);
            if (rc != 0 || c.module == null) {
                throw notInitialized(s, (driver.hasAgent() ? "the system agent of module "
                        : "making user-mode module ") + name + " returned " + Errno.name(rc)
                        + (c.faulted ? ": " + k.lastEventDetail() : ""));
            }
        }

        /** A2: the DP thread exists from init on, since it carries the instance's IPC. */
        private void startDpThread(Component c) {
            c.dpIpc = new DpIpc(k.options().nanoTime(), k.options().proxyTimeout().toNanos());
            k.pipelineOps().createDpTask(c);
            undo.push(() -> {
                c.dpTask.free();
                c.dpTask = null;
            });
        }

        private void check(int rc, String what) {
            if (rc != 0) {
                throw notInitialized(s, "adding the " + what + " partition failed: "
                        + Errno.name(rc));
            }
        }

        private long copyInitData() {
            final byte[] data = s.initData();
            final long address = k.calls.hostboxAddress();
            if (data.length > 0) {
                k.memory.access().putBytes(address, data, 0, data.length);
            }
            return data.length > 0 ? address : MemoryRegions.NULL;
        }
    }

    /** @return the module id of a module type by library and name */
    int moduleId(int libId, String name) {
        if (libId == 0) {
            for (Map.Entry<Integer, ModuleDescription> e : builtInDescriptions.entrySet()) {
                if (e.getValue().name().equals(name)) {
                    return ModuleIds.moduleId(0, e.getKey());
                }
            }
        } else {
            final LibraryLoader.Library lib = k.libraries.get(libId);
            if (lib != null) {
                for (int i = 0; i < lib.modules().size(); i++) {
                    if (lib.modules().get(i).name().equals(name)) {
                        return ModuleIds.moduleId(libId, i);
                    }
                }
            }
        }
        throw new IllegalArgumentException("lib_id=" + libId + " has no module=" + name);
    }
}
