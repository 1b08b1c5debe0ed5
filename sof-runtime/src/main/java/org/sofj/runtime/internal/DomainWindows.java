package org.sofj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.Preemption;
import org.sofj.api.spi.Scheduler;
import org.sofj.runtime.RuntimeEvent;

/**
 * User-mode code on a tick thread (issue 16): a user LL module's {@code process}, and a DP body
 * run inline in virtual time, run after a domain switch ({@link MemorySystem#enterDomain}) into
 * the instance's domain, so the tick thread has exactly the instance's user rights while the
 * module's code runs and its kernel rights only outside that window. Whatever the module throws
 * is described inside the window ({@link Faults}), so a hostile {@code getMessage} runs with the
 * module's rights too.
 *
 * <p>A module that never returns: the JVM cannot kill a thread, so the tick thread is taken back
 * cooperatively ({@link Preemption}). The <em>watchdog</em> (a daemon thread, started with the first user
 * LL instance or inline DP task) looks at every core's open window each
 * {@link Waits#WATCHDOG_POLL_NANOS} ({@link Waits#watchdog}); one in which the tick thread has
 * spent more than the kernel's hold timeout (at least 1 s) of <em>CPU time</em>, or which has stayed open for {@link #BLOCKED_FACTOR} times
 * that of real time (a module blocked without spending CPU), belongs to a hung module: the
 * instance is FAULTED ({@code HANG}) and written off, its domain emptied. Both are counted from
 * the first poll that saw the window open, so a hung module is caught between the limit and one
 * poll later. CPU time is the judge because a loaded host can keep a healthy module's thread off
 * the CPU for a second or more (a virtual-clock run at load average 13 wrote off a healthy
 * {@code fir} on real time alone); where the JVM cannot measure another thread's CPU time, real
 * time is. The watchdog then requests the preemption of the tick thread for that window: the
 * module's next preemption check (or its next access to simulated memory, which faults) unwinds
 * it back to the tick, which goes on without it; the request is withdrawn once the window has
 * closed.
 *
 * <p>A thread that does not come back: a module inside a JDK call that does not return (no
 * check runs there), or blocked on a monitor whose holder is never taken back. On the wall clock,
 * once the window has stayed open {@link #limitNanos} of real time after the preemption was
 * requested, the watchdog <em>abandons</em> the tick thread ({@link #abandon}), as the proxy
 * abandons a worker past its timeout: the scheduler lets go of it and ticks the core on a new
 * thread ({@link Scheduler#abandonTickThread}), the core gets a fresh slot, and the old thread
 * is marked abandoned ({@link Preemption#abandon}). It keeps the FAULTED instance's emptied
 * domain while it stays in the module's code, so its accesses fault; a sink, source or syscall
 * it calls throws before changing anything; and when it comes back to {@link #leave} it finds
 * it is no longer its slot's runner and throws, through kernel frames that write nothing the new
 * thread owns, up to its first frame in the scheduler, which ends it. Counted and bounded by the
 * scheduler; each attempt is an event in the log. On the virtual clock nothing is abandoned:
 * the ticks run on the thread that called {@code runTicks}, which returns once the call does
 * (one event says so).
 *
 * <p>Threads: {@link #enter}/{@link #leave} on the tick thread (no allocation, no lock, no clock
 * read: release stores of the core's slot, which the watchdog reads with acquire loads; each
 * window gets a new number, so the watchdog tells a long window from two short ones of the same
 * instance). A slot is an object of its own, not an element of atomic arrays: no bounds or
 * element-type check per store, and the runner is stored only when the core's thread changes.
 * {@link #leave} also reads the runner back (an acquire load, a plain one on x86) after the
 * domain switch's own atomic update: the abandonment check, a Dekker pair with the watchdog's
 * compare-and-set of the runner ({@link #abandon}).
 */
final class DomainWindows {
    /** A window open this many times the limit in real time is hung even without CPU time. */
    static final int BLOCKED_FACTOR = 10;
    /** A slot's runner while the watchdog decides whether to abandon it; never started. */
    private static final Thread DECIDING = new Thread("sofj-tick-watchdog-deciding");
    /** A slot's runner once its thread is abandoned; never started. */
    private static final Thread GIVEN_UP = new Thread("sofj-tick-watchdog-given-up");

