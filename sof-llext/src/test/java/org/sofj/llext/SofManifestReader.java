package org.sofj.llext;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of {@code struct sof_man_fw_desc} written for the tests only, from rimage's
 * {@code tools/rimage/src/include/rimage/sof/user/manifest.h} (thesofproject/sof main), with its
 * own offsets and no code shared with sofj's codec. Each offset names the header's field.
 */
final class SofManifestReader {
    /** sizeof(struct sof_man_fw_header): 4 + 4 + 8 + 4 * 3 + 2 * 4 + 4 * 4. */
    static final int FW_HEADER_SIZE = 52;
    /** sizeof(struct sof_man_module): union{u8[4]} + u8[8] + 16 + 4 + 32 + 4 + 2+2 + 4 + 2+2 + 3*12. */
    static final int MODULE_SIZE = 116;
    /** sizeof(struct sof_man_mod_config): eleven uint32_t. */
    static final int CONFIG_SIZE = 44;

    record Header(String headerId, int headerLen, String name, int preloadPageCount,
            int fwImageFlags, int featureMask, int major, int minor, int hotfix, int build,
            int numModuleEntries, int fwCompat, int hwBufLength, int loadOffset) {
    }

    record Segment(int flags, int vBaseAddr, int fileOffset) {
    }

    record Module(String structId, String name, String uuid, int type, byte[] hash,
            int entryPoint, int cfgOffset, int cfgCount, int affinityMask, int instanceMaxCount,
            int instanceBssSize, List<Segment> segments) {
    }

    record Desc(Header header, List<Module> modules, List<int[]> configs) {
    }

    private SofManifestReader() {
    }

    /**
     * @param b   bytes holding a manifest
     * @param at  where {@code $AM1} starts
     * @param cfg how many config records to read
     */
    static Desc read(byte[] b, int at, int cfg) {
        final ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        final Header h = new Header(ascii(b, at, 4), buf.getInt(at + 4), ascii(b, at + 8, 8),
                buf.getInt(at + 16), buf.getInt(at + 20), buf.getInt(at + 24),
                u16(buf, at + 28), u16(buf, at + 30), u16(buf, at + 32), u16(buf, at + 34),
                buf.getInt(at + 36), buf.getInt(at + 40), buf.getInt(at + 44),
                buf.getInt(at + 48));
        final List<Module> modules = new ArrayList<>();
        for (int i = 0; i < h.numModuleEntries(); i++) {
            // SOF_MAN_MODULE_OFFSET(i) = sizeof(struct sof_man_fw_header) + i * sizeof(module)
            final int m = at + h.headerLen() + i * MODULE_SIZE;
            final List<Segment> segs = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                final int so = m + 80 + 12 * s;
                segs.add(new Segment(buf.getInt(so), buf.getInt(so + 4), buf.getInt(so + 8)));
            }
            final byte[] hash = new byte[32];
            System.arraycopy(b, m + 32, hash, 0, 32);
            modules.add(new Module(ascii(b, m, 4), ascii(b, m + 4, 8), uuid(buf, m + 12),
                    buf.getInt(m + 28), hash, buf.getInt(m + 64), u16(buf, m + 68),
                    u16(buf, m + 70), buf.getInt(m + 72), u16(buf, m + 76), u16(buf, m + 78),
                    segs));
        }
        final List<int[]> configs = new ArrayList<>();
        final int c0 = at + h.headerLen() + h.numModuleEntries() * MODULE_SIZE;
        for (int j = 0; j < cfg; j++) {
            final int[] w = new int[11];
            for (int k = 0; k < 11; k++) {
                w[k] = buf.getInt(c0 + j * CONFIG_SIZE + 4 * k);
            }
            configs.add(w);
        }
        return new Desc(h, modules, configs);
    }

    private static String ascii(byte[] b, int at, int len) {
        int n = 0;
        while (n < len && b[at + n] != 0) {
            n++;
        }
        return new String(b, at, n, StandardCharsets.US_ASCII);
    }

    private static int u16(ByteBuffer buf, int at) {
        return buf.getShort(at) & 0xFFFF;
    }

    /** struct sof_man_uuid { uint32_t a; uint16_t b; uint16_t c; uint8_t d[8]; }, all LE. */
    private static String uuid(ByteBuffer buf, int at) {
        final StringBuilder d = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            d.append(String.format("%02x", buf.get(at + 8 + k) & 0xFF));
            if (k == 1) {
                d.append('-');
            }
        }
        return String.format("%08x-%04x-%04x-", buf.getInt(at), u16(buf, at + 4),
                u16(buf, at + 6)) + d;
    }
}
