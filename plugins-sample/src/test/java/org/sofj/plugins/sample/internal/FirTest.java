package org.sofj.plugins.sample.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sofj.api.Errno;
import org.sofj.api.audio.AudioFormat;
import org.sofj.api.audio.SampleFormat;
import org.sofj.api.audio.Sink;
import org.sofj.api.audio.Source;
import org.sofj.api.memory.MemoryView;
import org.sofj.api.spi.HeapRegion;

final class FirTest {
    private static final int FRAMES = 48;
    private static final int CH = 2;
    private static final int N = FRAMES * CH;

    private final Fixture fx = new Fixture();
    private Fir fir;
    private Fixture.Context ctx;
    private TestRing in;
    private TestRing out;
    private Source[] sources;
    private Sink[] sinks;

    @AfterEach
    void close() {
        fx.close();
    }

    /** The table the library ships in its rodata. */
    private static byte[] shippedTable() throws IOException {
        try (InputStream s = Fir.class.getResourceAsStream("/META-INF/sofj/fir/lowpass-1024.taps")) {
            return s.readAllBytes();
        }
    }

    private static byte[] table(int[] taps) {
        final int[] words = new int[taps.length + 1];
        words[0] = taps.length;
        System.arraycopy(taps, 0, words, 1, taps.length);
        return Fixture.ints(words);
    }

    /** Places {@code table} in the library region and inits a FIR whose init data points at it. */
    private int init(SampleFormat sf, byte[] table, long tableAddress) {
        final AudioFormat f = AudioFormat.of(48000, CH, sf);
        final int period = FRAMES * f.frameBytes();
        fir = new Fir();
        ctx = fx.context("fir", f, period, period, Fixture.ints((int) tableAddress, table.length));
        in = fx.ring(period);
        out = fx.ring(period);
        sources = new Source[] {in.source};
        sinks = new Sink[] {out.sink};
        return fir.init(ctx);
    }

    private long place(byte[] table) {
        return fx.put(table, HeapRegion.LIBRARY);
    }

