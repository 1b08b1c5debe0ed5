package org.sofj.plugins.sample.internal;

import java.util.Arrays;

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.memory.MemoryAccess;
import org.sofj.api.memory.MemoryRegions;
import org.sofj.api.memory.MemoryView;

/**
 * {@code fir}: a FIR filter whose coefficient table lives in read-only data (the library's
 * rodata) and is read through {@code fast_get}. DP, user mode; S16_LE, S32_LE and FLOAT_LE;
 * IBS = OBS = one period.
 *
 * <p>How the table reaches the module: a Java module cannot learn the simulated address of its own
 * rodata, so whoever placed it tells the instance. The library ships a table as a jar resource,
 * {@code META-INF/sofj/fir/lowpass-1024.taps} (1024 taps, 4100 bytes: a Hamming-windowed sinc
 * low-pass, cut-off 0.1 fs, DC gain 0.99); the loader places non-class entries in the module's
 * rodata and the kernel can ask for the address ({@code LibraryLoader}'s
 * {@code resourceAddress("fir", "META-INF/sofj/fir/lowpass-1024.taps")}). The host (topology,
 * integrator or test) puts that address and size in the init parameters, the block after the base
 * config that {@link ModuleContext#initDataAddress()} points at (readable during {@code init}
 * only). Without init data the module asks {@link ModuleContext#resourceAddress} for the shipped
 * table (a host that loads the library cannot know the address before the loader maps it). Any
 * other table in read-only memory works the same way:
 * <pre>
 *   init data (8 bytes, little-endian)
 *   offset size field
 *   0      4    table address: the simulated address of the table in read-only data
 *   4      4    table size in bytes: 4 + 4 * taps
 *
 *   table (little-endian)
 *   0      4    taps, 1 .. 4096
 *   4      4*n  h[0] .. h[taps-1], signed Q1.31 (0x7FFFFFFF ~ 1.0)
 * </pre>
 * {@code init} calls {@code fastGet(address, size)}: tables up to 2048 bytes are copied into the
 * instance's heap, larger ones become a page-aligned shared copy granted read-only to the
 * instance's domain. {@code process} reads the taps from that copy (one checked bulk read per
 * period) and {@code free} gives the copy back with {@code fastPut}. A missing or malformed table
 * fails {@code init} with {@code -EINVAL} (the copy is put back); a failed {@code fastGet} with
 * {@code -ENOMEM}.
 *
 * <p>{@code y[n] = sum(h[k] * x[n-k]) / 2^31}, accumulated in double per channel; S16/S32 rounded
 * and saturated, F32 not clipped. {@code get_configuration} returns the 8-byte init data.
 */
final class Fir extends StreamFilter {
    /** The most taps a table may hold. */
    static final int MAX_TAPS = 4096;
    /** Size of the init data. */
    static final int INIT_BYTES = 8;
    /** The table used when the init request carries no init data. */
    static final String DEFAULT_TABLE = "META-INF/sofj/fir/lowpass-1024.taps";

    private final byte[] config = new byte[INIT_BYTES];
    private MemoryAccess access;
    private long copy;
    private int taps;
    private int[] coef;
    private double[] history;
    private int pos;

    @Override
    protected int onInit(ModuleContext ctx) {
        access = ctx.access();
        final long table;
        final int size;
        if (ctx.initDataSize() == 0) {
            // no init data: the shipped table, found in the library's own rodata
            table = ctx.resourceAddress(DEFAULT_TABLE);
            size = table == MemoryRegions.NULL ? 0 : 4 + 4 * access.getInt(table);
        } else if (ctx.initDataSize() != INIT_BYTES
                || ctx.initDataAddress() == MemoryRegions.NULL) {
            return -Errno.EINVAL;
        } else {
            table = access.getInt(ctx.initDataAddress()) & 0xFFFF_FFFFL;
            size = access.getInt(ctx.initDataAddress() + 4);
        }
        if (table == MemoryRegions.NULL || size < 8 || size > 4 + 4 * MAX_TAPS) {
            return -Errno.EINVAL;
        }
        final long c = ctx.memory().fastGet(table, size);
        if (c == MemoryRegions.NULL) {
            return -Errno.ENOMEM;
        }
        final int n = access.getInt(c);
        if (n < 1 || n > MAX_TAPS || size != 4 + 4 * n) {
            ctx.memory().fastPut(c);
            return -Errno.EINVAL;
        }
        copy = c;
        taps = n;
        coef = new int[n];
        history = new double[channels * 2 * n];
        pos = 0;
        Samples.putIntLe(config, 0, (int) table);
        Samples.putIntLe(config, 4, size);
        return 0;
    }

    /** @return the address of the fast_get copy in use, or NULL after {@link #free} */
    long tableCopy() {
        return copy;
    }

    /** Loads the taps from the fast_get copy: one checked bulk read. Hot path. */
    private void loadTaps() {
        access.getInts(copy + 4, coef, 0, taps);
    }

    /**
     * Pushes {@code x} into {@code channel}'s delay line and returns the filter output, unscaled
     * (Q1.31 taps times samples). The line is doubled so the window is contiguous.
     */
    private double filter(double x, int channel) {
        final int n = taps;
        final int[] h = coef;
        final double[] d = history;
        final int base = channel * 2 * n;
        final int p = pos;
        d[base + p] = x;
        d[base + p + n] = x;
        double acc = 0.0;
        final int newest = base + p + n;
        for (int k = 0; k < n; k++) {
            acc += h[k] * d[newest - k];
        }
        return acc;
    }

    private void advance() {
        final int p = pos + 1;
        pos = p == taps ? 0 : p;
    }

    @Override
    protected void processS16(short[] buf) {
        loadTaps();
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            for (int c = 0; c < ch; c++) {
                buf[i + c] = Samples.sat16(Math.round(filter(buf[i + c], c) / Samples.Q31));
            }
            advance();
        }
    }

    @Override
    protected void processS32(int[] buf) {
        loadTaps();
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            for (int c = 0; c < ch; c++) {
                buf[i + c] = Samples.sat32(Math.round(filter(buf[i + c], c) / Samples.Q31));
            }
            advance();
        }
    }

    @Override
    protected void processF32(int[] buf) {
        loadTaps();
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            for (int c = 0; c < ch; c++) {
                final double y = filter(Float.intBitsToFloat(buf[i + c]), c) / Samples.Q31;
                buf[i + c] = Float.floatToRawIntBits((float) y);
            }
            advance();
        }
    }

    /**
     * Writes the init data (table address, table size).
     *
     * @return 8, or {@code -Errno.EINVAL} if the reply buffer is shorter
     */
    @Override
    public int getConfiguration(int configId, MemoryView response) {
        return ConfigBlob.reply(config, INIT_BYTES, response);
    }

    /**
     * Clears the delay lines; the table stays.
     *
     * @return 0
     */
    @Override
    public int reset() {
        Arrays.fill(history, 0.0);
        pos = 0;
        return 0;
    }

    /**
     * Gives the table copy back with {@code fastPut}.
     *
     * @return 0, or the {@code fastPut} error
     */
    @Override
    public int free() {
        final long c = copy;
        if (c == MemoryRegions.NULL) {
            return 0;
        }
        copy = MemoryRegions.NULL;
        return context.memory().fastPut(c);
    }
}
