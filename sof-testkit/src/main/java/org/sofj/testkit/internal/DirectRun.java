package org.sofj.testkit.internal;

import java.util.List;
import java.util.ServiceLoader;

import org.sofj.api.BaseConfig;
import org.sofj.api.BindInfo;
import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ProcessingModule;
import org.sofj.api.TriggerCommand;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.Allocation;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;
import org.sofj.testkit.Pcm;

/**
 * A module run directly on the calling thread, outside the runtime, on a memory system of its
 * own (found with {@link ServiceLoader}): init, configuration, bind, prepare and START as the
 * runtime would do them, over {@link RecordingRing}s; then {@link #teardown} (STOP, reset, free)
 * reports what the module left allocated. The calling thread is a kernel thread, so a blob placed
 * in the system heap is readable to the module.
 */
final class DirectRun implements AutoCloseable {
    private static final int FRAGMENT = 4096;

    final CheckPlan plan;
    final MemorySystem mem;
    final ModuleMemory memory;
    final ProcessingModule module;
    final RecordingRing[] in;
    final RecordingRing[] out;
    final Source[] sources;
    final Sink[] sinks;

    /**
     * Sets the module up.
     *
     * @throws SetupFailure naming the operation and its return code if one fails
     */
    DirectRun(CheckPlan plan) {
        this.plan = plan;
        mem = ServiceLoader.load(MemorySystemProvider.class).findFirst().orElseThrow(() ->
                new IllegalStateException("no MemorySystemProvider: put sof-mmu on the module "
                        + "path")).create(MemoryLayout.defaults());
        try {
            final MemoryAccess access = mem.access();
            memory = mem.newModuleMemory("testkit " + plan.name(), mem.heap(HeapRegion.SYSTEM),
                    null);
            byte[] initData = plan.initData();
            if (plan.initBlob() != null) {
                final long blob = put(plan.initBlob());
                initData = Pcm.fromInts(new int[] {(int) blob, plan.initBlob().length});
            }
            final long initAddress = initData.length > 0 ? put(initData) : 0;
            final BaseConfig config = new BaseConfig(0, plan.ibs(), plan.obs(),
                    plan.description().cps(), plan.description().isPages(), plan.format());
            module = plan.provider().create(plan.name());
            expect("init", module.init(new DirectContext(plan.description(), config, memory,
                    access, initAddress, initData.length)));
            configure();
            in = new RecordingRing[plan.sources()];
            sources = new Source[in.length];
            for (int i = 0; i < in.length; i++) {
                in[i] = new RecordingRing(mem, plan.format(), plan.ibs());
                sources[i] = in[i].source;
                in[i].sourceEnd.setMinAvailable(plan.ibs());
                expect("bind source " + i, module.bind(BindInfo.ofSource(sources[i])));
            }
            out = new RecordingRing[plan.sinks()];
            sinks = new Sink[out.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = new RecordingRing(mem, plan.format(), plan.obs());
                sinks[i] = out[i].sink;
                out[i].sinkEnd.setMinFreeSpace(plan.obs());
                expect("bind sink " + i, module.bind(BindInfo.ofSink(sinks[i])));
            }
            expect("prepare", module.prepare(sources, sinks));
            expect("trigger START", module.trigger(TriggerCommand.START));
        } catch (RuntimeException e) {
            mem.close();
            throw e;
        }
    }

    /** A setup operation of the module failed. */
    static final class SetupFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SetupFailure(String message) {
            super(message);
        }
    }

    private static void expect(String op, int rc) {
        if (rc != 0) {
            throw new SetupFailure(op + " returned " + Errno.name(rc));
        }
    }

    private long put(byte[] data) {
        final long a = mem.heap(HeapRegion.SYSTEM).alloc(data.length, 64);
        if (a == 0) {
            throw new IllegalStateException("system heap full: " + data.length + " bytes");
        }
        mem.access().putBytes(a, data, 0, data.length);
        return a;
    }

    /** Sets every blob, fragmented at 4096 bytes as the hostbox would. */
    void configure() {
        for (StageSpec.ConfigBlob c : plan.configs()) {
            final byte[] blob = c.blob();
            final long a = put(blob.length == 0 ? new byte[1] : blob);
            int offset = 0;
            do {
                final int len = Math.min(FRAGMENT, blob.length - offset);
                final ConfigFragment pos = blob.length <= FRAGMENT ? ConfigFragment.SINGLE
                        : offset == 0 ? ConfigFragment.FIRST
                        : offset + len == blob.length ? ConfigFragment.LAST : ConfigFragment.MIDDLE;
                expect("setConfiguration param=" + c.paramId() + " " + pos, module
                        .setConfiguration(c.paramId(), pos, pos.isFirst() ? blob.length : offset,
                                mem.access().view(a + offset, len)));
                offset += len;
            } while (offset < blob.length);
            mem.heap(HeapRegion.SYSTEM).free(a);
        }
    }

    /**
     * STOP, reset and free, as deleting the instance does.
     *
     * @return what the instance still holds after {@code free}: its leaks
     */
    List<Allocation> teardown() {
        module.trigger(TriggerCommand.STOP);
        module.reset();
        module.free();
        return memory.liveAllocations();
    }

    @Override
    public void close() {
        memory.freeAll();
        mem.close();
    }
}
