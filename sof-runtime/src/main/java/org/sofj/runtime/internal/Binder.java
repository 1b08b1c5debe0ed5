package org.sofj.runtime.internal;

import static org.sofj.runtime.internal.KernelState.fail;

import java.util.ArrayList;

import org.sofj.api.BindInfo;
import org.sofj.api.Errno;
import org.sofj.api.Ipc4Status;
import org.sofj.api.ModuleDescription;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.spi.AudioEngine;
import org.sofj.api.spi.Heap;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.ModuleOperation;
import org.sofj.api.spi.Partition;
import org.sofj.api.spi.PartitionAttribute;
import org.sofj.runtime.SharingPolicy;

/**
 * {@code MOD_BIND} / {@code MOD_UNBIND} (spec 4.10): buffers sized as SOF sizes them, the ring on
 * a DP side, least-privilege grants, and the sink/source and module bind calls; a failure undoes
 * everything and answers SOF's status. IPC thread only.
 */
final class Binder {
    /** {@code MODULE_MAX_CONNECTIONS}: pins per side. */
    static final int MAX_PINS = 8;

    private final KernelState k;
    private final Calls calls;

    Binder(KernelState state, Calls calls) {
        this.k = state;
        this.calls = calls;
    }

    void bind(int srcId, int srcQueue, int dstId, int dstQueue) {
        final Component src = k.component(srcId);
        final Component dst = k.component(dstId);
        if (src == dst) {
            throw fail(Ipc4Status.INVALID_REQUEST, "MOD_BIND 0x" + Integer.toHexString(srcId)
                    + ": an instance cannot be bound to itself");
        }
        if (src.core != dst.core) {
            throw fail(Ipc4Status.INVALID_REQUEST, "MOD_BIND 0x" + Integer.toHexString(srcId)
                    + " (core " + src.core + ") -> 0x" + Integer.toHexString(dstId) + " (core "
                    + dst.core + "): sofj has no buffer made for two cores "
                    + "(SOF's CONFIG_CROSS_CORE_STREAM)");
        }
        if (src.dp() && dst.dp()) {
            throw fail(Ipc4Status.INVALID_REQUEST, "MOD_BIND 0x" + Integer.toHexString(srcId)
                    + " -> 0x" + Integer.toHexString(dstId) + ": DP to DP is not allowed");
        }
        checkPin("src_queue", srcQueue);
        checkPin("dst_queue", dstQueue);
        declaredPin(src, true, "src_queue", srcQueue);
        declaredPin(dst, false, "dst_queue", dstQueue);
        for (Connection c : src.outputs) {
            if (c.sourceQueue == srcQueue) {
                throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "MOD_BIND: output pin "
                        + srcQueue + " of 0x" + Integer.toHexString(srcId) + " is already bound");
            }
        }
        for (Connection c : dst.inputs) {
            if (c.sinkQueue == dstQueue) {
                throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "MOD_BIND: input pin "
                        + dstQueue + " of 0x" + Integer.toHexString(dstId) + " is already bound");
            }
        }
        final Connection c = allocate(src, srcQueue, dst, dstQueue);
        try {
            connect(c);
        } catch (RuntimeException e) {
            release(c);
            throw e;
        }
        src.outputs.add(c);
        dst.inputs.add(c);
        src.rebuildPins();
        dst.rebuildPins();
        src.pipeline.reorder();
        if (dst.pipeline != src.pipeline) {
            dst.pipeline.reorder();
        }
    }

    private static void checkPin(String field, int queue) {
        if (queue < 0 || queue >= MAX_PINS) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_BIND " + field + "=" + queue
                    + " must be in [0, " + MAX_PINS + ")");
        }
    }

    /**
     * The pin must be one the module type has ({@link ModuleDescription#hasPin}: SOF's
     * {@code max_sinks}/{@code max_sources}, which SOF checks at prepare; refused here at the bind,
     * before anything is made).
     */
    private static void declaredPin(Component c, boolean output, String field, int queue) {
        final ModuleDescription d = c.driver.description;
        if (!d.hasPin(output, queue)) {
            throw fail(Ipc4Status.INVALID_PARAM, "MOD_BIND " + field + "=" + queue + ": module "
                    + d.name() + " has " + d.pinsText(output));
        }
    }

    /** Buffers: comp_buffer {@code 2*max(ibs,obs)} (LL source) or {@code 2*ibs} (DP source). */
    private Connection allocate(Component src, int srcQueue, Component dst, int dstQueue) {
        final int obs = src.baseConfig.obs();
        final int ibs = dst.baseConfig.ibs();
        final AudioFormat format = src.baseConfig.audioFormat();
        // as SOF's ipc4 helper.c, but in long: SOF's u32 "MAX(ibs, obs) * 2" wraps, sofj answers
        // a size that is 0 or does not fit an int with the status SOF gives a buffer it cannot
        // make (IPC4_OUT_OF_MEMORY), naming the fields
        final long wanted = src.dp() ? 2L * ibs : 2L * Math.max(ibs, obs);
        if (wanted <= 0 || wanted > Integer.MAX_VALUE) {
            throw fail(Ipc4Status.OUT_OF_MEMORY, "MOD_BIND: no comp_buffer of "
                    + wanted + " bytes (2 * " + (src.dp() ? "ibs" : "max(ibs, obs)") + ", ibs="
                    + ibs + " obs=" + obs + "): it must be 1.." + Integer.MAX_VALUE);
        }
        final int size = (int) wanted;
        // a user-mode LL end reads or writes the comp_buffer itself: whole pages of the shared
        // buffer heap, so granting them exposes nothing else; otherwise kernel-only memory
        final boolean userLl = userLl(src) || userLl(dst);
        final AudioEngine.Buffer comp = k.engine.newCompBuffer(userLl ? ringHeap()
                : k.systemHeap(), size, format);
        if (comp == null) {
            throw fail(Ipc4Status.OUT_OF_MEMORY, "MOD_BIND: no room for a comp_buffer of "
                    + size + " bytes");
        }
        comp.sinkEndpoint().setMinFreeSpace(obs);
        comp.sourceEndpoint().setMinAvailable(ibs);
        AudioEngine.Buffer ring = null;
        final Component dp = src.dp() ? src : dst.dp() ? dst : null;
        if (dp != null) {
            try {
                // the wall clock's margin: a DP output gets room for the pre-roll (Pipelines
                // primes it), a DP input as much headroom, so that while its task is late its
                // producer keeps writing and the task catches up on what it missed
                ring = k.engine.newRingBuffer(ringHeap(), ibs, obs, format,
                        k.options().dpMargin());
            } catch (IllegalArgumentException e) {
                comp.free(); // the engine's size rule: both positive, 3 * max(ibs, obs) bounded
                throw fail(Ipc4Status.OUT_OF_MEMORY, "MOD_BIND: no ring buffer for ibs="
                        + ibs + " obs=" + obs + ": " + e.getMessage());
            }
            if (ring == null) {
                comp.free();
                throw fail(Ipc4Status.OUT_OF_MEMORY, "MOD_BIND: no room in the shared "
                        + "buffer heap for a ring of ibs=" + ibs + " obs=" + obs);
            }
        }
        final Connection c = new Connection(src, srcQueue, dst, dstQueue, comp, ring);
        if (dp != null && dp.domain != null && k.options().sharing()
                == SharingPolicy.LEAST_PRIVILEGE) {
            final Partition grant = Partition.pageAligned("ring 0x" + Integer.toHexString(
                    src.componentId) + "->0x" + Integer.toHexString(dst.componentId),
                    ring.address(), ring.size(), PartitionAttribute.P_RW_U_RW);
            final int rc = dp.domain.addPartition(grant);
            if (rc != 0) {
                release(c);
                throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "MOD_BIND: granting the "
                        + "ring to " + dp.name() + " failed: " + Errno.name(rc));
            }
            c.grant = grant;
        }
        if (userLl && k.options().sharing() == SharingPolicy.LEAST_PRIVILEGE) {
            try {
                c.sourceCompGrant = userLl(src) ? grantComp(src, c) : null;
                c.sinkCompGrant = userLl(dst) ? grantComp(dst, c) : null;
            } catch (RuntimeException e) {
                release(c);
                throw e;
            }
        }
        return c;
    }

    /** A user-mode instance in the LL domain: its process runs on the tick thread. */
    static boolean userLl(Component c) {
        return c.userMode() && !c.dp();
    }

    private static Partition grantComp(Component end, Connection c) {
        final Partition grant = Partition.pageAligned("comp_buffer 0x" + Integer.toHexString(
                c.source.componentId) + "->0x" + Integer.toHexString(c.sink.componentId),
                c.compBuffer.address(), c.compBuffer.size(), PartitionAttribute.P_RW_U_RW);
        final int rc = end.domain.addPartition(grant);
        if (rc != 0) {
            throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "MOD_BIND: granting the "
                    + "comp_buffer to " + end.name() + " failed: " + Errno.name(rc));
        }
        return grant;
    }

    /** Takes a grant back from {@code end}'s domain and waits out its grace period. */
    private void revoke(Component end, Partition grant) {
        end.domain.removePartition(grant.start(), grant.size());
        Revocation.settle(k, end, true); // before the buffer's memory can be reused
    }

    /** The check of the side {@code end} uses, or null for a kernel module's (trusted). */
    private Runnable callerCheck(Component end, String side) {
        return end.userMode() && end.domain != null
                ? k.memory.callerCheck(end.domain, end.name() + " " + side) : null;
    }

    private Heap ringHeap() {
        final Heap shared = k.memory.heap(HeapRegion.SHARED_BUFFER);
        return k.options().sharing() == SharingPolicy.LEAST_PRIVILEGE ? new PageHeap(shared)
                : shared;
    }

    /**
     * Binds sink and source sides, then the modules' own bind operations. The sides a user-mode
     * module uses admit only its own domain's threads (and the kernel's): a view it hands on to
     * another instance (through a static its library's types share) moves nothing there.
     */
    private void connect(Connection c) {
        c.producerEndpoint().callerCheck(callerCheck(c.source, "sink " + c.sourceQueue));
        c.consumerEndpoint().callerCheck(callerCheck(c.sink, "source " + c.sinkQueue));
        int rc = c.producerEndpoint().bind(c.source.module);
        if (rc == 0) {
            rc = c.consumerEndpoint().bind(c.sink.module);
            if (rc != 0) {
                c.producerEndpoint().unbind();
            }
        }
        if (rc == 0) {
            rc = moduleBind(c.source, ModuleOperation.BIND, BindInfo.ofSink(c.producerSink()));
            if (rc == 0) {
                rc = moduleBind(c.sink, ModuleOperation.BIND, BindInfo.ofSource(c.consumerSource()));
                if (rc != 0) {
                    moduleBind(c.source, ModuleOperation.UNBIND, BindInfo.ofSink(c.producerSink()));
                }
            }
            if (rc != 0) {
                c.producerEndpoint().unbind();
                c.consumerEndpoint().unbind();
            }
        }
        if (rc != 0) {
            throw fail(Ipc4Status.INVALID_RESOURCE_STATE, "MOD_BIND " + c + " failed: "
                    + Errno.name(rc));
        }
    }

    private int moduleBind(Component c, ModuleOperation op, BindInfo info) {
        if (c.userMode() && !c.driver.has(op)) {
            return 0;
        }
        return calls.call(c, op, Calls.Window.NONE, op == ModuleOperation.BIND
                ? () -> c.module.bind(info) : () -> c.module.unbind(info));
    }

    private void release(Connection c) {
        if (c.grant != null) {
            revoke(c.source.dp() ? c.source : c.sink, c.grant);
            c.grant = null;
        }
        if (c.sourceCompGrant != null) {
            revoke(c.source, c.sourceCompGrant);
            c.sourceCompGrant = null;
        }
        if (c.sinkCompGrant != null) {
            revoke(c.sink, c.sinkCompGrant);
            c.sinkCompGrant = null;
        }
        if (c.ring != null) {
            c.ring.free();
        }
        c.compBuffer.free();
    }

    void unbind(int srcId, int srcQueue, int dstId, int dstQueue) {
        final Component src = k.component(srcId);
        final Component dst = k.component(dstId);
        Connection found = null;
        for (Connection c : src.outputs) {
            if (c.sourceQueue == srcQueue && c.sink == dst && c.sinkQueue == dstQueue) {
                found = c;
            }
        }
        if (found == null) {
            throw fail(Ipc4Status.INVALID_RESOURCE_ID, "MOD_UNBIND: no buffer from 0x"
                    + Integer.toHexString(srcId) + ":" + srcQueue + " to 0x"
                    + Integer.toHexString(dstId) + ":" + dstQueue);
        }
        disconnect(found);
    }

    /** Unbinds both sides and the modules, frees the buffers, forgets the connection. */
    void disconnect(Connection c) {
        moduleBind(c.source, ModuleOperation.UNBIND, BindInfo.ofSink(c.producerSink()));
        moduleBind(c.sink, ModuleOperation.UNBIND, BindInfo.ofSource(c.consumerSource()));
        c.producerEndpoint().clearRequest();
        c.consumerEndpoint().clearRequest();
        c.producerEndpoint().unbind();
        c.consumerEndpoint().unbind();
        c.source.outputs.remove(c);
        c.sink.inputs.remove(c);
        c.source.rebuildPins();
        c.sink.rebuildPins();
        release(c);
        c.source.pipeline.reorder();
        c.sink.pipeline.reorder();
    }

    void disconnectAll(Component c) {
        for (Connection in : new ArrayList<>(c.inputs)) {
            disconnect(in);
        }
        for (Connection out : new ArrayList<>(c.outputs)) {
            disconnect(out);
        }
    }
}
