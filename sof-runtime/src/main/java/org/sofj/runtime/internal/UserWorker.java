package org.sofj.runtime.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.Errno;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Preemption;
import org.sofj.runtime.RuntimeEvent;

/**
 * The shared user worker of proxy variant A1 (spec 4.5): one user thread, refcounted by live user
 * instances, moved into the target instance's domain before each request. Both sides of the
 * handoff wait with {@link Waits#proxy} (spin, then park until woken: a blocking wake costs
 * ~25 us on this machine kind, and spinning first catches a worker that is still awake), through
 * a {@link Mailbox} whose request and response sides sit on separate cache lines, so a round trip
 * moves the fewest lines between cores.
 *
 * <p>Unlike SOF, a request that times out is <b>cancelled</b>: the worker thread that is stuck in
 * it is abandoned with its mailbox (it is a daemon and belongs to no one any more) and a fresh
 * worker with a fresh mailbox serves the next request, so a late completion can never be
 * credited to another request (spec 11 item 5). Called by the IPC thread only.
 */
final class UserWorker {
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
    private final CallTimeout timeout;
    private final boolean spin;
    /** The IPC thread's wait for a reply. */
    private final IdleStrategy replyIdle;
    private final int quietCalls;
    /** The outcome of the last request; one IPC thread, so one object serves every call. */
    private final Request outcome = new Request(null, null);
    private Mailbox current;
    private int refcount;
    private int generation;

    UserWorker(MemorySystem memory, long timeoutNanos) {
        this(memory, timeoutNanos, true);
    }

