package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.Drivers.DEFAULT_HEAP_BYTES;
import static org.sofj.runtime.internal.Drivers.notInitialized;
import static org.sofj.runtime.internal.Drivers.pick;
import static org.sofj.runtime.internal.KernelState.fail;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.Partition;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.ipc.ProcDomain;

/**
 * Instance lifecycle: creation in SOF's order with everything undone on failure (spec 4.3), and
 * teardown (spec 4.13). IPC thread only; a delete runs inside a tick boundary.
 */
final class Instances {
    /** {@code sizeof(ipc4_base_module_cfg)}: the part of the parameter block before init data. */
    static final int BASE_CONFIG_BYTES = 40;
    /** {@code ipc4_module_init_instance.primary.r.instance_id}: 8 bits. */
    static final int MAX_INSTANCE_ID = 0xFF;

    private static final System.Logger LOG = System.getLogger("org.sofj.runtime");

    private final KernelState k;
    private final Calls calls;
    private final Drivers drivers;
    private final Binder binder;
    private final DpTasks dpTasks;

    Instances(KernelState state, Calls calls, Drivers drivers, Binder binder, DpTasks dpTasks) {
        this.k = state;
        this.calls = calls;
        this.drivers = drivers;
        this.binder = binder;
        this.dpTasks = dpTasks;
    }

