package org.sofj.runtime.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.LongSupplier;

import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.HeapStats;
import org.sofj.api.spi.LatencySnapshot;
import org.sofj.runtime.InstanceReport;
import org.sofj.runtime.RuntimeEvent;
import org.sofj.runtime.SofRuntime;

/**
 * Faults, events and reports: the fault sink every thread writes to (a FAULTED instance plays
 * silence from then on and an event says why), the bounded event history with its count of
 * dropped events, the charge against each instance's allocation budget and instance reports.
 * The event history is guarded by this object's monitor; reports are made on the IPC thread.
 */
final class Reports {
    private static final System.Logger LOG = System.getLogger("org.sofj.runtime");

    private final LongSupplier ticks;
    /** The bounded event history; guarded by this object's monitor. */
    private final ArrayDeque<RuntimeEvent> events = new ArrayDeque<>();
    private long droppedEvents;

    /** @param ticks the scheduler's tick count, for the tick of an allocation fault */
    Reports(LongSupplier ticks) {
        this.ticks = ticks;
    }

    /** FAULTs an instance: it plays silence from now on and an event reports why. Any thread. */
    synchronized void fault(Component c, RuntimeEvent.Kind given, String detail, long tick) {
        if (c.faulted) {
            return;
        }
        // a memory fault is a fact the MMU records against the domain when it detects it: a
        // user module that throws a MemoryFault it made itself (naming any thread, domain and
        // address it likes) while the MMU recorded none is reported as the exception it is
        final RuntimeEvent.Kind kind = given == RuntimeEvent.Kind.MEMORY_FAULT
                && c.domain != null && c.domain.faultCount() == 0
                ? RuntimeEvent.Kind.EXCEPTION : given;
        c.faultKind = kind;
        c.faulted = true;
        record(c, kind, detail, tick);
        if (Jfr.up()) {
            final Events.Fault e = new Events.Fault();
            e.componentId = c.componentId;
            e.kind = kind.name();
            e.detail = detail;
            e.commit();
        }
        LOG.log(System.Logger.Level.WARNING, "instance {0} FAULTED ({1}): {2}", c.name(), kind,
                detail);
    }

    /**
     * Records an event about an instance without FAULTing it (again): what the kernel did about
     * a FAULTED instance's thread, such as abandoning it. Any thread.
     */
    synchronized void event(Component c, RuntimeEvent.Kind kind, String detail, long tick) {
        record(c, kind, detail, tick);
        LOG.log(System.Logger.Level.WARNING, "instance {0} ({1}): {2}", c.name(), kind, detail);
    }

    /** Appends to the bounded history; under this object's monitor. */
    private void record(Component c, RuntimeEvent.Kind kind, String detail, long tick) {
        if (events.size() == SofRuntime.EVENT_HISTORY) {
            events.removeFirst();
            droppedEvents++;
        }
        events.addLast(new RuntimeEvent(kind, c.componentId, c.pipeline.id, tick, c.name() + ": "
                + detail));
    }

    /**
     * Charges what an instance's code allocated in one call against its budget, and FAULTs the
     * instance once the total passes it. Any thread.
     *
     * @return whether the instance was FAULTED by this charge
     */
    boolean chargeAllocation(Component c, long bytes) {
        if (bytes <= 0) {
            return false;
        }
        final long total = c.addAllocated(bytes);
        if (total <= c.allocationBudget || c.faulted) {
            return false;
        }
        fault(c, RuntimeEvent.Kind.EXCEPTION, "allocated " + total + " bytes, past its "
                + "allocation budget of " + c.allocationBudget + " bytes", ticks.getAsLong());
        return true;
    }

    /** @return the event history, oldest first */
    synchronized List<RuntimeEvent> events() {
        return List.copyOf(events);
    }

    /** @return events dropped from the bounded history */
    synchronized long droppedEvents() {
        return droppedEvents;
    }

    /** @return the newest event's detail, or an empty string */
    synchronized String lastEventDetail() {
        return events.isEmpty() ? "" : events.getLast().detail();
    }

    /** @return the report of one instance. IPC thread. */
    InstanceReport report(Component c) {
        final LatencySnapshot time = c.dpTask != null ? c.dpTask.processTime()
                : c.processTime.snapshot();
        final long periodNanos = c.dpTask != null ? c.dpTask.periodMicros() * 1000L : 1_000_000L;
        // CPS is counted as nanoseconds of a nominal 1 GHz core: the budget of one period is
        // cps * period / 1 s; the use is the median process time over it.
        final int cps = c.driver.description.cps();
        final double budgetNanos = cps * (periodNanos / 1e9);
        final double budget = cps == 0 || time.count() == 0 ? 0 : time.p50() / budgetNanos;
        final HeapStats heap = c.driver.heap != null ? c.driver.heap.stats() : null;
        final long used = heap != null ? heap.usedBytes() : bytes(c.memory);
        final long high = heap != null ? heap.highWaterMark() : used;
        return new InstanceReport(c.componentId, c.driver.description.name(), c.userMode(),
                c.procDomain, c.faulted, time, budget, used, high, c.allocated(),
                c.memory.liveAllocations().size(),
                c.dpTask != null ? c.dpTask.deadlineMisses() : c.llOverruns, xruns(c));
    }

    /** Underruns where the instance reads, overruns where it writes. */
    static long xruns(Component c) {
        long n = 0;
        for (Connection in : c.inputArray) {
            n += in.ringAtInput() ? in.ring.underruns() : in.compBuffer.underruns();
        }
        for (Connection out : c.outputArray) {
            n += out.ring != null && !out.ringAtInput() ? out.ring.overruns()
                    : out.compBuffer.overruns();
        }
        return n;
    }

    private static long bytes(ModuleMemory m) {
        long sum = 0;
        for (Allocation a : m.liveAllocations()) {
            sum += a.size();
        }
        return sum;
    }
}
