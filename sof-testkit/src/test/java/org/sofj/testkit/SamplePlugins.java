package org.sofj.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.sofj.api.spi.ModuleProvider;
import org.sofj.plugins.sample.internal.SampleModuleProvider;

/** The sample plugin library's provider and the FIR table it ships, for the tests. */
final class SamplePlugins {
    /** The FIR table the library ships as a jar resource. */
    static final String FIR_TABLE = "/META-INF/sofj/fir/lowpass-1024.taps";

    private SamplePlugins() {
    }

    static ModuleProvider provider() {
        return new SampleModuleProvider();
    }

    /** @return the shipped 1024-tap table: taps count, then Q1.31 taps, little-endian */
    static byte[] firTable() {
        try (InputStream in = SampleModuleProvider.class.getResourceAsStream(FIR_TABLE)) {
            if (in == null) {
                throw new IllegalStateException(FIR_TABLE + " is not in the plugins-sample jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first {@code taps} taps of the shipped table as a table of their own. A placed blob
     * must fit the 4 KiB hostbox, which the 4100-byte shipped table does not; 512 taps (2052
     * bytes) still take fast_get's large, shared, read-only-granted path (above 2048 bytes).
     */
    static byte[] firTable(int taps) {
        final ByteBuffer full = ByteBuffer.wrap(firTable()).order(ByteOrder.LITTLE_ENDIAN);
        final ByteBuffer out = ByteBuffer.allocate(4 + 4 * taps).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(taps);
        for (int k = 0; k < taps; k++) {
            out.putInt(full.getInt(4 + 4 * k));
        }
        return out.array();
    }

    /** @param table a table @return its taps as doubles scaled by 2^-31 */
    static double[] taps(byte[] table) {
        final ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        final double[] h = new double[b.getInt(0)];
        for (int k = 0; k < h.length; k++) {
            h[k] = b.getInt(4 + 4 * k) / 2147483648.0;
        }
        return h;
    }
}
