package org.sofj.runtime;

import java.nio.file.Path;
import java.util.List;

import org.sofj.api.ModuleDescription;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.runtime.ipc.PipelineState;

/**
 * A running sofj kernel: libraries, pipelines and module instances, driven by IPC4 requests that
 * one IPC thread serialises. Build one with {@link #builder()}; close it to release every thread
 * and byte.
 *
 * <p>The typed calls below are the same requests a host sends as IPC4 messages; each throws
 * {@link org.sofj.api.IpcException} carrying SOF's status when the reply is not SUCCESS, and a
 * failed request changes nothing. Any thread may call; requests are serialised.
 */
public interface SofRuntime extends AutoCloseable {

    /** {@return a builder with SOF's defaults} */
    static SofRuntimeBuilder builder() {
        return new SofRuntimeBuilder();
    }

    /**
     * {@code LOAD_LIBRARY}: loads a packed, signed library as {@code libId}.
     *
     * @param libId 1..15
     * @param file  the library file
     * @return the names of its module types, in entry order
     */
    List<String> loadLibrary(int libId, Path file);

    /**
     * Unloads library {@code libId} (SOF has no such message; sofj's IPC form is
     * {@code UNLOAD_LIBRARY}, global type 28, see docs/ipc4.md). Refused while an instance of
     * any of its module types lives. Afterwards the kernel holds nothing of the library: its
     * module types' drivers are forgotten and their driver heaps given back, the loader drops its
     * layer (so the library's classes can be collected without closing the runtime), and
     * {@code libId} can be loaded again.
     *
     * @param libId 1..15
     * @return 0; {@code -Errno.ENOENT} if nothing is loaded as {@code libId};
     *     {@code -Errno.EBUSY} while an instance of the library lives (nothing changes)
     */
    int unloadLibrary(int libId);

    /**
     * {@code CREATE_PIPELINE}.
     *
     * @param pipelineId the id
     * @param core       its core
     */
    void createPipeline(int pipelineId, int core);

    /**
     * {@code MOD_INIT_INSTANCE}.
     *
     * @param spec the request
     * @return the new instance's component id
     */
    int initInstance(InstanceSpec spec);

