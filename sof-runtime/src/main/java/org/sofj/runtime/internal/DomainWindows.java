package org.sofj.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import org.agrona.concurrent.IdleStrategy;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.Preemption;
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
 * closed. What still keeps the core is a module inside a JDK call that does not return, or
 * blocked on a monitor whose holder is never taken back (docs/threat-model.md §5).
 *
 * <p>Threads: {@link #enter}/{@link #leave} on the tick thread (no allocation, no lock, no clock
 * read: release stores of the core's slot, which the watchdog reads with acquire loads; each
 * window gets a new number, so the watchdog tells a long window from two short ones of the same
 * instance). A slot is an object of its own, not an element of atomic arrays: no bounds or
 * element-type check per store, and the runner is stored only when the core's thread changes.
 */
final class DomainWindows {
    /** A window open this many times the limit in real time is hung even without CPU time. */
    static final int BLOCKED_FACTOR = 10;

    private final MemorySystem memory;
    private final Reports reports;
    private final LongSupplier ticks;
    private final long limitNanos;
    /** Per core: its window; the core's tick thread writes, the watchdog reads. */
    private final Slot[] slots;
    private final boolean cpuTime;
    /** Per core, the watchdog's own: the window it saw open, and since when (its clock). */
    private final long[] seenWindow;
    private final long[] seenSince;
    private final long[] seenCpu;
    /** Per core, the watchdog's own: the preemption it requested, and for which window. */
    private final Preemption.Request[] requested;
    private final long[] requestedWindow;
    private volatile boolean closed;
    private Thread watchdog;

    /**
     * @param memory     the memory system whose domain switches these are
     * @param reports    where a hung instance's fault goes
     * @param ticks      the scheduler's tick count, for the fault's tick
     * @param cores      simulated cores: one window slot each
     * @param limitNanos how long a window may stay open before its instance is written off
     *                   (real time: the kernel's hold timeout)
     */
    DomainWindows(MemorySystem memory, Reports reports, LongSupplier ticks, int cores,
            long limitNanos) {
        this.memory = memory;
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
     * in a {@code finally} right after.
     *
     * @param c a user-mode instance
     */
    void enter(Component c) {
        final Slot s = slots[c.core];
        final Thread t = Thread.currentThread();
        if (s.runner != t) { // it reads t only if t wrote it: a new tick thread stores itself
            Slot.RUNNER.setRelease(s, t);
        }
        Slot.WINDOW.setRelease(s, s.window + 1); // single writer: the core's tick thread
        Slot.OPEN.setRelease(s, c);
        memory.enterDomain(c.domain);
    }

    /** Back to kernel rights. */
    void leave(Component c) {
        memory.leaveDomain();
        Slot.OPEN.setRelease(slots[c.core], null);
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
                }
            }
            poll.idle(); // a fixed period; close() unparks it
        }
    }

    /**
     * @return the CPU time of the thread that runs {@code core}'s ticks, or the watchdog's real
     *     time where the JVM cannot tell (then the limit is real time, as before)
     */
    private long cpu(int core) {
        final Thread t = (Thread) Slot.RUNNER.getAcquire(slots[core]);
        if (!cpuTime || t == null) {
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
        if (t == null) {
            return;
        }
        requested[core] = Preemption.request(t, () -> s.open == c && s.window == w,
                c.name() + ": its code held the tick thread past the limit");
        requestedWindow[core] = w;
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
    private static final class Slot {
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