    /** With {@code spin} false both sides park at once (the benchmark's park path). */
    UserWorker(MemorySystem memory, long timeoutNanos, boolean spin) {
        this.memory = memory;
        this.timeout = new CallTimeout(timeoutNanos);
        this.spin = spin;
        this.replyIdle = Waits.proxy(spin);
        this.quietCalls = Waits.proxySpins(spin);
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

    private Mailbox startWorker(MemoryDomain domain) {
        final Mailbox box = new Mailbox(spin, memory::quiesce);
        box.thread = memory.newUserThread("sofj-user-worker-" + (++generation), domain, 4096,
                box::serve);
        box.thread.start();
        return box;
    }

    /**
     * {@code userspace_proxy_invoke}: moves the worker into {@code domain}, runs {@code op} there
     * and waits for it until it completes or {@link CallTimeout} judges the worker hung (on real
     * and CPU time, never on the injected clock; as under proxy variant A2).
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
        timeout.start(box.thread); // before the worker can run
        final long seq = box.post(op, Thread.currentThread());
        if (!box.await(seq, replyIdle, quietCalls, timeout)) {
            box.abandon();
            memory.writeOff(box.thread); // it keeps no rights: the hostbox is reused next
            // and it leaves the module's code at its next preemption check, then ends; if its
            // call returned meanwhile (without a check: a strip-mined loop checks only between
            // its chunks) and the worker already withdrew what it saw, this withdraws the rest
            final Preemption.Request r = Preemption.request(box.thread, () -> true,
                    "a proxy call past its timeout");
            if (box.ended) {
                r.withdraw();
            }
            current = startWorker(domain);
            return null;
        }
        outcome.status = box.status;
        outcome.error = box.error;
        outcome.errorKind = box.errorKind;
        outcome.allocated = box.allocated;
        return outcome;
    }

    /**
     * The handoff between the IPC thread and one worker thread. The request side (written by the
     * kernel) and the response side (written by the worker) sit between pads, JCTools style:
     * each group of fields in its own class of the hierarchy, so the JVM cannot reorder them
     * across the pads (HotSpot lays a superclass's fields before a subclass's). At least 128
     * bytes apart, not 64, because the adjacent-line prefetcher moves cache lines in pairs. A
     * pad is 136 single bytes: since JDK 15 HotSpot moves a subclass's small fields into the
     * alignment holes of its superclasses, so up to 7 of a pad's bytes may land among the
     * fields before it (JOL showed one at offset 143), and the bytes leave no hole for the next
     * side's fields to move into. The layout is checked with JOL ({@code MailboxLayoutTest}).
     *
     * <p>Each side publishes with a volatile write of a sequence number, and the other side reads
     * it volatile. A side that may park first raises its "parked" flag and re-checks (a Dekker
     * handshake with volatile accesses), so the other side unparks only a possible sleeper.
     * Lincheck model-checks the handshake ({@code MailboxHandshakeLincheckTest}); the class is
     * not final so that test can plant a lost wake-up in a subclass and show it is caught (the
     * runtime loads no subclass, so every call still binds statically).
     */
    static class Mailbox extends MailboxPad2 {
        private final IdleStrategy idle;
        private final int quietCalls;
        private final Runnable afterCall;
        Thread thread;

        /**
         * @param spin      whether the worker spins before it parks ({@link Waits#proxy})
         * @param afterCall run on the worker after each request ({@link MemorySystem#quiesce})
         */
        Mailbox(boolean spin, Runnable afterCall) {
            this(Waits.proxy(spin), Waits.proxySpins(spin), afterCall);
        }

        /**
         * @param idle       the worker's wait for a request
         * @param quietCalls how many {@code idle} calls after a reset can only spin: past them
         *                   the worker raises its "parked" flag before each call
         * @param afterCall  run on the worker after each request
         */
        Mailbox(IdleStrategy idle, int quietCalls, Runnable afterCall) {
            this.idle = idle;
            this.quietCalls = quietCalls;
            this.afterCall = afterCall;
        }

        /**
         * Kernel: publishes a request and wakes the worker if it may sleep. The previous request
         * must be done or abandoned.
         *
         * @return the request's sequence number
         */
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

        /** Kernel: whether request {@code seq} is done; its outcome is then visible. */
        boolean isDone(long seq) {
            return doneSeq == seq;
        }

        /**
         * Kernel: waits for request {@code seq} with {@code wait} ({@code userspace_proxy_invoke}'s
         * wait for the reply). The first {@code quietCalls} idle calls only spin; past them each
         * step may park ({@link #idleWaiter}) and the clock is read.
         *
         * @param timeout judges the call, started before the request was posted
         * @return whether the request is done (its outcome is then visible); {@code false} once
         *     the timeout has expired with the request still running
         */
        boolean await(long seq, IdleStrategy wait, int quietCalls, CallTimeout timeout) {
            wait.reset();
            int calls = 0;
            while (!isDone(seq)) {
                final boolean mayPark = calls >= quietCalls; // the clock is read past the spins
                if (!mayPark) {
                    calls++;
                }
                if (mayPark && timeout.expired()) {
                    return isDone(seq); // completed just now: not a timeout
                }
                idleWaiter(seq, wait, mayPark);
            }
            return true;
        }

        /**
         * Kernel: one idle step while request {@code seq} is not done.
         *
         * @param mayPark whether this step may park (past the strategy's spins): then the
         *                worker is told to unpark this thread when it completes
         */
        void idleWaiter(long seq, IdleStrategy wait, boolean mayPark) {
            if (!mayPark) {
                wait.idle();
                return;
            }
            waiterParked = true;
            if (doneSeq != seq) {
                wait.idle();
            }
            waiterParked = false;
        }

        void abandon() {
            abandoned = true;
        }

        void stop() {
            requestStop();
            try {
                thread.join(1000); // bounded: a worker in a module op is abandoned, not awaited
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Kernel: tells the worker to stop and wakes it; {@link #serve} then returns. */
        void requestStop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        /** The worker thread's loop: serve, else idle until woken, until stopped or abandoned. */
        void serve() {
            final IdleStrategy wait = idle;
            int calls = 0;
            while (!stopped && !abandoned) {
                if (serveOne()) {
                    wait.reset();
                    calls = 0;
                } else if (calls < quietCalls) {
                    calls++; // saturates: a worker idle for weeks still raises its flag
                    wait.idle();
                } else {
                    idleWorker(wait);
                }
            }
            if (abandoned) {
                ended = true; // before the withdrawal, under Preemption's lock: see invoke
                Preemption.acknowledge(); // a call that ended by itself just after its timeout
            }
        }

        /**
         * Worker: one idle step that may sleep, while no new request is posted. Raises the
         * "parked" flag first and re-checks after it, so a request posted at any moment either
         * is seen by the re-check or sees the flag and unparks this thread: no wake-up is lost.
         */
        void idleWorker(IdleStrategy wait) {
            workerParked = true;
            if (requestSeq == seen && !stopped) {
                wait.idle();
            }
            workerParked = false;
        }

        /**
         * Worker: runs the posted request if there is a new one, publishes its outcome and wakes
         * the kernel if it may sleep.
         *
         * @return whether a request ran
         */
        boolean serveOne() {
            final long seq = requestSeq;
            if (seq == seen) {
                return false;
            }
            seen = seq;
            run(op);
            doneSeq = seq; // volatile: status and error are visible before
            if (waiterParked) {
                LockSupport.unpark(waiter);
            }
            return true;
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
                if (Preemption.isPreemption(t)) {
                    Preemption.acknowledge(); // abandoned: the serve loop ends next
                }
            }
            allocated = Allocations.current() - before;
            afterCall.run(); // between calls: a revocation need not wait for this spinner
        }
    }

    /** Padding before the request side: apart from whatever precedes the object. */
    abstract static class MailboxPad0 {
        byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013;
        byte p014, p015, p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027;
        byte p028, p029, p030, p031, p032, p033, p034, p035, p036, p037, p038, p039, p040, p041;
        byte p042, p043, p044, p045, p046, p047, p048, p049, p050, p051, p052, p053, p054, p055;
        byte p056, p057, p058, p059, p060, p061, p062, p063, p064, p065, p066, p067, p068, p069;
        byte p070, p071, p072, p073, p074, p075, p076, p077, p078, p079, p080, p081, p082, p083;
        byte p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095, p096, p097;
        byte p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111;
        byte p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125;
        byte p126, p127, p128, p129, p130, p131, p132, p133, p134, p135;
    }

    /** The request side: written by the kernel, read by the worker. */
    abstract static class MailboxRequest extends MailboxPad0 {
        volatile long requestSeq;
        IntSupplier op;
        Thread waiter;
        /** The kernel may be parked waiting for the reply: the worker unparks it. */
        volatile boolean waiterParked;
        volatile boolean stopped;
        volatile boolean abandoned;
    }

    /** Padding between the sides. */
    abstract static class MailboxPad1 extends MailboxRequest {
        byte p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147, p148, p149;
        byte p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
        byte p164, p165, p166, p167, p168, p169, p170, p171, p172, p173, p174, p175, p176, p177;
        byte p178, p179, p180, p181, p182, p183, p184, p185, p186, p187, p188, p189, p190, p191;
        byte p192, p193, p194, p195, p196, p197, p198, p199, p200, p201, p202, p203, p204, p205;
        byte p206, p207, p208, p209, p210, p211, p212, p213, p214, p215, p216, p217, p218, p219;
        byte p220, p221, p222, p223, p224, p225, p226, p227, p228, p229, p230, p231, p232, p233;
        byte p234, p235, p236, p237, p238, p239, p240, p241, p242, p243, p244, p245, p246, p247;
        byte p248, p249, p250, p251, p252, p253, p254, p255, p256, p257, p258, p259, p260, p261;
        byte p262, p263, p264, p265, p266, p267, p268, p269, p270, p271;
    }

    /** The response side: written by the worker, read by the kernel. */
    abstract static class MailboxResponse extends MailboxPad1 {
        volatile long doneSeq;
        /** Set by an abandoned worker before it withdraws its requests and ends. */
        volatile boolean ended;
        /** The last request the worker took; worker only. */
        long seen;
        int status;
        String error;
        RuntimeEvent.Kind errorKind;
        long allocated;
        /** The worker may be parked waiting for a request: the kernel unparks it. */
        volatile boolean workerParked;
    }

    /** Padding after the response side: apart from the cold fields and what follows. */
    abstract static class MailboxPad2 extends MailboxResponse {
        byte p272, p273, p274, p275, p276, p277, p278, p279, p280, p281, p282, p283, p284, p285;
        byte p286, p287, p288, p289, p290, p291, p292, p293, p294, p295, p296, p297, p298, p299;
        byte p300, p301, p302, p303, p304, p305, p306, p307, p308, p309, p310, p311, p312, p313;
        byte p314, p315, p316, p317, p318, p319, p320, p321, p322, p323, p324, p325, p326, p327;
        byte p328, p329, p330, p331, p332, p333, p334, p335, p336, p337, p338, p339, p340, p341;
        byte p342, p343, p344, p345, p346, p347, p348, p349, p350, p351, p352, p353, p354, p355;
        byte p356, p357, p358, p359, p360, p361, p362, p363, p364, p365, p366, p367, p368, p369;
        byte p370, p371, p372, p373, p374, p375, p376, p377, p378, p379, p380, p381, p382, p383;
        byte p384, p385, p386, p387, p388, p389, p390, p391, p392, p393, p394, p395, p396, p397;
        byte p398, p399, p400, p401, p402, p403, p404, p405, p406, p407;
    }
}
