package org.sofj.plugins.sample.internal;

import org.sofj.api.ConfigFragment;
import org.sofj.api.Errno;
import org.sofj.api.ModuleContext;
import org.sofj.api.memory.MemoryView;

/**
 * {@code gain}: volume with a linear ramp to a target gain. LL, kernel mode; S16_LE, S32_LE and
 * FLOAT_LE; IBS = OBS = one period.
 *
 * <p>Configuration blob (8 bytes, little-endian, any config id):
 * <pre>
 *   offset size field
 *   0      4    target gain, signed Q8.24, 0 .. 0x7FFFFFFF (0x01000000 = 1.0 = 0 dB)
 *   4      4    ramp length in milliseconds, 0 .. 10000 (0 = jump at once)
 * </pre>
 * After init (and after {@code reset}) the gain is 1.0 with no ramp.
 *
 * <p>The ramp: when a blob is applied, {@code start} is the gain of the last frame processed and
 * {@code R = ramp_ms * rate / 1000} frames (integer division). The {@code k}-th frame after that
 * ({@code k = 1, 2, ...}) uses {@code g_k = start + (target - start) * k / R} (64-bit integer
 * arithmetic, truncating) while {@code k < R}, and {@code target} from {@code k = R} on.
 * Samples: S16/S32 {@code y = sat((x * g + 2^23) >> 24)}; F32 {@code y = (float) (x * g / 2^24)}
 * in double, not clipped (float audio may exceed full scale between modules).
 */
final class Gain extends StreamFilter {
    /** Q8.24 unity. */
    static final int UNITY = 1 << 24;
    /** The longest ramp, in milliseconds. */
    static final int MAX_RAMP_MS = 10_000;
    /** The blob's size. */
    static final int BLOB_BYTES = 8;

    private final ConfigBlob blob = new ConfigBlob();
    private final byte[] config = new byte[BLOB_BYTES];
    private long current;
    private long start;
    private long target;
    private long rampFrames;
    private long rampPos;

    @Override
    protected int onInit(ModuleContext ctx) {
        toDefaults();
        return 0;
    }

    private void toDefaults() {
        current = UNITY;
        start = UNITY;
        target = UNITY;
        rampFrames = 0;
        rampPos = 0;
        Samples.putIntLe(config, 0, UNITY);
        Samples.putIntLe(config, 4, 0);
        blob.clear();
    }

    /** @return the gain of the last frame processed, Q8.24 */
    long currentGain() {
        return current;
    }

    private long nextGain() {
        final long r = rampFrames;
        if (rampPos < r) {
            rampPos++;
            current = start + (target - start) * rampPos / r;
        } else {
            current = target;
        }
        return current;
    }

    /**
     * @param samples the samples about to be processed
     * @return whether no ramp is running: every frame's gain is then {@link #target}, as
     *     {@link #nextGain} would give it frame by frame (and {@link #current} becomes it)
     */
    private boolean steady(int samples) {
        if (rampPos < rampFrames || samples == 0) {
            return false;
        }
        current = target;
        return true;
    }

