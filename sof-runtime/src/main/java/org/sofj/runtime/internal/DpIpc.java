package org.sofj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.Errno;
import org.sofj.api.spi.Preemption;

/**
 * Proxy variant A2 (spec 4.6): IPC posted to one instance's DP thread and completed there, with
 * the same timeout as A1. The DP thread runs {@link #run()} each time it wakes; the IPC thread
 * posts with {@link #invoke} and unparks it. A timed-out request is cancelled: its late
 * completion is discarded, never credited to a later request.
 *
 * <p>The DP thread takes a request and the IPC thread withdraws a timed-out one with a
 * compare-and-set of {@link #pending}, so exactly one of them wins: a withdrawn request never
 * runs, and a request that was taken can never clear the slot after a later request was posted
 * into it (a plain read-then-clear could lose that later request, which would then time out).
 */
final class DpIpc implements Runnable {
    private static final VarHandle PENDING;

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(DpIpc.class, "pending",
                    UserWorker.Request.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CallTimeout timeout;
    /** The IPC thread's wait for the reply ({@link Waits#proxy}); the DP thread unparks it. */
    private final IdleStrategy replyIdle = Waits.proxy(true);
    private volatile UserWorker.Request pending;
    private volatile Thread thread;

    /** The instance whose DP thread runs the requests. */
    private final Component owner;

    DpIpc(Component owner, long timeoutNanos) {
        this.owner = owner;
        this.timeout = new CallTimeout(timeoutNanos);
    }

    /** Records the DP thread, once the scheduler made it. */
    void attach(Thread dpThread) {
        this.thread = dpThread;
    }

    /** The DP thread's side: runs a pending request. Returns at once when there is none. */
    @Override
    public void run() {
        final UserWorker.Request r = pending;
        if (r == null || !PENDING.compareAndSet(this, r, null)) {
            return; // none, or withdrawn by a timeout just now
        }
        final long before = Allocations.current();
        owner.dpCallStarts();
        try {
            r.status = r.op.getAsInt();
        } catch (Throwable t) {
            r.error = Faults.describe(t); // on this DP thread: the module's own
            r.errorKind = Faults.kindOf(t);
            r.status = -Errno.EFAULT;
            if (Preemption.isPreemption(t)) {
                Preemption.acknowledge(); // the request timed out; the DP thread goes on
            }
        } finally {
            owner.dpCallEnded(); // a timed-out call that returned without a check, too
        }
        r.allocated = Allocations.current() - before;
        r.done = true;
        LockSupport.unpark(r.waiter);
    }

    /**
     * Posts a request to the DP thread and waits for it until it completes or
     * {@link CallTimeout} judges the DP thread hung (on real and CPU time, never on the injected
     * clock).
     *
     * @return the completed request, or {@code null} on timeout
     */
    UserWorker.Request invoke(IntSupplier op) {
        final Thread t = thread;
        if (t == null) {
            throw new IllegalStateException("no DP thread to deliver IPC to");
        }
        final UserWorker.Request r = new UserWorker.Request(op, Thread.currentThread());
        timeout.start(t);
        pending = r;
        LockSupport.unpark(t);
        final IdleStrategy wait = replyIdle;
        wait.reset();
        while (!r.done) {
            if (timeout.expired()) {
                r.cancelled = true;
                if (r.done) {
                    return r;
                }
                PENDING.compareAndSet(this, r, null); // withdrawn, unless the DP thread took it
                return null; // the caller FAULTs the instance and preempts its DP thread
            }
            wait.idle(); // the DP thread's unpark after the request ends a park early
        }
        return r;
    }
}
