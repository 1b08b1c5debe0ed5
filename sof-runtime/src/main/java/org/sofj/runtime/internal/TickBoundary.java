package org.sofj.runtime.internal;

import java.util.ArrayList;
import java.util.List;

import org.sofj.api.Ipc4Status;
import org.sofj.api.IpcException;
import org.sofj.runtime.RuntimeEvent;

/**
 * One moment for change, as SOF handles IPC with the LL scheduler blocked: while a boundary is
 * open, no LL tick runs on the cores it blocked and no DP run of the instances it holds is in
 * progress, so the kernel can change what a tick or a DP run uses (pin arrays, buffers, states)
 * and free memory that they held. Opened and closed by the IPC thread only; cold path.
 *
 * <p>A DP run that does not end within the hold timeout, and then computes on or blocks
 * ({@link OverdueRun}), belongs to a hung module: the instance is FAULTED, written off (its
 * domain emptied, so the stuck thread can reach nothing) and no longer waited for. A run the host
 * keeps off the CPU is waited for, up to ten hold timeouts.
 */
final class TickBoundary implements AutoCloseable {
    /** How many hold timeouts a control request waits for a running LL tick to end. */
    static final int LL_BLOCK_LIMIT = 10;
    private final KernelState k;
    private final int[] cores;
    private final List<Component> held = new ArrayList<>();

    private TickBoundary(KernelState k, int[] cores) {
        this.k = k;
        this.cores = cores;
        int blocked = 0;
        // a tick that runs ten hold timeouts is not ending (a module on the tick thread that
        // never returns and that no preemption takes back): the request fails, nothing changed
        final long limit = LL_BLOCK_LIMIT * k.holdTimeoutNanos();
        try {
            for (; blocked < cores.length; blocked++) {
                if (!k.scheduler.blockLl(cores[blocked], limit)) {
                    throw new IpcException(Ipc4Status.FAILURE, "core " + cores[blocked]
                            + ": its LL tick did not end within " + limit / 1_000_000 + " ms "
                            + "(a module on its tick thread that does not return); the request "
                            + "was not carried out");
                }
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < blocked; i++) {
                k.scheduler.unblockLl(cores[i]);
            }
            throw e;
        }
    }

    /**
     * Blocks LL on every core and holds every DP instance: for changes to the graph and to
     * pipeline states.
     *
     * @param k the kernel state
     * @return the open boundary
     */
    static TickBoundary all(KernelState k) {
        final int n = k.options().cores();
        final int[] cores = new int[n];
        for (int i = 0; i < n; i++) {
            cores[i] = i;
        }
        final TickBoundary b = new TickBoundary(k, cores);
        for (Component c : k.components.values()) {
            b.hold(c);
        }
        return b;
    }

    /**
     * For a control call into one instance: an LL instance's core is blocked (its process runs
     * on the tick); a DP instance's runs are held.
     *
     * @param k the kernel state
     * @param c the instance
     * @return the open boundary
     */
    static TickBoundary of(KernelState k, Component c) {
        final TickBoundary b = new TickBoundary(k, c.dp() ? new int[0] : new int[] {c.core});
        b.hold(c);
        return b;
    }

    private void hold(Component c) {
        if (!c.dp()) {
            return;
        }
        if (c.faulted && c.faultKind == RuntimeEvent.Kind.HANG) {
            // the watchdog (or an earlier hold) deemed its run hung: waiting again would only
            // stall every core this boundary blocks
            if (!c.writtenOff) {
                writeOff(c);
            }
            return;
        }
        // the thread a run in progress is on, inline the core's tick thread: a run the host
        // keeps off the CPU uses none of its CPU time and is waited for, on either
        if (c.holdForKernel(k.holdTimeoutNanos(), c.dpTask == null ? null : c.dpTask.runner())) {
            held.add(c);
        } else if (!c.faulted) {
            k.reports.fault(c, RuntimeEvent.Kind.HANG, "a DP run did not end within "
                    + k.holdTimeoutNanos() / 1_000_000 + " ms of a control request (its thread "
                    + "computing on, or blocked); written off", k.ticks());
            writeOff(c);
        }
    }

    /**
     * Writes off an instance whose thread the kernel stopped waiting for: its domain is emptied,
     * so the stuck thread can reach nothing (the JVM cannot stop it), and its DP task is
     * abandoned, so no later cancel or free waits for the stuck body either.
     */
    private void writeOff(Component c) {
        c.writtenOff = true;
        if (c.dpTask != null) {
            c.dpTask.abandon();
        }
        if (c.domain != null) {
            Revocation.clear(c.domain);
            if (c.dpThread != null) {
                k.memory.writeOff(c.dpThread); // no rights at all, its stack included
            }
        }
        c.preemptDpThread("a DP run did not end for the kernel");
    }

    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).releaseForKernel();
        }
        held.clear();
        for (int i = cores.length - 1; i >= 0; i--) {
            k.scheduler.unblockLl(cores[i]);
        }
    }
}
