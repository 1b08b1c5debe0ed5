package org.sofj.runtime.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.sofj.api.Errno;
import org.sofj.api.memory.MemoryDomain;
import org.sofj.api.spi.MemorySystem;

/**
 * The shared user worker of proxy variant A1 (spec 4.5): one user thread, refcounted by live user
 * instances, moved into the target instance's domain before each request. The handoff is
 * spin-then-park (a blocking wake costs ~25 us on this machine kind; spinning first catches a
 * worker that is still awake).
 *
 * <p>Unlike SOF, a request that times out is <b>cancelled</b>: the worker thread that is stuck in
 * it is abandoned (it is a daemon and belongs to no one any more) and a fresh worker serves the
 * next request, so a late completion can never be credited to another request (spec 11 item 5).
 * Called by the IPC thread only.
 */
final class UserWorker {
    /** Spins before a waiting side parks: long enough to catch a peer that is still awake. */
    static final int DEFAULT_SPIN_LIMIT = 2_000;
    private static final long PARK_NANOS = 20_000;

    /** One request: written by the IPC thread before publishing, by the worker after running. */
    static final class Request {
        final IntSupplier op;
        final Thread waiter;
        volatile boolean done;
        volatile boolean cancelled;
        /** Set by the waiter before it parks, so the worker unparks only a parked waiter. */
        volatile boolean waiterParked;
        int status;
        Throwable error;

        Request(IntSupplier op, Thread waiter) {
            this.op = op;
            this.waiter = waiter;
        }
    }

    /** A worker thread's mailbox. */
    private static final class Mailbox {
        volatile Request pending;
        volatile boolean stop;
        /** Set by the worker before it parks, so the kernel unparks only a parked worker. */
        volatile boolean parked;
        Thread thread;
    }

    private final MemorySystem memory;
    private final LongSupplier nanoTime;
    private final long timeoutNanos;
    private final int spinLimit;
    private Mailbox current;
    private int refcount;
    private int generation;
    private long requests;
    private long abandoned;

    UserWorker(MemorySystem memory, LongSupplier nanoTime, long timeoutNanos) {
        this(memory, nanoTime, timeoutNanos, DEFAULT_SPIN_LIMIT);
    }

    /** With a spin limit: 0 always parks (the benchmark's park path). */
    UserWorker(MemorySystem memory, LongSupplier nanoTime, long timeoutNanos, int spinLimit) {
        this.memory = memory;
        this.nanoTime = nanoTime;
        this.timeoutNanos = timeoutNanos;
        this.spinLimit = spinLimit;
    }

    /** {@code user_worker_get}: the first live user instance starts the worker. */
    void get(MemoryDomain domain) {
        if (refcount++ == 0) {
            current = startWorker(domain);
        }
    }

    /** {@code user_worker_put}: the last one stops it. */
    void put() {
        if (refcount <= 0) {
            throw new IllegalStateException("user worker refcount=" + refcount);
        }
        if (--refcount == 0) {
            stopWorker(current);
            current = null;
        }
    }

    int refcount() {
        return refcount;
    }

    /** @return the worker thread now serving requests, or {@code null} */
    Thread thread() {
        return current == null ? null : current.thread;
    }

    /** @return requests sent to a worker so far */
    long requests() {
        return requests;
    }

    /** @return requests abandoned after a timeout */
    long abandoned() {
        return abandoned;
    }

    private Mailbox startWorker(MemoryDomain domain) {
        final Mailbox box = new Mailbox();
        box.thread = memory.newUserThread("sofj-user-worker-" + (++generation), domain, 4096,
                () -> serve(box, spinLimit));
        box.thread.start();
        return box;
    }

    private static void stopWorker(Mailbox box) {
        box.stop = true;
        LockSupport.unpark(box.thread);
        try {
            box.thread.join(1000); // bounded: a worker in a module op is abandoned, not awaited
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void serve(Mailbox box, int spinLimit) {
        int idle = 0;
        while (!box.stop) {
            final Request r = box.pending;
            if (r == null) {
                if (++idle < spinLimit) {
                    Thread.onSpinWait();
                } else {
                    // Dekker with invoke(): flag, re-check, park; unpark is a syscall, so the
                    // kernel pays for it only when this thread really sleeps.
                    box.parked = true;
                    if (box.pending == null && !box.stop) {
                        LockSupport.park(box);
                    }
                    box.parked = false;
                }
                continue;
            }
            idle = 0;
            box.pending = null;
            try {
                r.status = r.op.getAsInt();
            } catch (Throwable t) {
                r.error = t;
                r.status = -Errno.EFAULT;
            }
            r.done = true;
            if (r.waiterParked) {
                LockSupport.unpark(r.waiter);
            }
            if (r.cancelled) {
                return; // abandoned while stuck: a fresh worker has replaced this one
            }
        }
    }

    /**
     * {@code userspace_proxy_invoke}: moves the worker into {@code domain}, runs {@code op} there
     * and waits for it.
     *
     * @return the request (its status, or the error it threw), or {@code null} on timeout
     */
    Request invoke(MemoryDomain domain, IntSupplier op) {
        final Mailbox box = current;
        if (box == null) {
            throw new IllegalStateException("no user worker: no live user instance");
        }
        memory.moveThread(box.thread, domain);
        final Request r = new Request(op, Thread.currentThread());
        requests++;
        final long deadline = nanoTime.getAsLong() + timeoutNanos; // before the worker can run
        box.pending = r;
        if (box.parked) {
            LockSupport.unpark(box.thread);
        }
        int spins = 0;
        while (!r.done) {
            if (++spins < spinLimit) {
                Thread.onSpinWait();
            } else if (nanoTime.getAsLong() - deadline >= 0) {
                r.cancelled = true;
                if (r.done) {
                    return r; // completed just now: not a timeout
                }
                abandoned++;
                current = startWorker(domain);
                return null;
            } else {
                r.waiterParked = true;
                if (!r.done) {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
                r.waiterParked = false;
            }
        }
        return r;
    }
}