    private final MemorySystem memory;
    private final Scheduler scheduler;
    private final boolean wall;
    private final Reports reports;
    private final LongSupplier ticks;
    private final long limitNanos;
    /**
     * Per core: its window; the core's tick thread writes, the watchdog reads. The watchdog
     * replaces a core's slot when it abandons its thread, before the new thread starts.
     */
    private final Slot[] slots;
    private final boolean cpuTime;
    /** Per core, the watchdog's own: the window it saw open, and since when (its clock). */
    private final long[] seenWindow;
    private final long[] seenSince;
    private final long[] seenCpu;
    /** Per core, the watchdog's own: the preemption it requested, and for which window. */
    private final Preemption.Request[] requested;
    private final long[] requestedWindow;
    /** Per core, the watchdog's own: when it requested that preemption, and its last try. */
    private final long[] requestedSince;
    private final long[] abandonTried;
    private volatile boolean closed;
    private Thread watchdog;

    /**
     * @param memory     the memory system whose domain switches these are
     * @param scheduler  the scheduler whose tick threads these are: it abandons one that does
     *                   not come back
     * @param wall       whether it runs the wall clock (else nothing is abandoned)
     * @param reports    where a hung instance's fault goes
     * @param ticks      the scheduler's tick count, for the fault's tick
     * @param cores      simulated cores: one window slot each
     * @param limitNanos how long a window may stay open before its instance is written off
     *                   (real time: the kernel's hold timeout)
     */
    DomainWindows(MemorySystem memory, Scheduler scheduler, boolean wall, Reports reports,
            LongSupplier ticks, int cores, long limitNanos) {
        this.memory = memory;
        this.scheduler = scheduler;
        this.wall = wall;
        this.reports = reports;
        this.ticks = ticks;
        this.limitNanos = limitNanos;
        this.slots = new Slot[cores];
        for (int i = 0; i < cores; i++) {
            slots[i] = new Slot();
        }
        this.seenWindow = new long[cores];
        this.seenSince = new long[cores];
        this.seenCpu = new long[cores];
        this.requested = new Preemption.Request[cores];
        this.requestedWindow = new long[cores];
        this.requestedSince = new long[cores];
        this.abandonTried = new long[cores];
        java.util.Arrays.fill(abandonTried, -1);
        this.cpuTime = ThreadCpu.MEASURED;
    }

