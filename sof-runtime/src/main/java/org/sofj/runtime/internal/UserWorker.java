package org.sofj.runtime.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.sofj.api.Errno;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemorySystem;
import org.sofj.runtime.RuntimeEvent;

/**
 * The shared user worker of proxy variant A1 (spec 4.5): one user thread, refcounted by live user
 * instances, moved into the target instance's domain before each request. The handoff is
 * spin-then-park (a blocking wake costs ~25 us on this machine kind; spinning first catches a
 * worker that is still awake), through a {@link Mailbox} whose request and response sides sit on
 * separate cache lines, so a round trip moves the fewest lines between cores.
 *
 * <p>Unlike SOF, a request that times out is <b>cancelled</b>: the worker thread that is stuck in
 * it is abandoned with its mailbox (it is a daemon and belongs to no one any more) and a fresh
 * worker with a fresh mailbox serves the next request, so a late completion can never be
 * credited to another request (spec 11 item 5). Called by the IPC thread only.
 */
final class UserWorker {
    /** Spins before a waiting side parks: long enough to catch a peer that is still awake. */
    static final int DEFAULT_SPIN_LIMIT = 2_000;
    private static final long PARK_NANOS = 20_000;

    /** A completed request's outcome, as the caller reads it. */
    static final class Request {
        final IntSupplier op;
        final Thread waiter;
        volatile boolean done;
        volatile boolean cancelled;
        int status;
        /** What the op threw, described on the user thread ({@link Faults}); or {@code null}. */
        String error;
        RuntimeEvent.Kind errorKind;
        /** Bytes the user thread allocated during the op. */
        long allocated;

        Request(IntSupplier op, Thread waiter) {
            this.op = op;
            this.waiter = waiter;
        }
    }

    private final MemorySystem memory;
    private final LongSupplier nanoTime;
    private final long timeoutNanos;
    private final int spinLimit;
    /** The outcome of the last request; one IPC thread, so one object serves every call. */
    private final Request outcome = new Request(null, null);
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
            current.stop();
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
        final Mailbox box = new Mailbox(spinLimit, memory);
        box.thread = memory.newUserThread("sofj-user-worker-" + (++generation), domain, 4096,
                box::serve);
        box.thread.start();
        return box;
    }

    /**
     * {@code userspace_proxy_invoke}: moves the worker into {@code domain}, runs {@code op} there
     * and waits for it.
     *
     * @return the outcome (status, or the error the op threw), or {@code null} on timeout; the
     *     outcome object is reused by the next call
     */
    Request invoke(MemoryDomain domain, IntSupplier op) {
        final Mailbox box = current;
        if (box == null) {
            throw new IllegalStateException("no user worker: no live user instance");
        }
        memory.moveThread(box.thread, domain);
        requests++;
        final long deadline = nanoTime.getAsLong() + timeoutNanos; // before the worker can run
        final long seq = box.post(op, Thread.currentThread());
        int spins = 0;
        while (box.doneSeq() != seq) {
            if (++spins < spinLimit) {
                Thread.onSpinWait();
            } else if (nanoTime.getAsLong() - deadline >= 0) {
                if (box.doneSeq() == seq) {
                    break; // completed just now: not a timeout
                }
                abandoned++;
                box.abandon();
                memory.writeOff(box.thread); // it keeps no rights: the hostbox is reused next
                current = startWorker(domain);
                return null;
            } else {
                box.parkWaiter(seq, PARK_NANOS);
            }
        }
        outcome.status = box.status;
        outcome.error = box.error;
        outcome.errorKind = box.errorKind;
        outcome.allocated = box.allocated;
        return outcome;
    }

    /**
     * The handoff between the IPC thread and one worker thread. The request side (written by the
     * kernel) and the response side (written by the worker) are padded onto their own cache
     * lines; each side publishes with a release store of a sequence number, and the other side
     * reads it with an acquire load. A side that parks first sets its flag and re-checks (a
     * Dekker handshake with volatile accesses), so the other side unparks only a sleeper.
     */
    static final class Mailbox extends MailboxFields {
        private final int spinLimit;
        private final MemorySystem memory;
        Thread thread;

        Mailbox(int spinLimit, MemorySystem memory) {
            this.spinLimit = spinLimit;
            this.memory = memory;
        }

        /** Kernel: publishes a request and wakes the worker if it sleeps. */
        long post(IntSupplier next, Thread caller) {
            op = next;
            waiter = caller;
            final long seq = requestSeq + 1;
            requestSeq = seq; // volatile: the op is visible before, and the Dekker store
            if (workerParked) {
                LockSupport.unpark(thread);
            }
            return seq;
        }

        long doneSeq() {
            return doneSeq;
        }

        void parkWaiter(long seq, long nanos) {
            waiterParked = true;
            if (doneSeq != seq) {
                LockSupport.parkNanos(this, nanos);
            }
            waiterParked = false;
        }

        void abandon() {
            abandoned = true;
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
            try {
                thread.join(1000); // bounded: a worker in a module op is abandoned, not awaited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The worker thread's loop. */
        void serve() {
            long seen = 0;
            int idle = 0;
            while (!stopped && !abandoned) {
                final long seq = requestSeq;
                if (seq == seen) {
                    if (++idle < spinLimit) {
                        Thread.onSpinWait();
                    } else {
                        workerParked = true;
                        if (requestSeq == seen && !stopped) {
                            LockSupport.park(this);
                        }
                        workerParked = false;
                    }
                    continue;
                }
                idle = 0;
                seen = seq;
                run(op);
                doneSeq = seq; // volatile: status and error are visible before
                if (waiterParked) {
                    LockSupport.unpark(waiter);
                }
            }
        }

        private void run(IntSupplier request) {
            final long before = Allocations.current();
            try {
                error = null;
                errorKind = null;
                status = request.getAsInt();
            } catch (Throwable t) {
                error = Faults.describe(t); // on this user thread, never the kernel's
                errorKind = Faults.kindOf(t);
                status = -Errno.EFAULT;
            }
            allocated = Allocations.current() - before;
            memory.quiesce(); // between calls: a revocation need not wait for this spinner
        }
    }

    /** Field layout with padding: request side, then response side, each on its own lines. */
    abstract static class MailboxRequest {
        long p01, p02, p03, p04, p05, p06, p07, p08;
        volatile long requestSeq;
        IntSupplier op;
        Thread waiter;
        volatile boolean workerParked;
        volatile boolean stopped;
        volatile boolean abandoned;
    }

    /** Padding between the sides. */
    abstract static class MailboxPad extends MailboxRequest {
        long p11, p12, p13, p14, p15, p16, p17, p18;
    }

    /** The response side. */
    abstract static class MailboxFields extends MailboxPad {
        volatile long doneSeq;
        int status;
        String error;
        RuntimeEvent.Kind errorKind;
        long allocated;
        volatile boolean waiterParked;
        long p21, p22, p23, p24, p25, p26, p27, p28;
    }
}
