package org.sofj.plugins.sample.internal;

import java.util.Arrays;

import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.audio.SampleFormat;
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
 * instance's domain. {@code init} then reads the taps from that copy (one checked bulk read,
 * through the instance's own rights) and takes their spectra; {@code process} does not read the
 * table again: fast_get's copy is of read-only data, and nothing writes it while a reference is
 * held (a large copy is granted {@code P_RO_U_RO}; a small one lives in heap that only this
 * module type's instances can write, and none does). {@code free} gives the copy back with
 * {@code fastPut}. A missing or malformed table
 * fails {@code init} with {@code -EINVAL} (the copy is put back); a failed {@code fastGet} with
 * {@code -ENOMEM}.
 *
 * <p>{@code y[n] = sum(h[k] * x[n-k]) / 2^31}, computed in double with a uniformly partitioned
 * FFT convolution ({@link PartitionedConvolution}: partitions of one period, no added latency)
 * rather than the direct-form sum (for 1024 taps at 48 frames, 8,448 real multiply-adds and two
 * 96-point transforms per period against 98,304 multiply-adds); S16/S32 rounded and saturated,
 * F32 not clipped. The result is within 1 LSB of the direct form (S16/S32) or 1 ulp of it (F32),
 * and bit-identical run to run ({@code FirDirectFormTest}).
 * {@code get_configuration} returns the 8-byte init data.
 */
final class Fir extends StreamFilter {
    /** The most taps a table may hold. */
    static final int MAX_TAPS = 4096;
    /** Size of the init data. */
    static final int INIT_BYTES = 8;
    /** The table used when the init request carries no init data. */
    static final String DEFAULT_TABLE = "META-INF/sofj/fir/lowpass-1024.taps";
    /** Sample kinds for {@link #filter}. */
    private static final int S16 = 0;
    private static final int S32 = 1;
    private static final int F32 = 2;

    private final byte[] config = new byte[INIT_BYTES];
    private MemoryAccess access;
    private long copy;
    private int lanes;
    private PartitionedConvolution engine;

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
        lanes = (channels + 1) / 2;
        engine = new PartitionedConvolution(n, frames, lanes);
        // the copy is of read-only data and nothing writes it while the instance holds it, so the
        // taps are read (through the instance's grant) and transformed once, here
        final int[] h = new int[n];
        access.getInts(c + 4, h, 0, n);
        // S16/S32: the taps carry a factor 2 (exact), so the output is 2y and rounds in fewer steps
        engine.setTaps(h, (format.sampleFormat() == SampleFormat.FLOAT_LE ? 1.0 : 2.0)
                / Samples.Q31);
        Samples.putIntLe(config, 0, (int) table);
        Samples.putIntLe(config, 4, size);
        return 0;
    }

    /** @return the address of the fast_get copy in use, or NULL after {@link #free} */
    long tableCopy() {
        return copy;
    }

    @Override
    protected void processS16(short[] buf) {
        filter(buf, null, S16);
    }

    @Override
    protected void processS32(int[] buf) {
        filter(null, buf, S32);
    }

    @Override
    protected void processF32(int[] buf) {
        filter(null, buf, F32);
    }

    /**
     * Filters one period in place, two channels per lane of the engine: channel {@code 2 * lane}
     * as the lane's first channel, channel {@code 2 * lane + 1} (zeros if there is none) as its
     * second. The samples go straight into the engine's input and come straight out of its
     * output, with no copy between; the sample kind is tested once per lane, not per sample, and
     * a pair of channels is converted in one loop. Hot path: allocates nothing.
     */
    private void filter(short[] s16, int[] s32, int kind) {
        final PartitionedConvolution e = engine;
        final double[] or = e.outputRe();
        final double[] oi = e.outputIm();
        final int out = e.outputAt();
        final int in = e.inputAt();
        for (int lane = 0; lane < lanes; lane++) {
            final int c0 = 2 * lane;
            final double[] ir = e.inputRe(lane);
            final double[] ii = e.inputIm(lane);
            if (c0 + 1 < channels) {
                read(s16, s32, kind, c0, ir, ii, in);
                e.run(lane);
                write(s16, s32, kind, c0, or, oi, out);
            } else {
                read(s16, s32, kind, c0, ir, null, in);
                Arrays.fill(ii, in, in + frames, 0.0);
                e.run(lane);
                write(s16, s32, kind, c0, or, null, out);
            }
        }
    }

    /**
     * Channel {@code c} of the period into {@code dl} and, unless {@code dr} is null, channel
     * {@code c + 1} into {@code dr}, from {@code at} on; one loop per sample kind.
     */
    private void read(short[] s16, int[] s32, int kind, int c, double[] dl, double[] dr, int at) {
        final int ch = channels;
        final int end = at + frames;
        if (dr == null) {
            if (kind == S16) {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    dl[f] = s16[i];
                }
            } else if (kind == S32) {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    dl[f] = s32[i];
                }
            } else {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    dl[f] = Float.intBitsToFloat(s32[i]);
                }
            }
        } else if (kind == S16) {
            for (int f = at, i = c; f < end; f++, i += ch) {
                dl[f] = s16[i];
                dr[f] = s16[i + 1];
            }
        } else if (kind == S32) {
            for (int f = at, i = c; f < end; f++, i += ch) {
                dl[f] = s32[i];
                dr[f] = s32[i + 1];
            }
        } else {
            for (int f = at, i = c; f < end; f++, i += ch) {
                dl[f] = Float.intBitsToFloat(s32[i]);
                dr[f] = Float.intBitsToFloat(s32[i + 1]);
            }
        }
    }

    /**
     * {@code sl} from {@code at} on into channel {@code c} of the period and, unless {@code sr} is
     * null, {@code sr} into channel {@code c + 1}: S16/S32 hold twice the output (the taps carry
     * the 2) and are rounded and saturated from that ({@link Samples#roundSatHalf16},
     * {@link Samples#roundSatHalf32}: {@code Math.round} of half the value and a clamp, bit for
     * bit, without branches), F32 narrowed (not clipped); one loop per sample kind.
     */
    private void write(short[] s16, int[] s32, int kind, int c, double[] sl, double[] sr, int at) {
        final int ch = channels;
        final int end = at + frames;
        if (sr == null) {
            if (kind == S16) {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    s16[i] = Samples.roundSatHalf16(sl[f]);
                }
            } else if (kind == S32) {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    s32[i] = Samples.roundSatHalf32(sl[f]);
                }
            } else {
                for (int f = at, i = c; f < end; f++, i += ch) {
                    s32[i] = Float.floatToRawIntBits((float) sl[f]);
                }
            }
        } else if (kind == S16) {
            for (int f = at, i = c; f < end; f++, i += ch) {
                s16[i] = Samples.roundSatHalf16(sl[f]);
                s16[i + 1] = Samples.roundSatHalf16(sr[f]);
            }
        } else if (kind == S32) {
            for (int f = at, i = c; f < end; f++, i += ch) {
                s32[i] = Samples.roundSatHalf32(sl[f]);
                s32[i + 1] = Samples.roundSatHalf32(sr[f]);
            }
        } else {
            for (int f = at, i = c; f < end; f++, i += ch) {
                s32[i] = Float.floatToRawIntBits((float) sl[f]);
                s32[i + 1] = Float.floatToRawIntBits((float) sr[f]);
            }
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
        engine.reset();
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