    /** Starts the watchdog if it is not running. IPC thread; cold path. */
    synchronized void arm() {
        if (watchdog != null || closed) {
            return;
        }
        watchdog = new Thread(this::watch, "sofj-tick-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Switches the calling tick thread into {@code c}'s domain. The caller calls {@link #leave}
     * with the slot returned, in a {@code finally} right after.
     *
     * @param c a user-mode instance
     * @return the core's slot, for {@link #leave}
     */
    Slot enter(Component c) {
        final Slot s = slots[c.core];
        final Thread t = Thread.currentThread();
        if (s.runner != t) { // it reads t only if t wrote it: a new tick thread stores itself
            Slot.RUNNER.setRelease(s, t);
        }
        Slot.WINDOW.setRelease(s, s.window + 1); // single writer: the core's tick thread
        Slot.OPEN.setRelease(s, c);
        memory.enterDomain(c.domain);
        return s;
    }

    /**
     * Back to kernel rights, unless the watchdog has abandoned the calling thread meanwhile:
     * then it throws (the abandoned thread's {@link Preemption.Preempted}), and the caller's
     * frames let it through to the scheduler's, which ends the thread.
     *
     * @param s what {@link #enter} returned
     */
    void leave(Slot s) {
        Slot.OPEN.setRelease(s, null);
        memory.leaveDomain(); // a full fence (its contract): the store above, then the load
        if ((Thread) Slot.RUNNER.getAcquire(s) != Thread.currentThread()) {
            abandoned(s);
        }
    }

    /**
     * The calling thread is no longer its slot's runner: the watchdog is deciding, or gave it
     * up. Waits for the decision (a few of the watchdog's instructions) and returns if it kept
     * the thread. Cold.
     */
    private static void abandoned(Slot s) {
        final Thread self = Thread.currentThread();
        Thread r;
        while ((r = (Thread) Slot.RUNNER.getAcquire(s)) == DECIDING) {
            Thread.onSpinWait();
        }
        if (r == self) {
            return;
        }
        Preemption.checkAbandoned(); // throws the abandonment's error
        throw new IllegalStateException("thread=" + self.getName() + " runs no tick any more");
    }

    private void watch() {
        final long limit = limitNanos;
        final IdleStrategy poll = Waits.watchdog();
        while (!closed) {
            final long now = System.nanoTime();
            for (int core = 0; core < slots.length; core++) {
                final Slot s = slots[core];
                final long w = (long) Slot.WINDOW.getAcquire(s);
                final Component c = (Component) Slot.OPEN.getAcquire(s);
                if (c == null || w != seenWindow[core]) {
                    seenWindow[core] = w; // closed, or a new window: its time starts now
                    seenSince[core] = now;
                    seenCpu[core] = cpu(core);
                } else if (!c.writtenOff && (cpu(core) - seenCpu[core] > limit
                        || now - seenSince[core] > BLOCKED_FACTOR * limit)
                        && Slot.OPEN.getAcquire(s) == c
                        && (long) Slot.WINDOW.getAcquire(s) == w) {
                    hung(c, limit);
                    preempt(core, s, c, w);
                }
                final Preemption.Request r = requested[core];
                if (r != null && (c == null || w != requestedWindow[core])) {
                    r.withdraw(); // its window closed: the tick thread is back in the kernel
                    requested[core] = null;
                } else if (r != null && abandonTried[core] != w
                        && now - requestedSince[core] > limit) {
                    abandonTried[core] = w; // once per window
                    abandon(core, s, c, w, limit);
                }
            }
            poll.idle(); // a fixed period; close() unparks it
        }
        // closed: withdraw what this watchdog still asks, or a request made just before the
        // runtime closed names the thread that ran the ticks for as long as it lives (on the
        // virtual clock, the caller of runTicks), and every module's check stays on the slow
        // path (AttackSuiteTest vector 37 found one on the test's main thread)
        for (int core = 0; core < requested.length; core++) {
            if (requested[core] != null) {
                requested[core].withdraw();
                requested[core] = null;
            }
        }
    }

    /**
     * @return the CPU time of the thread that runs {@code core}'s ticks, or the watchdog's real
     *     time where the JVM cannot tell (then the limit is real time, as before)
     */
    private long cpu(int core) {
        final Thread t = (Thread) Slot.RUNNER.getAcquire(slots[core]);
        if (!cpuTime || !isTickThread(t)) {
            return System.nanoTime();
        }
        final long ns = ThreadCpu.of(t);
        return ns < 0 ? System.nanoTime() : ns; // -1: the thread ended
    }

    /**
     * Asks the core's tick thread to leave the hung window {@code w} of {@code c}: its next
     * preemption check in the module's code throws, and the call unwinds to the tick's call
     * wrapper, which treats it as the fault it is, so the tick goes on. The condition is asked on
     * the tick thread itself, so a window that closed just before the request leaves the next
     * one alone.
     */
    private void preempt(int core, Slot s, Component c, long w) {
        final Thread t = (Thread) Slot.RUNNER.getAcquire(s);
        if (!isTickThread(t)) {
            return;
        }
        requested[core] = Preemption.request(t, () -> s.open == c && s.window == w,
                c.name() + ": its code held the tick thread past the limit");
        requestedWindow[core] = w;
        requestedSince[core] = System.nanoTime();
    }

    private static boolean isTickThread(Thread t) {
        return t != null && t != DECIDING && t != GIVEN_UP;
    }

    /**
     * The tick thread did not come back to a check within the limit after its preemption was
     * requested (a JDK call that does not return, a monitor whose holder is not taken back):
     * gives it up and has the scheduler tick the core on a new thread. First the runner becomes
     * {@link #DECIDING} by compare-and-set (a full fence), then the window is read again: if the
     * thread has closed it, {@link #leave}'s read of the runner, which follows its close and the
     * domain switch's fence, may have seen it as its own, so it is kept. Otherwise its next
     * {@link #leave} cannot have read the runner yet, and waits for this decision. Watchdog
     * thread; cold.
     */
    private void abandon(int core, Slot s, Component c, long w, long limit) {
        final Thread stuck = (Thread) Slot.RUNNER.getAcquire(s);
        final String what = "its call did not come back to a preemption check " + limit / 1_000_000
                + " ms after its preemption was requested (a JDK method that does not return, or "
                + "a monitor whose holder is not taken back)";
        if (!wall) {
            reports.event(c, RuntimeEvent.Kind.STUCK_THREAD, what + "; the virtual clock's ticks run on "
                    + "the thread that called runTicks, which is not abandoned: runTicks returns "
                    + "once the call does", ticks.getAsLong());
            return;
        }
        if (!isTickThread(stuck) || !Slot.RUNNER.compareAndSet(s, stuck, DECIDING)) {
            return;
        }
        if (Slot.OPEN.getAcquire(s) != c || (long) Slot.WINDOW.getAcquire(s) != w) {
            Slot.RUNNER.compareAndSet(s, DECIDING, stuck); // it came back just now: kept
            return;
        }
        final Slot fresh = new Slot();
        fresh.window = w + 1; // numbers go on: the watchdog sees a new, closed window
        final String reason = c.name() + ": " + what + "; its tick thread was abandoned";
        final boolean given = scheduler.abandonTickThread(c.core, stuck, () -> {
            Preemption.abandon(stuck, reason); // before the thread can see it is given up
            c.clearRequests(); // a fragment it held: the FAULTED instance plays silence again
            slots[core] = fresh; // before the new thread starts
            Slot.RUNNER.setRelease(s, GIVEN_UP);
        });
        if (given) {
            reports.event(c, RuntimeEvent.Kind.STUCK_THREAD, what + "; its tick thread " + stuck.getName()
                    + " was abandoned and core " + core + " ticks on a new one ("
                    + scheduler.abandonedTickThreads() + " abandoned so far)", ticks.getAsLong());
        } else {
            Slot.RUNNER.compareAndSet(s, DECIDING, stuck);
            reports.event(c, RuntimeEvent.Kind.STUCK_THREAD, what + "; its tick thread " + stuck.getName()
                    + " was not abandoned (" + scheduler.abandonedTickThreads() + " abandoned "
                    + "so far, the bound): core " + core + " waits for the call",
                    ticks.getAsLong());
        }
    }

    /** FAULTs and writes off an instance whose code has held its core's tick past the limit. */
    private void hung(Component c, long limit) {
        c.writtenOff = true;
        reports.fault(c, RuntimeEvent.Kind.HANG, "its code held the tick thread for more than "
                + limit / 1_000_000 + " ms of CPU time (or " + BLOCKED_FACTOR * limit / 1_000_000
                + " ms blocked); written off (its domain emptied)", ticks.getAsLong());
        for (Partition p : c.domain.partitions()) {
            c.domain.removePartition(p.start(), p.size()); // its next access faults
        }
        if (c.dpThread != null) {
            memory.writeOff(c.dpThread); // an idle DP thread of an inline DP instance
        }
    }

    /** Stops the watchdog; bounded. */
    void close() {
        final Thread t;
        synchronized (this) {
            closed = true;
            t = watchdog;
        }
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One core's window: what its tick runs now and the number of that window. */
    static final class Slot {
        static final VarHandle OPEN;
        static final VarHandle RUNNER;
        static final VarHandle WINDOW;

        static {
            try {
                final MethodHandles.Lookup l = MethodHandles.lookup();
                OPEN = l.findVarHandle(Slot.class, "open", Component.class);
                RUNNER = l.findVarHandle(Slot.class, "runner", Thread.class);
                WINDOW = l.findVarHandle(Slot.class, "window", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** The instance whose code the core's tick runs now, or {@code null}. */
        Component open;
        /** The tick thread that runs it. */
        Thread runner;
        /** The number of the window open now, or of the last one. */
        long window;
    }
}
