package org.sofj.runtime.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.sofj.api.Errno;

/**
 * Proxy variant A2 (spec 4.6): IPC posted to one instance's DP thread and completed there, with
 * the same timeout as A1. The DP thread runs {@link #serve()} each time it wakes; the IPC thread
 * posts with {@link #invoke} and unparks it. A timed-out request is cancelled: its late
 * completion is discarded, never credited to a later request.
 */
final class DpIpc implements Runnable {
    private final LongSupplier nanoTime;
    private final long timeoutNanos;
    private volatile UserWorker.Request pending;
    private volatile Thread thread;

    DpIpc(LongSupplier nanoTime, long timeoutNanos) {
        this.nanoTime = nanoTime;
        this.timeoutNanos = timeoutNanos;
    }

    /** Records the DP thread, once the scheduler made it. */
    void attach(Thread dpThread) {
        this.thread = dpThread;
    }

    /** The DP thread's side: runs a pending request. Returns at once when there is none. */
    @Override
    public void run() {
        final UserWorker.Request r = pending;
        if (r == null) {
            return;
        }
        pending = null;
        final long before = Allocations.current();
        try {
            r.status = r.op.getAsInt();
        } catch (Throwable t) {
            r.error = Faults.describe(t); // on this DP thread: the module's own
            r.errorKind = Faults.kindOf(t);
            r.status = -Errno.EFAULT;
        }
        r.allocated = Allocations.current() - before;
        r.done = true;
        LockSupport.unpark(r.waiter);
    }

    /** @return the completed request, or {@code null} on timeout */
    UserWorker.Request invoke(IntSupplier op) {
        final Thread t = thread;
        if (t == null) {
            throw new IllegalStateException("no DP thread to deliver IPC to");
        }
        final UserWorker.Request r = new UserWorker.Request(op, Thread.currentThread());
        final long deadline = nanoTime.getAsLong() + timeoutNanos;
        pending = r;
        LockSupport.unpark(t);
        while (!r.done) {
            if (nanoTime.getAsLong() - deadline >= 0) {
                r.cancelled = true;
                if (r.done) {
                    return r;
                }
                pending = null;
                return null;
            }
            LockSupport.parkNanos(this, 20_000);
        }
        return r;
    }
}