    private static double[] convolve(int[] taps, double[] x, int channels) {
        final double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            final int frame = i / channels;
            double acc = 0;
            for (int k = 0; k < taps.length && k <= frame; k++) {
                acc += taps[k] * x[i - k * channels];
            }
            y[i] = acc / 2147483648.0;
        }
        return y;
    }

    private short[] runS16(short[] x) {
        final short[] y = new short[x.length];
        for (int p = 0; p < x.length / N; p++) {
            in.write(Fixture.shorts(Arrays.copyOfRange(x, p * N, (p + 1) * N)));
            assertEquals(0, fir.process(sources, sinks));
            System.arraycopy(Fixture.toShorts(out.read(N * 2)), 0, y, p * N, N);
        }
        return y;
    }

    @Test
    void shouldMatchDirectConvolutionWithin1LsbWhenFilteringS16WithTheShippedTable()
            throws IOException {
        final byte[] table = shippedTable();
        assertTrue(table.length > 2048, "a large fast_get copy");
        assertEquals(0, init(SampleFormat.S16_LE, table, place(table)));
        final int[] taps = Arrays.copyOfRange(Fixture.toInts(table), 1, table.length / 4);
        final Random rnd = new Random(9);
        final short[] x = new short[30 * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (short) (rnd.nextGaussian() * 6000);
        }
        final short[] y = runS16(x);
        final double[] xd = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            xd[i] = x[i];
        }
        final double[] ref = convolve(taps, xd, CH);
        for (int i = 0; i < y.length; i++) {
            assertEquals(Math.max(-32768, Math.min(32767, ref[i])), y[i], 1.0, "sample " + i);
        }
    }

    @Test
    void shouldFilterWithTheFastGetCopyNotTheOriginalTable() {
        final int[] taps = {1 << 30, -(1 << 29), 1 << 28, 12345678};
        final byte[] table = table(taps);
        final long original = place(table);
        assertEquals(0, init(SampleFormat.S16_LE, table, original));
        assertNotEquals(original, fir.tableCopy());
        fx.access.setMemory(original, table.length, (byte) 0);
        assertImpulseResponse(taps);
    }

    /**
     * fast_get's copy is of read-only data, so the taps are read and transformed once, at init:
     * a later write to the copy (which no one makes in a running system) does not reach the
     * filter, which shows that process no longer reads the table each period.
     */
    @Test
    void shouldFilterWithTheTapsItReadAtInitEvenIfTheCopyIsLaterOverwritten() {
        final int[] taps = {1 << 30, -(1 << 29), 1 << 28, 12345678};
        final byte[] table = table(taps);
        assertEquals(0, init(SampleFormat.S16_LE, table, place(table)));
        fx.access.setMemory(fir.tableCopy() + 4, 4L * taps.length, (byte) 0);
        assertImpulseResponse(taps);
    }

    /** An impulse of 1000 left and -2000 right comes out as the taps scaled, within 1 LSB. */
    private void assertImpulseResponse(int[] taps) {
        final short[] x = new short[N];
        x[0] = 1000;
        x[1] = -2000;
        final short[] y = runS16(x);
        for (int k = 0; k < taps.length; k++) {
            assertEquals(Math.round(1000.0 * taps[k] / 2147483648.0), y[k * CH], 1.0);
            assertEquals(Math.round(-2000.0 * taps[k] / 2147483648.0), y[k * CH + 1], 1.0);
        }
    }

    @Test
    void shouldPutTheTableCopyBackWhenFreed() throws IOException {
        final byte[] table = shippedTable();
        assertEquals(0, init(SampleFormat.S32_LE, table, place(table)));
        assertEquals(1, ctx.memory().liveAllocations().size());
        assertEquals(0, fir.free());
        assertEquals(0, ctx.memory().liveAllocations().size());
    }

    @Test
    void shouldFailInitWithEinvalAndLeakNothingWhenTheTableCountDisagreesWithItsSize() {
        final byte[] table = table(new int[12]);
        Samples.putIntLe(table, 0, 10);
        assertEquals(-Errno.EINVAL, init(SampleFormat.S16_LE, table, place(table)));
        assertEquals(0, ctx.memory().liveAllocations().size());
    }

    @Test
    void shouldFailInitWithEinvalWhenTheInitDataIsMissingOrShort() {
        final AudioFormat f = AudioFormat.of(48000, CH, SampleFormat.S16_LE);
        assertEquals(-Errno.EINVAL, new Fir().init(fx.context("fir", f, N * 2, N * 2)));
        assertEquals(-Errno.EINVAL, new Fir().init(fx.context("fir", f, N * 2, N * 2,
                Fixture.ints(0x1000))));
    }

    @Test
    void shouldMatchDirectConvolutionWithinFloatToleranceWhenF32() {
        final int[] taps = new int[33];
        for (int k = 0; k < taps.length; k++) {
            taps[k] = (int) (Math.sin(k * 0.3) * (1 << 27));
        }
        final byte[] table = table(taps);
        assertEquals(0, init(SampleFormat.FLOAT_LE, table, place(table)));
        final float[] x = new float[4 * N];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.5 * Math.sin(i * 0.21));
        }
        final float[] y = Fixture.processFloats(fir, in, out, x, N);
        final double[] ref = convolve(taps, Fixture.toDoubles(x), CH);
        for (int i = 0; i < y.length; i++) {
            assertEquals(ref[i], y[i], 1e-6, "sample " + i);
        }
    }

    @Test
    void shouldClearTheDelayLinesWhenReset() {
        final int[] taps = {1 << 30, 1 << 30, 1 << 30};
        final byte[] table = table(taps);
        assertEquals(0, init(SampleFormat.S16_LE, table, place(table)));
        final short[] loud = new short[N];
        Arrays.fill(loud, (short) 20000);
        runS16(loud);
        assertEquals(0, fir.reset());
        final short[] y = runS16(new short[N]);
        for (int i = 0; i < N; i++) {
            assertEquals(0, y[i], "sample " + i);
        }
        final MemoryView reply = fx.view(new byte[8]);
        assertEquals(8, fir.getConfiguration(0, reply));
        assertEquals(table.length, reply.getInt(4));
    }
}
