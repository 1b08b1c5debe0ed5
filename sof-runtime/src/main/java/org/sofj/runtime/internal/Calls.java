package org.sofj.runtime.internal;

import java.util.function.IntSupplier;

import org.sofj.api.Errno;
import org.sofj.api.memory.AccessKind;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.spi.MemoryDomain;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;
import org.sofj.runtime.RuntimeEvent;

/**
 * Calls into module code for the IPC thread (spec 4.7): a kernel module's operation runs directly;
 * a user module's runs on the shared worker moved into its domain, with the hostbox mapped
 * read-only only during AGENT_START/INIT/SET_CONF/GET_CONF and the reply buffer read-write only
 * during GET_CONF. Whatever the module throws (a memory fault included) FAULTs the instance; a
 * timeout FAULTs it too and the call is cancelled.
 */
final class Calls {
    /** Which transient windows a call needs. */
    enum Window { NONE, HOSTBOX, HOSTBOX_AND_REPLY }

    private final KernelState kernel;
    private final UserWorker worker;
    private final MemoryAccess access;
    private final Partition hostbox;
    private final Partition reply;

    Calls(KernelState state) {
        this(state, state.memory.map().region("hostbox"),
                state.memory.map().region("reply-buffer"));
    }

    private Calls(KernelState state, Partition hostboxRegion, Partition replyRegion) {
        this.kernel = state;
        this.worker = state.worker;
        this.access = state.memory.access();
        this.hostbox = new Partition("hostbox", hostboxRegion.start(), hostboxRegion.size(),
                PartitionAttribute.P_RO_U_RO);
        this.reply = new Partition("reply-buffer", replyRegion.start(), replyRegion.size(),
                PartitionAttribute.P_RW_U_RW);
    }

    /**
     * Runs one operation of {@code c}'s module.
     *
     * @return the module's status; {@code -Errno.EFAULT} if it faulted or threw;
     *     {@code -Errno.ETIMEDOUT} on timeout; {@code -Errno.EIO} if the instance is FAULTED
     */
    int call(Component c, ModuleOperation op, Window window, IntSupplier body) {
        return call(c, op.name(), window, body);
    }

    /**
     * SOF's AGENT_START (spec 4.3.1 step 6): the module's system agent makes the module on the
     * user side, with the hostbox readable; for a kernel module it runs in the kernel.
     *
     * @return 0, or the error
     */
    int agentStart(Component c, IntSupplier agent) {
        return call(c, "AGENT_START", Window.HOSTBOX, agent);
    }

    /**
     * Makes a user-mode module of an llext type (no agent) on the user side: the provider's
     * {@code create}, its constructor and any class initialisation run on the instance's user
     * thread in its domain, never on a kernel thread.
     *
     * @return 0, or the error
     */
    int createOnUserSide(Component c, IntSupplier create) {
        return call(c, "CREATE", Window.NONE, create);
    }

    private int call(Component c, String op, Window window, IntSupplier body) {
        if (c.faulted) {
            return -Errno.EIO;
        }
        final IntSupplier guarded = () -> {
            if (c.textSize > 0) {
                access.check(c.textStart, c.textSize, AccessKind.EXECUTE);
            }
            return body.getAsInt();
        };
        if (!c.userMode()) {
            // counted for the report only: a kernel module is trusted, never charged a budget
            final long before = Allocations.current();
            final int rc;
            try {
                rc = guarded.getAsInt();
            } catch (Throwable t) {
                c.addAllocated(Allocations.current() - before); // before the fault's own strings
                kernel.reports.fault(c, Faults.kindOf(t), Faults.describe(t), kernel.ticks());
                return -Errno.EFAULT;
            }
            c.addAllocated(Allocations.current() - before);
            return rc;
        }
        return callUser(c, op, window, guarded);
    }

