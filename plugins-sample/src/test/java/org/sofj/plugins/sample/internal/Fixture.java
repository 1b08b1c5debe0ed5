package org.sofj.plugins.sample.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ServiceLoader;

import org.sofj.api.BaseConfig;
import org.sofj.api.ModuleContext;
import org.sofj.api.ModuleDescription;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.memory.ModuleMemory;
import org.sofj.api.spi.HeapRegion;
import org.sofj.api.spi.MemoryLayout;
import org.sofj.api.spi.MemorySystem;
import org.sofj.api.spi.MemorySystemProvider;

/**
 * Test-only plumbing: a real sof-mmu memory system (found with ServiceLoader on the class path),
 * rings, contexts, blobs in simulated memory, and little-endian sample packing.
 */
final class Fixture implements AutoCloseable {
    final MemorySystem mem;
    final MemoryAccess access;

    Fixture() {
        mem = ServiceLoader.load(MemorySystemProvider.class).findFirst().orElseThrow()
                .create(MemoryLayout.defaults());
        access = mem.access();
    }

    @Override
    public void close() {
        mem.close();
    }

    /** A ring whose first fragment of {@code period} bytes wraps. */
    TestRing ring(int period) {
        final int size = 2 * period + 8;
        return new TestRing(mem, size, size - period / 2);
    }

    Context context(String name, AudioFormat format, int ibs, int obs) {
        return context(name, format, ibs, obs, 0, 0);
    }

    Context context(String name, AudioFormat format, int ibs, int obs, byte[] initData) {
        return context(name, format, ibs, obs, put(initData, HeapRegion.SYSTEM), initData.length);
    }

    private Context context(String name, AudioFormat format, int ibs, int obs, long initAddress,
            int initSize) {
        return new Context(1, 0, 1, 0, new SampleModuleProvider().describe(name).orElseThrow(),
                new BaseConfig(0, ibs, obs, 0, 0, format),
                mem.newModuleMemory("test:" + name, mem.heap(HeapRegion.SYSTEM), null), access,
                initAddress, initSize);
    }

    /** Copies bytes into a fresh block of {@code region}. */
    long put(byte[] data, HeapRegion region) {
        final long a = mem.heap(region).alloc(Math.max(1, data.length), 64);
        access.putBytes(a, data, 0, data.length);
        return a;
    }

    /** A view of a blob in simulated memory, as the hostbox would hold it. */
    MemoryView view(byte[] data) {
        return access.view(put(data, HeapRegion.SYSTEM), data.length);
    }

    static byte[] ints(int... values) {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] shorts(short[] values) {
        final ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        return b.array();
    }

    static byte[] floats(float[] values) {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static short[] toShorts(byte[] bytes) {
        final short[] out = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
        return out;
    }

    static int[] toInts(byte[] bytes) {
        final int[] out = new int[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
        return out;
    }

    static float[] toFloats(byte[] bytes) {
        final float[] out = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Feeds {@code x} to a one-source one-sink F32 module, {@code perPeriod} samples per process
     * call, and returns everything it produced, asserting each call returns 0.
     */
    static float[] processFloats(org.sofj.api.ProcessingModule module, TestRing in, TestRing out,
            float[] x, int perPeriod) {
        final org.sofj.api.audio.Source[] sources = {in.source};
        final org.sofj.api.audio.Sink[] sinks = {out.sink};
        final float[] y = new float[x.length];
        for (int from = 0; from < x.length; from += perPeriod) {
            in.write(floats(java.util.Arrays.copyOfRange(x, from, from + perPeriod)));
            org.junit.jupiter.api.Assertions.assertEquals(0, module.process(sources, sinks),
                    "process at sample " + from);
            System.arraycopy(toFloats(out.read(perPeriod * 4)), 0, y, from, perPeriod);
        }
        return y;
    }

    /** @return {@code x} widened to doubles, for a double-precision reference */
    static double[] toDoubles(float[] x) {
        final double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * A test {@link ModuleContext}: module and component 1, instance 0, core 0, kernel-mode
     * module memory from the system heap. The record's components are the interface's accessors.
     */
    record Context(int moduleId, int instanceId, int componentId, int coreId,
            ModuleDescription description, BaseConfig baseConfig, ModuleMemory memory,
            MemoryAccess access, long initDataAddress, int initDataSize)
            implements ModuleContext {
    }
}
