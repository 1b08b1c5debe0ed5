package org.sofj.runtime.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.sofj.api.ModuleDescription;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.HostStalls;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.InstanceSpec;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;
import org.sofj.runtime.ipc.Ipc4Frame;
import org.sofj.runtime.ipc.PipelineState;

/**
 * The {@link SofRuntime} facade: it submits each request, typed or a raw IPC4 frame, to the one
 * IPC thread, which runs it through {@link IpcDispatcher} over the kernel's state
 * ({@link KernelState}) and alone changes that state (docs/kernel.md). Each request either
 * completes or changes nothing. Reads that need no table (events, the scheduler's figures) are
 * answered on the caller's thread.
 */
public final class Kernel implements SofRuntime {
    private static final long IPC_WAIT_SECONDS = 60;

    /** The kernel's state, owned by the IPC thread. */
    final KernelState state;
    private final IpcDispatcher dispatcher;
    private final ExecutorService ipcThread;
    /**
     * Set when {@link #close} begins: from then on a request is refused with one clear error,
     * whether it is made now or was queued before and runs later on the IPC thread.
     */
    private volatile boolean closing;
    /** Guards {@link #close}: one caller tears down, a concurrent one waits for it. */
    private final Object closeLock = new Object();
    private boolean closed;

    /**
     * Creates the kernel. Called by the builder only.
     *
     * @param options validated options
     */
    public Kernel(RuntimeOptions options) {
        this.state = new KernelState(options);
        this.dispatcher = new IpcDispatcher(state);
        this.ipcThread = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "sofj-ipc");
            t.setDaemon(true);
            return t;
        });
        try {
            run(dispatcher::registerBuiltIns);
        } catch (RuntimeException e) {
            ipcThread.shutdownNow();
            state.close();
            throw e;
        }
    }

    /** Runs a request on the IPC thread and waits for it (bounded). */
    <T> T ipc(Callable<T> request) {
        return submit(request, false);
    }

    /**
     * @param teardown whether this is close's own teardown, the one request made while closing
     */
    private <T> T submit(Callable<T> request, boolean teardown) {
        if (closing && !teardown) {
            throw closedError();
        }
        final Future<T> f;
        try {
            f = ipcThread.submit(() -> {
                if (closing && !teardown) {
                    throw closedError(); // queued before close, reached after it began
                }
                return request.call();
            });
        } catch (RejectedExecutionException e) {
            throw closedError(); // the executor shut down between the check and the submit
        }
        try {
            return f.get(IPC_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (CancellationException e) {
            throw closedError(); // queued when close shut the IPC thread down: never ran
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

    /** Runs a request that returns nothing on the IPC thread and waits for it. */
    private void run(Runnable request) {
        ipc(() -> {
            request.run();
            return null;
        });
    }

    @Override
    public Ipc4Frame ipc(Ipc4Frame request) {
        return ipc(() -> dispatcher.handle(request));
    }

    @Override
    public void stageLibrary(int dmaId, Path file) {
        dispatcher.stage(dmaId, file);
    }

    @Override
    public int moduleId(int libId, String name) {
        return ipc(() -> dispatcher.moduleId(libId, name));
    }

    @Override
    public ModuleDescription moduleDescription(int moduleId) {
        return ipc(() -> dispatcher.moduleDescription(moduleId));
    }

    @Override
    public List<String> loadLibrary(int libId, Path file) {
        return ipc(() -> dispatcher.loadLibrary(libId, file));
    }

    @Override
    public int unloadLibrary(int libId) {
        return ipc(() -> dispatcher.unloadLibrary(libId));
    }

    @Override
    public void createPipeline(int pipelineId, int core) {
        run(() -> dispatcher.createPipeline(pipelineId, core));
    }

    @Override
    public int initInstance(InstanceSpec spec) {
        return ipc(() -> dispatcher.initInstance(spec));
    }

    @Override
    public void bind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        run(() -> dispatcher.bind(srcComponentId, srcQueue, dstComponentId, dstQueue));
    }

    @Override
    public void unbind(int srcComponentId, int srcQueue, int dstComponentId, int dstQueue) {
        run(() -> dispatcher.unbind(srcComponentId, srcQueue, dstComponentId, dstQueue));
    }

    @Override
    public void setPipelineState(int pipelineId, PipelineState state) {
        run(() -> dispatcher.setPipelineState(pipelineId, state));
    }

    @Override
    public void setConfiguration(int componentId, int paramId, byte[] blob) {
        final byte[] copy = blob.clone();
        run(() -> dispatcher.setConfiguration(componentId, paramId, copy));
    }

    @Override
    public byte[] getConfiguration(int componentId, int paramId) {
        return ipc(() -> dispatcher.getConfiguration(componentId, paramId));
    }

    @Override
    public void deleteInstance(int componentId) {
        run(() -> dispatcher.deleteInstance(componentId));
    }

    @Override
    public void deletePipeline(int pipelineId) {
        run(() -> dispatcher.deletePipeline(pipelineId));
    }

    @Override
    public InstanceReport report(int componentId) {
        return ipc(() -> dispatcher.report(componentId));
    }

    @Override
    public List<Integer> instances() {
        return ipc(dispatcher::instances);
    }

    @Override
    public void runTicks(int ticks) {
        state.scheduler.runTicks(ticks);
    }

    @Override
    public void start() {
        state.scheduler.start();
    }

    @Override
    public List<RuntimeEvent> events() {
        return state.reports.events();
    }

    @Override
    public long droppedEvents() {
        return state.reports.droppedEvents();
    }

    @Override
    public MemoryAccess memory() {
        return state.memory.access();
    }

    @Override
    public LatencySnapshot tickLateness() {
        return state.scheduler.tickLateness();
    }

    @Override
    public HostStalls hostStalls() {
        return state.scheduler.hostStalls();
    }

    @Override
    public long abandonedTickThreads() {
        return state.scheduler.abandonedTickThreads();
    }

    @Override
    public String hostPolicy() {
        return state.scheduler.hostPolicy();
    }

    @Override
    public long tickDeadline() {
        return state.scheduler.tickDeadline();
    }

    @Override
    public long tickStart() {
        return state.scheduler.tickStart();
    }

    @Override
    public long ticks() {
        return state.ticks();
    }

    private static IllegalStateException closedError() {
        return new IllegalStateException("the runtime is closed");
    }

    @Override
    public void close() {
        synchronized (closeLock) {
            if (closed) {
                return;
            }
            closing = true;
            try {
                // instances first, while their DP threads still answer: proxy variant A2 delivers
                // each instance's FREE on its DP thread, which stopping the scheduler would end,
                // and an unanswered FREE would be a TIMEOUT charged to a healthy module
                submit(() -> {
                    dispatcher.deleteAll();
                    return null;
                }, true);
            } finally {
                closed = true;
                state.scheduler.stop();
                for (Runnable never : ipcThread.shutdownNow()) {
                    if (never instanceof Future<?> f) {
                        f.cancel(false); // its caller gets closedError, not a 60 s wait
                    }
                }
                state.close();
            }
        }
    }
}
