package org.sofj.runtime.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.AudioEngineProvider;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.LibraryLoader;
import org.sofj.api.spi.LibraryLoaderProvider;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;
import org.sofj.api.spi.Scheduler;
import org.sofj.api.spi.SchedulerConfig;
import org.sofj.runtime.SharingPolicy;

/**
 * The kernel's one state object: the options and clock, the memory system, audio engine,
 * scheduler and library loader (found with {@link ServiceLoader}), the shared user worker, the
 * tables of libraries, drivers, pipelines and instances, and the event sink ({@link Reports}).
 *
 * <p>The IPC thread owns the tables and is the only thread that changes them; the services of
 * the kernel (docs/kernel.md) each take this object in their constructor and never call back up
 * into the {@link Kernel} facade. Processing threads read instances and pipelines through the
 * arrays those publish (replaced, never mutated) and write only to {@link #reports}.
 */
final class KernelState {
    /** The least time the kernel waits for a DP run at a tick boundary: a slow period, loaded. */
    private static final long HOLD_FLOOR_NANOS = 1_000_000_000L;

    private final RuntimeOptions options;
    final MemorySystem memory;
    final AudioEngine engine;
    final Scheduler scheduler;
    /** The library loader, or {@code null} when sof-llext is not on the module path. */
    final LibraryLoader loader;
    final UserWorker worker;
    /** Faults, events and reports: the one thing processing threads write to. */
    final Reports reports;
    /** User-mode code on the tick threads: domain switches and their watchdog. */
    final DomainWindows windows;
    /**
     * The allocation counter a user LL call and a user DP run read ({@link Allocations#JVM}); a
     * test may put a reader that counts reads here before it makes its first pipeline. IPC
     * thread.
     */
    Allocations.Reader allocationReader = Allocations.JVM;
    final Map<Integer, LibraryLoader.Library> libraries = new LinkedHashMap<>();
    final Map<Integer, Driver> drivers = new LinkedHashMap<>();
    final Map<Integer, Pipeline> pipelines = new LinkedHashMap<>();
    final Map<Integer, Component> components = new LinkedHashMap<>();

    /**
     * Finds the implementations and makes the memory system, engine, scheduler and worker.
     *
     * @param options validated options
     */
    KernelState(RuntimeOptions options) {
        this.options = options;
        this.memory = find(MemorySystemProvider.class).create(options.layout());
        try {
            this.engine = find(AudioEngineProvider.class).create(memory);
            this.scheduler = engine.newScheduler(new SchedulerConfig(options.clock(),
                    options.cores(), SchedulerConfig.DEFAULT_PERIOD_MICROS, options.nanoTime(),
                    options.clock() == SchedulerConfig.Clock.VIRTUAL
                            && !options.virtualDpThreads(), options.realtimePriority()));
            this.loader = ServiceLoader.load(LibraryLoaderProvider.class).findFirst()
                    .map(p -> p.create(memory, options.trustedKeys())).orElse(null);
        } catch (RuntimeException e) {
            memory.close();
            throw e;
        }
        if (options.sharing() == SharingPolicy.SOF_COMPATIBLE) {
            memory.mapGlobally(memory.map().region("shared-buffer-heap"));
        }
        this.worker = new UserWorker(memory, options.proxyTimeout().toNanos());
        this.reports = new Reports(scheduler::ticks);
        this.windows = new DomainWindows(memory, scheduler,
                options.clock() == SchedulerConfig.Clock.WALL, reports, scheduler::ticks,
                options.cores(), holdTimeoutNanos());
    }

    private static <T> T find(Class<T> spi) {
        return ServiceLoader.load(spi).findFirst().orElseThrow(() -> new IllegalStateException(
                "no " + spi.getSimpleName() + " found: put the sofj implementation modules "
                        + "(sof-mmu, sof-audio-lowlatency, sof-llext) on the module path"));
    }

    RuntimeOptions options() {
        return options;
    }

    long nanoTime() {
        return options.nanoTime().getAsLong();
    }

    /** @return the scheduler's tick count; any thread */
    long ticks() {
        return scheduler.ticks();
    }

    /** How long the kernel waits for a DP run to end before it writes the instance off. */
    long holdTimeoutNanos() {
        return Math.max(options.proxyTimeout().toNanos(), HOLD_FLOOR_NANOS);
    }

    /** @return the heap kernel objects and LL buffers come from */
    Heap systemHeap() {
        return memory.heap(HeapRegion.SYSTEM);
    }

    /**
     * @param componentId a component id
     * @return the instance
     * @throws IpcException {@code INVALID_RESOURCE_ID} if there is none
     */
    Component component(int componentId) {
        final Component c = components.get(componentId);
        if (c == null) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "comp_id=0x"
                    + Integer.toHexString(componentId) + " does not exist");
        }
        return c;
    }

    /** Closes the scheduler, engine and memory system; after the IPC thread has stopped. */
    void close() {
        windows.close();
        scheduler.close();
        engine.close();
        memory.close();
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
}