    private int callUser(Component c, String op, Window window, IntSupplier body) {
        final MemoryDomain d = c.domain;
        final long faults = d.faultCount();
        // the call's duration: opening the window, the proxied call, closing it
        final Events.ProxyCall e = Jfr.up() ? new Events.ProxyCall() : null;
        if (e != null) {
            e.begin();
        }
        int ret = open(d, window);
        UserWorker.Request r = null;
        if (ret == 0) {
            try {
                r = c.dpIpc != null ? c.dpIpc.invoke(body) : worker.invoke(d, body);
                if (r == null && c.dpIpc != null && c.dpThread != null) {
                    // A2: the DP thread is still in the module; as A1 writes its worker off, so
                    // the window's revocation does not wait a grace period for it and report
                    // the timeout as a HANG a second later
                    kernel.memory.writeOff(c.dpThread);
                }
            } finally {
                final int closed = close(d, window);
                ret = closed;
            }
            if (window != Window.NONE) {
                Revocation.settle(kernel, c, true); // before the next call reuses the hostbox
            }
        }
        if (e != null) {
            e.end();
        }
        if (ret != 0) {
            return recorded(e, c, op, ret);
        }
        if (r == null) {
            kernel.reports.fault(c, RuntimeEvent.Kind.TIMEOUT, op + " did not complete within "
                    + kernel.options().proxyTimeout().toNanos() / 1000 + " us; cancelled",
                    kernel.ticks());
            if (c.dpIpc != null) {
                // A2: the DP thread leaves the module's code at its next preemption check (the
                // instance is FAULTED now, so that is all the request asks); the request is
                // withdrawn when the call returns or unwinds (Component.dpCallEnded)
                c.preemptDpThread("a proxy call past its timeout");
            }
            ret = -Errno.ETIMEDOUT;
        } else if (r.error != null) {
            kernel.reports.fault(c, r.errorKind, r.error, kernel.ticks());
            ret = -Errno.EFAULT;
        } else if (kernel.reports.chargeAllocation(c, r.allocated)) {
            ret = -Errno.ENOMEM;
        } else {
            ret = r.status;
        }
        if (Revocation.checkFaults(kernel, c, faults, op) && ret >= 0) {
            ret = -Errno.EFAULT;
        }
        return recorded(e, c, op, ret);
    }

    /** Commits a proxy call's event, if a recording may take it; returns its status. */
    private static int recorded(Events.ProxyCall e, Component c, String op, int status) {
        if (e != null) {
            e.componentId = c.componentId;
            e.operation = op;
            e.status = status;
            e.commit();
        }
        return status;
    }

    private int open(MemoryDomain d, Window window) {
        if (window == Window.NONE) {
            return 0;
        }
        int rc = d.addPartition(hostbox);
        if (rc == 0 && window == Window.HOSTBOX_AND_REPLY) {
            rc = d.addPartition(reply);
            if (rc != 0) {
                d.removePartition(hostbox.start(), hostbox.size());
            }
        }
        return rc;
    }

    private int close(MemoryDomain d, Window window) {
        if (window == Window.NONE) {
            return 0;
        }
        int rc = d.removePartition(hostbox.start(), hostbox.size());
        if (window == Window.HOSTBOX_AND_REPLY) {
            final int r2 = d.removePartition(reply.start(), reply.size());
            rc = rc != 0 ? rc : r2;
        }
        return rc;
    }

    /**
     * Puts the payload of the next call at the start of the hostbox. The whole hostbox is mapped
     * to a user module during AGENT_START/CREATE/INIT/SET_CONF/GET_CONF, so the caller clears the
     * payload with {@link #clearHostbox} once the call has ended: no IPC payload outlives its
     * call for the next module to read. (What an embedder itself writes into the hostbox between
     * IPCs, such as the testkit's init blobs, is the embedder's and is left alone.) Cold path.
     *
     * @param payload the bytes the module may read
     * @param length  how many of them, at most {@link #hostboxSize()}
     */
    void stageHostbox(byte[] payload, int length) {
        if (length > 0) {
            access.putBytes(hostbox.start(), payload, 0, length);
        }
    }

    /** Zeroes the first {@code length} bytes of the hostbox: a payload whose call has ended. */
    void clearHostbox(int length) {
        if (length > 0) {
            access.setMemory(hostbox.start(), length, (byte) 0);
        }
    }

    /** Zeroes the reply buffer before GET_CONF lends it: no earlier reply is readable. */
    void clearReply() {
        access.setMemory(reply.start(), reply.size(), (byte) 0);
    }

    /** @return the hostbox's size in bytes */
    long hostboxSize() {
        return hostbox.size();
    }

    /** @return the hostbox's address */
    long hostboxAddress() {
        return hostbox.start();
    }

    /** @return the reply buffer's address */
    long replyAddress() {
        return reply.start();
    }

    /** @return the reply buffer's size */
    long replySize() {
        return reply.size();
    }
}