    /**
     * {@code MOD_BIND}: connects output pin {@code srcQueue} of one instance to input pin
     * {@code dstQueue} of another with a buffer.
     *
     * @param srcComponentId the producer
     * @param srcQueue       its output pin
     * @param dstComponentId the consumer
     * @param dstQueue       its input pin
     */
    void bind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue);

    /**
     * {@code MOD_UNBIND}.
     *
     * @param srcComponentId the producer
     * @param srcQueue       its output pin
     * @param dstComponentId the consumer
     * @param dstQueue       its input pin
     */
    void unbind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue);

    /**
     * {@code SET_PIPELINE_STATE}: RUNNING prepares and starts every instance of the pipeline.
     *
     * @param pipelineId the pipeline
     * @param state      the target state
     */
    void setPipelineState(int pipelineId, PipelineState state);

    /**
     * {@code MOD_LARGE_CONFIG_SET}, fragmented through the hostbox as a host would.
     *
     * @param componentId the instance
     * @param paramId     the configuration id
     * @param blob        the whole blob, at most 8192 bytes
     */
    void setConfiguration(int componentId, int paramId, byte[] blob);

    /**
     * {@code MOD_LARGE_CONFIG_GET}.
     *
     * @param componentId the instance
     * @param paramId     the configuration id
     * @return what the module wrote into the reply buffer
     */
    byte[] getConfiguration(int componentId, int paramId);

    /**
     * {@code MOD_DELETE_INSTANCE}: frees the instance, reporting what it leaked.
     *
     * @param componentId the instance
     */
    void deleteInstance(int componentId);

    /**
     * {@code DELETE_PIPELINE}: the pipeline must have no instances left.
     *
     * @param pipelineId the pipeline
     */
    void deletePipeline(int pipelineId);

    /**
     * Virtual clock only: runs {@code ticks} LL ticks now, on the calling thread.
     *
     * @param ticks the number of 1 ms ticks
     */
    void runTicks(int ticks);

    /** Wall clock only: starts the LL threads. */
    void start();

    /**
     * The event history: the most recent {@link #EVENT_HISTORY} fault and xrun events, oldest
     * first. Older ones are dropped and counted ({@link #droppedEvents()}), so a long-lived
     * runtime's history stays bounded.
     *
     * @return a copy of the history
     */
    List<RuntimeEvent> events();

    /** How many events the history keeps. */
    int EVENT_HISTORY = 4096;

    /** {@return events dropped from the front of the history so far} */
    long droppedEvents();

    /**
     * Reports one instance's state, counters, memory and faults as they are now; safe from any
     * thread.
     *
     * @param componentId an instance
     * @return its report now
     * @throws org.sofj.api.IpcException with {@code INVALID_RESOURCE_ID} if no such instance exists
     */
    InstanceReport report(int componentId);

    /** {@return the component ids of live instances, in creation order} */
    List<Integer> instances();

    /**
     * Checked access to simulated memory from the calling thread, for embedders and tests
     * (a kernel thread may touch every mapped byte).
     *
     * @return the accessor
     */
    MemoryAccess memory();

    /**
     * Handles one raw IPC4 request as the firmware's IPC handler does: a malformed frame is
     * answered with its status and changes nothing.
     *
     * @param request the request frame
     * @return the reply frame (reply bit set, status in the primary word)
     */
    org.sofj.runtime.ipc.Ipc4Frame ipc(org.sofj.runtime.ipc.Ipc4Frame request);

    /**
     * Stages a library file on a DMA channel, as the host does before sending LOAD_LIBRARY with
     * that {@code dma_id}.
     *
     * @param dmaId the channel
     * @param file  the packed library
     */
    void stageLibrary(int dmaId, Path file);

    /**
     * The module id of a module type: {@code lib_id << 12 | index}.
     *
     * @param libId the library (0 for built-ins)
     * @param name  the module's name
     * @return the module id
     * @throws IllegalArgumentException if there is no such module
     */
    int moduleId(int libId, String name);

    /**
     * What a module type's manifest says about it (a built-in's: its provider's
     * {@code describe}): mode, buffer sizes, heap and stack requests, and the pins a bind may name.
     *
     * @param moduleId the module id ({@link #moduleId})
     * @return its description
     * @throws IllegalArgumentException if no module type has that id
     */
    ModuleDescription moduleDescription(int moduleId);

    /**
     * How late each LL tick started against its absolute deadline ({@code start + n * 1 ms}),
     * over every core, from the scheduler itself. Under the virtual clock every tick is on time
     * by construction (0).
     *
     * @return a snapshot in nanoseconds
     */
    org.sofj.api.spi.LatencySnapshot tickLateness();

    /**
     * Late and skipped LL ticks over every core, from the scheduler itself: the host's stalls,
     * which are reported and never charged to a module. All 0 under the virtual clock.
     *
     * @return the counts
     */
    org.sofj.api.spi.HostStalls hostStalls();

    /**
     * Wall clock: how the host schedules the LL tick threads, in one line: whether
     * {@link SofRuntimeBuilder#realtimePriority} was granted on every tick thread, or why not
     * (then they run under time sharing, and a busy host can delay ticks by milliseconds).
     *
     * @return the line; "not started" before {@link #start()} and under the virtual clock
     */
    String hostPolicy();

    /**
     * Wall time: the deadline of the tick the calling thread is running, on the scheduler's
     * clock; a builtin module on the tick can measure its own start against it (the CLI's tick
     * probe does). See {@link org.sofj.api.spi.Scheduler#tickDeadline()}.
     *
     * @return the deadline, or {@link Long#MIN_VALUE} off a wall-time tick thread
     */
    long tickDeadline();

    /**
     * Virtual time: the clock reading the scheduler took for the tick the calling thread is
     * running (the start of its first LL call); a builtin module on the tick can stamp the tick's
     * start with it instead of reading the clock again (the CLI's tick probe does). See
     * {@link org.sofj.api.spi.Scheduler#tickStart()}.
     *
     * @return the reading, or {@link Long#MIN_VALUE} off a thread running a virtual tick
     */
    long tickStart();

    /** {@return LL ticks run so far} */
    long ticks();

    /**
     * Wall clock: tick threads the runtime gave up on, each stuck in a user LL module's call
     * that its tick watchdog wrote off and that did not come back to a preemption check (a JDK
     * method that does not return); each time the core went on ticking on a new thread
     * (docs/threat-model.md §5). At most four per runtime: past that a stuck core waits for the
     * call. Always 0 under the virtual clock, whose ticks run on the caller's thread.
     *
     * @return the count so far; any thread
     */
    long abandonedTickThreads();

    /** Stops every thread and releases all memory. Idempotent. */
    @Override
    void close();
}
