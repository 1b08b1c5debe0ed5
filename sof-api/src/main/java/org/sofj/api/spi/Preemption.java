package org.sofj.api.spi;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Cooperative preemption of user-mode code, the way sandboxes take a thread back on a runtime
 * that cannot kill one: the library loader inserts a call to {@link #poll()} into the bytecode of
 * every class it defines for a library with user-mode modules, at every method entry, before
 * every backward branch and at every exception handler's entry. While nothing is being
 * preempted, {@link #poll()} is one read of a static volatile field that holds {@code null}.
 * When a watchdog of the runtime gave up on a user call (a hung tick window, a DP run past its
 * limit, a proxy call past its timeout), it {@linkplain #request requests} the preemption of the
 * thread that runs the call; that thread's next poll throws {@link Preempted}, so it unwinds out
 * of the module to the runtime's call wrapper. A module that catches it cannot keep it: its
 * handler polls on entry and throws again, and so does every later back edge or call, for as
 * long as the request is due.
 *
 * <p>Only the runtime and trusted (kernel-mode) code may reference this class: the link check
 * refuses a user-mode module that names it (the {@code spi} package is platform only), and the
 * checks it inserts are added after the link check and the signature, to the defined classes
 * only. The check exists only in module bytecode, never in kernel code, so a preemption never
 * interrupts a syscall halfway.
 *
 * <p>A thread the runtime has <em>abandoned</em> ({@link #abandon}: a tick thread stuck in a call
 * that no check reaches, such as a JDK method that does not return, which the runtime replaced
 * with a new thread) is preempted for good: {@link #acknowledge} never withdraws it, and the
 * kernel's entries a module may still call on it (sink and source, syscalls) refuse it at their
 * start with {@link #checkAbandoned}, before they change anything. Thread-safe: {@link #request}, {@link Request#withdraw} and
 * {@link #acknowledge} are cold paths under this class's lock; {@link #poll} takes no lock and
 * allocates nothing while no request is pending.
 */
public final class Preemption {
    private static final Request[] NONE = new Request[0];
    /** The requests in force, or {@code null} when there are none: what {@link #poll} reads. */
    private static volatile Request[] pending;

    private Preemption() {
    }

    /**
     * The check the loader inserts into user-mode bytecode. Throws on the thread a due request
     * names; returns at once (one volatile read) while nothing is being preempted. Any thread.
     *
     * @throws Preempted if a request names the calling thread and is still due
     */
    public static void poll() {
        if (pending != null) {
            slowPoll(false);
        }
    }

    /** @param abandonedOnly whether only an abandonment throws (a kernel entry's check) */
    private static void slowPoll(boolean abandonedOnly) {
        final Request[] rs = pending;
        if (rs == null) {
            return;
        }
        final Thread self = Thread.currentThread();
        for (Request r : rs) {
            if (r.thread == self && (abandonedOnly ? r.abandoned : r.due.getAsBoolean())) {
                throw r.error;
            }
        }
    }

    /**
     * Requests the preemption of {@code thread}: its next {@link #poll} throws {@link Preempted}
     * while {@code due} answers {@code true} on that thread. {@code due} is evaluated by the
     * target thread itself inside the module's code, so it can tell exactly whether the call
     * that was judged hung is still the one running (a call that ended just before the request
     * landed is not preempted: the next one on the same thread is a different call). It must
     * not throw, block or allocate. Cold path.
     *
     * @param thread the thread that runs the hung user call
     * @param due    whether the preemption still applies, asked on {@code thread}
     * @param reason a one-line reason, the error's message
     * @return the request, to {@linkplain Request#withdraw withdraw} when it no longer applies
     */
    public static Request request(Thread thread, BooleanSupplier due, String reason) {
        return add(new Request(Objects.requireNonNull(thread, "thread"),
                Objects.requireNonNull(due, "due"), Objects.requireNonNull(reason, "reason"),
                false));
    }

    private static Request add(Request r) {
        synchronized (Preemption.class) {
            final Request[] rs = live(pending);
            final Request[] next = Arrays.copyOf(rs, rs.length + 1);
            next[rs.length] = r;
            pending = next;
        }
        return r;
    }

    /**
     * Withdraws every request that names the calling thread (and those of threads that have
     * ended): a call wrapper that caught
     * {@link Preempted} (or otherwise knows its hung call has ended) acknowledges it, so the
     * thread's next call into module code runs normally. Cold path.
     */
    public static void acknowledge() {
        final Thread self = Thread.currentThread();
        drop(r -> r.thread == self && !r.abandoned);
    }

    /**
     * Abandons {@code thread}: the runtime gave up waiting for it and carries on without it (a
     * new thread runs what it ran). Its every later check in module code throws, and so does
     * every kernel entry that calls {@link #checkAbandoned} on it, for as long as it lives; no
     * {@link #acknowledge} withdraws this (only {@link Request#withdraw}, and the thread's end).
     * Cold path.
     *
     * @param thread the thread given up on
     * @param reason a one-line reason, the error's message
     * @return the request
     */
    public static Request abandon(Thread thread, String reason) {
        return add(new Request(Objects.requireNonNull(thread, "thread"), () -> true,
                Objects.requireNonNull(reason, "reason"), true));
    }

    /**
     * The check at the start of a kernel entry that module code may call (a sink's or source's
     * operation, a syscall): throws on a thread the runtime has {@linkplain #abandon abandoned},
     * before the entry changes anything, so such a thread, back from a call that did not return
     * in time, writes nothing the kernel has handed to another thread. Any thread; one read of
     * the field {@link #poll} reads while nothing is preempted, no allocation.
     *
     * @throws Preempted on an abandoned thread
     */
    public static void checkAbandoned() {
        if (pending != null) {
            slowPoll(true);
        }
    }

    /** Withdraws the requests {@code gone} names, and those of ended threads. Cold path. */
    private static void drop(java.util.function.Predicate<Request> gone) {
        synchronized (Preemption.class) {
            final Request[] rs = pending;
            if (rs == null) {
                return;
            }
            int n = 0;
            final Request[] keep = new Request[rs.length];
            for (Request r : rs) {
                if (!gone.test(r) && r.thread.isAlive()) {
                    keep[n++] = r;
                }
            }
            publish(keep, n);
        }
    }

    /**
     * @param t what a call into module code threw
     * @return whether {@code t} is a preemption's error
     */
    public static boolean isPreemption(Throwable t) {
        return t instanceof Preempted;
    }

    /** @return how many requests are in force (after dropping those of ended threads) */
    public static int pendingCount() {
        synchronized (Preemption.class) {
            final Request[] rs = live(pending);
            publish(rs, rs.length);
            return rs.length;
        }
    }

    /**
     * {@return the requests in force (after dropping those of ended threads), each as its
     * thread's name and its reason, for a report or a test's message} Cold path.
     */
    public static java.util.List<String> pendingReasons() {
        synchronized (Preemption.class) {
            final Request[] rs = live(pending);
            publish(rs, rs.length);
            final java.util.List<String> out = new java.util.ArrayList<>(rs.length);
            for (Request r : rs) {
                out.add(r.thread.getName() + (r.abandoned ? " (abandoned): " : ": ")
                        + r.error.getMessage());
            }
            return out;
        }
    }

    /** The requests in force whose threads have not ended; never {@code null}. Under the lock. */
    private static Request[] live(Request[] rs) {
        if (rs == null) {
            return NONE;
        }
        int n = 0;
        final Request[] keep = new Request[rs.length];
        for (Request r : rs) {
            if (r.thread.isAlive()) {
                keep[n++] = r;
            }
        }
        return n == rs.length ? rs : Arrays.copyOf(keep, n);
    }

    /** Under the lock: the first {@code n} of {@code rs} become the requests in force. */
    private static void publish(Request[] rs, int n) {
        pending = n == 0 ? null : n == rs.length ? rs : Arrays.copyOf(rs, n);
    }

    /** One request: a thread, the condition under which it is still due, and its error. */
    public static final class Request {
        final Thread thread;
        final BooleanSupplier due;
        final Preempted error;
        /** Whether the thread is abandoned ({@link #abandon}): never acknowledged. */
        final boolean abandoned;

        Request(Thread thread, BooleanSupplier due, String reason, boolean abandoned) {
            this.thread = thread;
            this.due = due;
            this.error = new Preempted(reason);
            this.abandoned = abandoned;
        }

        /** Withdraws this request (the call it was about has ended). Cold path; idempotent. */
        public void withdraw() {
            drop(r -> r == this);
        }

        /** @return the thread it names */
        public Thread thread() {
            return thread;
        }
    }

    /**
     * What a preempted thread throws out of module code. One instance per request, made when the
     * request is (no allocation on the preempted thread, which may be out of memory), without a
     * stack trace or suppressed exceptions, so a module that catches it can change nothing in it.
     */
    public static final class Preempted extends Error {
        private static final long serialVersionUID = 1L;

        Preempted(String reason) {
            super(reason, null, false, false);
        }
    }
}