    int init(InstanceSpec s) {
        final int compId = s.componentId();
        if (s.instanceId() > MAX_INSTANCE_ID) {
            // the typed path as the frame: MOD_INIT_INSTANCE's instance_id has 8 bits
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_INIT_INSTANCE instance_id="
                    + s.instanceId() + " must be in [0, " + MAX_INSTANCE_ID + "] (8 bits in IPC4)");
        }
        if (k.components.containsKey(compId)) {
            throw notInitialized(s, "comp_id already exists");
        }
        if (s.core() >= k.options().cores()) {
            // ipc4_init_module_instance passes the request to its core first, and
            // ipc4_process_on_core answers a core that is not enabled with INVALID_CORE_ID
            throw fail(Ipc4Status.INVALID_CORE_ID, "MOD_INIT_INSTANCE comp_id=0x"
                    + Integer.toHexString(compId) + ": core=" + s.core() + " but cores="
                    + k.options().cores());
        }
        if (BASE_CONFIG_BYTES + s.initData().length > calls.hostboxSize()) {
            throw notInitialized(s, "param block of " + (BASE_CONFIG_BYTES + s.initData().length)
                    + " bytes exceeds the hostbox of " + calls.hostboxSize());
        }
        final Pipeline pipeline = k.pipelines.get(s.pipelineId());
        if (pipeline == null) {
            throw notInitialized(s, "pipeline=" + s.pipelineId() + " does not exist");
        }
        if (pipeline.core != s.core()) {
            // a departure (docs/pipeline-states.md): SOF lets a module's core differ from its
            // pipeline's; sofj processes an LL instance on its pipeline's tick thread and has no
            // buffer made for two cores, so the instance would run on one core while its control
            // calls held off the other
            throw fail(Ipc4Status.INVALID_CORE_ID, "MOD_INIT_INSTANCE comp_id=0x"
                    + Integer.toHexString(compId) + ": core=" + s.core() + " but pipeline="
                    + s.pipelineId() + " runs on core " + pipeline.core
                    + " (sofj runs an instance on its pipeline's core)");
        }
        final Driver driver = drivers.driver(s);
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
        return new Creation(s, pipeline, driver).run();
    }

    /** {@code MOD_DELETE_INSTANCE}: only a READY instance can be freed (SOF's ipc_comp_free). */
    void delete(int componentId) {
        final Component c = k.component(componentId);
        if (c.state != Component.State.READY) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_DELETE_INSTANCE "
                    + c.name() + " is " + c.state + ": only a READY instance can be freed (SOF's "
                    + "ipc_comp_free); RESET its pipeline first");
        }
        delete(c);
    }

    /** Frees an instance (spec 4.13): free, stop DP, free all, unmap, forget. */
    void delete(Component c) {
        binder.disconnectAll(c);
        if (!c.faulted && (c.userMode() ? c.driver.has(ModuleOperation.FREE) : true)) {
            calls.call(c, ModuleOperation.FREE, Calls.Window.NONE, c.module::free);
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
        if (c.userMode()) {
            Revocation.clear(c.domain); // revoke, and wait out the grace period, before reuse
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

    /** One instance creation with its undo stack: either all of it happens or none. */
    private final class Creation {
        private final InstanceSpec s;
        private final Pipeline pipeline;
        private final Driver driver;
        private final Deque<Runnable> undo = new ArrayDeque<>();

        Creation(InstanceSpec s, Pipeline pipeline, Driver driver) {
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
            } finally {
                calls.clearHostbox(s.initData().length); // its calls have ended
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
                    Component.DEFAULT_STACK_BYTES);
            checkStack(c, domain);
            c.allocationBudget = s.allocationBudget() > 0 ? s.allocationBudget()
                    : k.options().allocationBudget();
            if (domain != null && driver.description.isPages() > 0) {
                context.bss = bssSlice(domain, driver.description.isPages());
                c.bss = context.bss;
            }
            if (domain != null && viaDpThread()) {
                startDpThread(c);
            }
            if (domain != null && !c.dp()) {
                k.windows.arm(); // a user LL instance: its process runs on the tick thread
            }
            if (lib != null && domain != null && !lib.sections(name).isEmpty()) {
                final Partition text = lib.sections(name).get(0);
                c.textStart = text.start();
                c.textSize = text.size();
            }
            if (made(driver)) {
                startAgent(c, name);
            }
            if (domain != null && k.loader != null) {
                // getClass is final in Object: no module code runs; for a library's class a
                // lookup in what its load proved. Published to the DP thread with the instance
                c.allocationFree = k.loader.allocationFree(c.module.getClass());
            }
            driver.learn(c.module);
            final int rc = calls.call(c, ModuleOperation.INIT, Calls.Window.HOSTBOX,
                    () -> c.module.init(context));
            if (rc != 0) {
                throw notInitialized(s, "module " + name + " init returned " + Errno.name(rc)
                        + (c.faulted ? " and was FAULTED: " + k.reports.lastEventDetail() : ""));
            }
            driver.liveInstances++;
            k.components.put(c.componentId, c);
            pipeline.components.add(c);
            pipeline.reorder();
            return c.componentId;
        }

        /**
         * Whether the instance's control calls go to its own DP thread (proxy variant A2); a
         * user-mode LL instance has no DP thread, so its calls always take the shared worker.
         */
        private boolean viaDpThread() {
            return k.options().proxy() == org.sofj.runtime.ProxyVariant.DP_THREAD
                    && s.domain() == ProcDomain.DP;
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
            undo.push(() -> Revocation.clear(d));
            if (!viaDpThread()) {
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
            final int rc = driver.hasAgent() ? calls.agentStart(c, make)
                    : calls.createOnUserSide(c, make);
            if (rc != 0 || c.module == null) {
                throw notInitialized(s, (driver.hasAgent() ? "the system agent of module "
                        : "making user-mode module ") + name + " returned " + Errno.name(rc)
                        + (c.faulted ? ": " + k.reports.lastEventDetail() : ""));
            }
        }

        /** A2: the DP thread exists from init on, since it carries the instance's IPC. */
        /**
         * A user DP instance's thread stack comes from the stacks region. SOF makes the DP thread
         * at init (module_adapter_new's pipeline_comp_dp_task_init), so a stack that cannot be
         * had fails comp_new_ipc4: MOD_NOT_INITIALIZED. sofj makes the thread at prepare (proxy
         * variant A1), so here it refuses a stack the whole region could never hold; one that
         * fits the region but finds it full at prepare is OUT_OF_MEMORY there (docs/ipc4.md).
         */
        private void checkStack(Component c, MemoryDomain domain) {
            if (domain == null || !c.dp()) {
                return;
            }
            final long region = k.memory.map().region("stacks").size();
            // the region is whole pages, so this is "its page-aligned size does not fit",
            // without aligning a size near Long.MAX_VALUE up past it
            if (c.stackBytes > region) {
                throw notInitialized(s, "stack_bytes=" + c.stackBytes + " exceeds the stacks "
                        + "region of " + region + " bytes: its DP thread could never be made");
            }
        }

        private void startDpThread(Component c) {
            c.dpIpc = new DpIpc(c, k.options().proxyTimeout().toNanos());
            try {
                dpTasks.createDpTask(c);
            } catch (IpcException e) {
                // comp_new_ipc4 fails whatever failed in it (the DP task included, as SOF makes
                // it at init): MOD_NOT_INITIALIZED
                throw notInitialized(s, e.getMessage());
            }
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
            calls.stageHostbox(data, data.length); // for AGENT_START, CREATE and INIT; cleared after them
            return data.length > 0 ? calls.hostboxAddress() : MemoryRegions.NULL;
        }
    }
}