    @Override
    protected void processS16(short[] buf) {
        if (steady(buf.length)) {
            final long g = target;
            for (int i = 0; i < buf.length; i++) {
                buf[i] = Samples.sat16((buf[i] * g + (1 << 23)) >> 24);
            }
            return;
        }
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            final long g = nextGain();
            for (int c = 0; c < ch; c++) {
                buf[i + c] = Samples.sat16((buf[i + c] * g + (1 << 23)) >> 24);
            }
        }
    }

    @Override
    protected void processS32(int[] buf) {
        if (steady(buf.length)) {
            final long g = target;
            if (g <= UNITY) {
                attenuateS32(buf, (int) g);
                return;
            }
            for (int i = 0; i < buf.length; i++) {
                buf[i] = Samples.sat32((buf[i] * g + (1 << 23)) >> 24);
            }
            return;
        }
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            final long g = nextGain();
            for (int c = 0; c < ch; c++) {
                buf[i + c] = Samples.sat32((buf[i + c] * g + (1 << 23)) >> 24);
            }
        }
    }

    /**
     * The steady loop at a gain of at most unity (the common case): {@code (x * g + 2^23) >> 24}
     * for every sample, bit for bit, in int arithmetic only, which HotSpot 17's SuperWord
     * vectorises (it does not vectorise the int-to-long conversion of the 64-bit form; a scratch
     * measurement of one stereo S32 period: about 55 ns before, 28 ns after). No saturation is
     * needed: {@code |x| <= 2^31} and {@code 0 <= g <= 2^24} put the result within
     * {@code [-2^31, 2^31 - 1]} (at {@code g = 2^24} it is {@code x}).
     *
     * <p>With {@code x = xh * 2^12 + xl} ({@code xh = x >> 12}, {@code 0 <= xl < 2^12}) and
     * {@code g = gh * 2^12 + gl} likewise,
     * {@code x * g + 2^23 = xh*gh * 2^24 + (xh*gl + xl*gh) * 2^12 + (xl*gl + 2^23)}, so with
     * {@code a = xh*gl}:
     * <pre>
     *   (x * g + 2^23) >> 24 = xh*gh + (a >> 12) + (((a &amp; 0xFFF) + xl*gh + ((xl*gl + 2^23) >> 12)) >> 12)
     * </pre>
     * (an integer floor division may be taken in steps: {@code floor((n * 2^12 + c) / 2^24) =
     * floor((n + floor(c / 2^12)) / 2^12)}, and {@code a} is split so the inner sum cannot
     * overflow). Every product fits in an int: {@code |xh*gh| <= 2^31}, {@code |a| < 2^31},
     * {@code xl*gh, xl*gl < 2^24}; the outer sum may wrap only on the way to a result that is
     * itself within the int range, so it is exact. {@code GainTest} compares it with the 64-bit
     * form at the edges and over random samples and gains.
     *
     * @param buf the samples, scaled in place
     * @param g   the gain, Q8.24, {@code 0 .. 2^24}
     */
    static void attenuateS32(int[] buf, int g) {
        final int gh = g >>> 12;
        final int gl = g & 0xFFF;
        for (int i = 0; i < buf.length; i++) {
            final int x = buf[i];
            final int xh = x >> 12;
            final int xl = x & 0xFFF;
            final int a = xh * gl;
            final int low = (a & 0xFFF) + xl * gh + ((xl * gl + (1 << 23)) >> 12);
            buf[i] = xh * gh + (a >> 12) + (low >> 12);
        }
    }

    @Override
    protected void processF32(int[] buf) {
        final int ch = channels;
        for (int i = 0; i < buf.length; i += ch) {
            final double g = nextGain() / Samples.Q24;
            for (int c = 0; c < ch; c++) {
                buf[i + c] = Float.floatToRawIntBits((float) (Float.intBitsToFloat(buf[i + c]) * g));
            }
        }
    }

    /**
     * Assembles and applies the blob documented on the class.
     *
     * @return 0; {@code -Errno.EINVAL} for a blob that is not 8 bytes, a negative gain, a ramp
     *     outside 0..10000 ms, or a fragment error (the gain and ramp are then unchanged)
     */
    @Override
    public int setConfiguration(int configId, ConfigFragment position, int dataOffsetSize,
            MemoryView fragment) {
        final int rc = blob.accept(position, dataOffsetSize, fragment);
        if (rc != ConfigBlob.COMPLETE) {
            return rc;
        }
        final byte[] b = blob.data();
        if (blob.size() != BLOB_BYTES) {
            return -Errno.EINVAL;
        }
        final int gain = Samples.getIntLe(b, 0);
        final int rampMs = Samples.getIntLe(b, 4);
        if (gain < 0 || rampMs < 0 || rampMs > MAX_RAMP_MS) {
            return -Errno.EINVAL;
        }
        System.arraycopy(b, 0, config, 0, BLOB_BYTES);
        start = current;
        target = gain;
        rampFrames = (long) rampMs * format.rate() / 1000;
        rampPos = 0;
        if (rampFrames == 0) {
            current = gain;
        }
        return 0;
    }

    /**
     * Writes the applied blob (target gain, ramp ms).
     *
     * @return 8, or {@code -Errno.EINVAL} if the reply buffer is shorter
     */
    @Override
    public int getConfiguration(int configId, MemoryView response) {
        return ConfigBlob.reply(config, BLOB_BYTES, response);
    }

    /**
     * Back to unity gain, no ramp, the default blob.
     *
     * @return 0
     */
    @Override
    public int reset() {
        toDefaults();
        return 0;
    }
}
