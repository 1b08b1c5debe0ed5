package org.sofj.llext.internal.manifest;

import static org.sofj.llext.internal.manifest.ModuleEntryDescriptor.SEGMENT_COUNT;
import static org.sofj.llext.internal.manifest.ModuleEntryDescriptor.SEGMENT_LENGTH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.BinaryManifest;
import org.sofj.llext.BinaryManifest.Config;
import org.sofj.llext.BinaryManifest.Entry;
import org.sofj.llext.BinaryManifest.Header;
import org.sofj.llext.BinaryManifest.Segment;

/**
 * Writes and reads {@link BinaryManifest} in SOF's layout: the header at 0, entry {@code i} at
 * {@code 52 + 116 i}, config record {@code j} at {@code 52 + 116 n + 44 j}.
 */
public final class ManifestCodec {
    private static final HexFormat HEX = HexFormat.of();

    private ManifestCodec() {
    }

    /**
     * @param entries number of module entries
     * @return the length of a manifest with that many entries
     */
    public static int length(int entries) {
        return FwHeaderDescriptor.LENGTH
                + entries * (ModuleEntryDescriptor.LENGTH + ModConfigDescriptor.LENGTH);
    }

    /**
     * @param entries number of module entries
     * @param index   an entry index
     * @return the offset of entry {@code index}
     */
    public static int entryOffset(int entries, int index) {
        return FwHeaderDescriptor.LENGTH + index * ModuleEntryDescriptor.LENGTH;
    }

    /**
     * @param entries number of module entries
     * @param index   a config index
     * @return the offset of config record {@code index}
     */
    public static int configOffset(int entries, int index) {
        return FwHeaderDescriptor.LENGTH + entries * ModuleEntryDescriptor.LENGTH
                + index * ModConfigDescriptor.LENGTH;
    }

    /**
     * @param manifest a manifest whose entry {@code i} has {@code cfg_offset = i}
     * @return its bytes
     */
    public static byte[] write(BinaryManifest manifest) {
        final int n = manifest.entries().size();
        final ByteBuffer buf = ByteBuffer.allocate(length(n)).order(ByteOrder.LITTLE_ENDIAN);
        writeHeader(buf, manifest.header(), n);
        for (int i = 0; i < n; i++) {
            final Entry e = manifest.entries().get(i);
            if (e.cfgOffset() != i || e.cfgCount() != 1) {
                throw new IllegalArgumentException("module=" + e.name() + " cfgOffset="
                        + e.cfgOffset() + " cfgCount=" + e.cfgCount() + " must be " + i + " and 1");
            }
            writeEntry(buf, entryOffset(n, i), e);
            writeConfig(buf, configOffset(n, i), e.config());
        }
        return buf.array();
    }

    private static void writeHeader(ByteBuffer buf, Header h, int n) {
        buf.put(FwHeaderDescriptor.HEADER_ID_OFFSET,
                FwHeaderDescriptor.HEADER_ID.getBytes(StandardCharsets.US_ASCII));
        buf.putInt(FwHeaderDescriptor.HEADER_LEN_OFFSET, FwHeaderDescriptor.LENGTH);
        putAscii(buf, FwHeaderDescriptor.NAME_OFFSET, h.name(), "sof_man_fw_header.name");
        buf.putInt(FwHeaderDescriptor.PRELOAD_PAGE_COUNT_OFFSET, h.preloadPageCount());
        buf.putInt(FwHeaderDescriptor.FW_IMAGE_FLAGS_OFFSET, h.fwImageFlags());
        buf.putInt(FwHeaderDescriptor.FEATURE_MASK_OFFSET, h.featureMask());
        putU16(buf, FwHeaderDescriptor.MAJOR_VERSION_OFFSET, h.majorVersion(),
                "sof_man_fw_header.major_version: majorVersion");
        putU16(buf, FwHeaderDescriptor.MINOR_VERSION_OFFSET, h.minorVersion(),
                "sof_man_fw_header.minor_version: minorVersion");
        putU16(buf, FwHeaderDescriptor.HOTFIX_VERSION_OFFSET, h.hotfixVersion(),
                "sof_man_fw_header.hotfix_version: hotfixVersion");
        putU16(buf, FwHeaderDescriptor.BUILD_VERSION_OFFSET, h.buildVersion(),
                "sof_man_fw_header.build_version: buildVersion");
        buf.putInt(FwHeaderDescriptor.NUM_MODULE_ENTRIES_OFFSET, n);
        buf.putInt(FwHeaderDescriptor.FW_COMPAT_OFFSET, h.fwCompat());
        buf.putInt(FwHeaderDescriptor.HW_BUF_LENGTH_OFFSET, h.hwBufLength());
        buf.putInt(FwHeaderDescriptor.LOAD_OFFSET_OFFSET, h.loadOffset());
    }

    private static void writeEntry(ByteBuffer buf, int at, Entry e) {
        buf.put(at + ModuleEntryDescriptor.STRUCT_ID_OFFSET,
                ModuleEntryDescriptor.STRUCT_ID.getBytes(StandardCharsets.US_ASCII));
        putAscii(buf, at + ModuleEntryDescriptor.NAME_OFFSET, e.name(), "sof_man_module.name");
        putUuid(buf, at + ModuleEntryDescriptor.UUID_OFFSET, e.uuid());
        buf.putInt(at + ModuleEntryDescriptor.TYPE_OFFSET, e.type());
        buf.put(at + ModuleEntryDescriptor.HASH_OFFSET, HEX.parseHex(e.hash()));
        buf.putInt(at + ModuleEntryDescriptor.ENTRY_POINT_OFFSET, e.entryPoint());
        buf.putShort(at + ModuleEntryDescriptor.CFG_OFFSET_OFFSET, (short) e.cfgOffset());
        buf.putShort(at + ModuleEntryDescriptor.CFG_COUNT_OFFSET, (short) e.cfgCount());
        buf.putInt(at + ModuleEntryDescriptor.AFFINITY_MASK_OFFSET, e.affinityMask());
        putU16(buf, at + ModuleEntryDescriptor.INSTANCE_MAX_COUNT_OFFSET, e.instanceMaxCount(),
                "sof_man_module.instance_max_count of module=" + e.name() + ": instanceMaxCount");
        putU16(buf, at + ModuleEntryDescriptor.INSTANCE_BSS_SIZE_OFFSET, e.instanceBssSize(),
                "sof_man_module.instance_bss_size of module=" + e.name() + ": instanceBssSize");
        for (int s = 0; s < SEGMENT_COUNT; s++) {
            final Segment seg = e.segments().get(s);
            final int so = at + ModuleEntryDescriptor.SEGMENT_OFFSET + s * SEGMENT_LENGTH;
            buf.putInt(so + ModuleEntryDescriptor.SEGMENT_FLAGS, seg.flags());
            buf.putInt(so + ModuleEntryDescriptor.SEGMENT_V_BASE_ADDR, seg.vBaseAddr());
            buf.putInt(so + ModuleEntryDescriptor.SEGMENT_FILE_OFFSET, seg.fileOffset());
        }
    }

    private static void writeConfig(ByteBuffer buf, int at, Config c) {
        final int[] words = {c.heapBytes(), c.stackBytes(), c.par2(), c.par3(), c.isBytes(),
            c.cps(), c.ibs(), c.obs(), c.moduleFlags(), c.cpc(), c.obls()};
        for (int w = 0; w < words.length; w++) {
            buf.putInt(at + 4 * w, words[w]);
        }
    }

    /**
     * @param bytes a manifest
     * @return it parsed and validated
     * @throws LibraryLoadException {@code -EINVAL} naming the field and value that is wrong
     */
    public static BinaryManifest read(byte[] bytes) {
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < FwHeaderDescriptor.LENGTH) {
            throw invalid("length=" + bytes.length + " is shorter than sof_man_fw_header ("
                    + FwHeaderDescriptor.LENGTH + ")");
        }
        expectId(buf, 0, FwHeaderDescriptor.HEADER_ID, "sof_man_fw_header.header_id");
        final int headerLen = buf.getInt(FwHeaderDescriptor.HEADER_LEN_OFFSET);
        if (headerLen != FwHeaderDescriptor.LENGTH) {
            throw invalid("sof_man_fw_header.header_len=" + Integer.toUnsignedString(headerLen)
                    + " must be "
                    + FwHeaderDescriptor.LENGTH);
        }
        final int n = buf.getInt(FwHeaderDescriptor.NUM_MODULE_ENTRIES_OFFSET);
        if (n < 1 || n > BinaryManifest.MAX_MODULES || bytes.length != length(n)) {
            // u32 in the file: print it unsigned; n is bounded before length(n) multiplies it
            throw invalid("sof_man_fw_header.num_module_entries=" + Integer.toUnsignedString(n)
                    + " with length="
                    + bytes.length + ": need 1.." + BinaryManifest.MAX_MODULES
                    + " entries and length 52 + 160 * entries");
        }
        final List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            final Entry e = readEntry(buf, n, i);
            for (int j = 0; j < i; j++) {
                // SOF registers a module's driver by its UUID and sofj finds a type by its name:
                // a second entry with either would be unreachable
                final Entry d = entries.get(j);
                if (d.uuid().equals(e.uuid())) {
                    throw invalid("sof_man_module[" + i + "].uuid=" + e.uuid() + " is also "
                            + "sof_man_module[" + j + "]'s (" + d.name() + ")");
                }
                if (d.name().equals(e.name())) {
                    throw invalid("sof_man_module[" + i + "].name=\"" + e.name() + "\" is also "
                            + "sof_man_module[" + j + "]'s");
                }
            }
            entries.add(e);
        }
        final BinaryManifest manifest = new BinaryManifest(readHeader(buf), entries);
        for (int i = 0; i < n; i++) {
            try {
                entries.get(i).description();
            } catch (IllegalArgumentException e) {
                // which entry: not every field's own message names its module (load_type's)
                throw invalid("sof_man_module[" + i + "] (" + entries.get(i).name() + "): "
                        + e.getMessage());
            }
        }
        return manifest;
    }

    private static Header readHeader(ByteBuffer buf) {
        return new Header(getAscii(buf, FwHeaderDescriptor.NAME_OFFSET, "sof_man_fw_header.name"),
                buf.getInt(FwHeaderDescriptor.PRELOAD_PAGE_COUNT_OFFSET),
                buf.getInt(FwHeaderDescriptor.FW_IMAGE_FLAGS_OFFSET),
                buf.getInt(FwHeaderDescriptor.FEATURE_MASK_OFFSET),
                u16(buf, FwHeaderDescriptor.MAJOR_VERSION_OFFSET),
                u16(buf, FwHeaderDescriptor.MINOR_VERSION_OFFSET),
                u16(buf, FwHeaderDescriptor.HOTFIX_VERSION_OFFSET),
                u16(buf, FwHeaderDescriptor.BUILD_VERSION_OFFSET),
                buf.getInt(FwHeaderDescriptor.FW_COMPAT_OFFSET),
                buf.getInt(FwHeaderDescriptor.HW_BUF_LENGTH_OFFSET),
                buf.getInt(FwHeaderDescriptor.LOAD_OFFSET_OFFSET));
    }

    private static Entry readEntry(ByteBuffer buf, int n, int i) {
        final int at = entryOffset(n, i);
        final String where = "sof_man_module[" + i + "]";
        expectId(buf, at, ModuleEntryDescriptor.STRUCT_ID, where + ".struct_id");
        final int cfgOffset = u16(buf, at + ModuleEntryDescriptor.CFG_OFFSET_OFFSET);
        final int cfgCount = u16(buf, at + ModuleEntryDescriptor.CFG_COUNT_OFFSET);
        if (cfgOffset != i || cfgCount != 1) {
            throw invalid(where + ".cfg_offset=" + cfgOffset + " cfg_count=" + cfgCount
                    + " must be " + i + " and 1");
        }
        final List<Segment> segments = new ArrayList<>(SEGMENT_COUNT);
        for (int s = 0; s < SEGMENT_COUNT; s++) {
            final int so = at + ModuleEntryDescriptor.SEGMENT_OFFSET + s * SEGMENT_LENGTH;
            segments.add(new Segment(buf.getInt(so), buf.getInt(so + 4), buf.getInt(so + 8)));
        }
        final byte[] hash = new byte[ModuleEntryDescriptor.HASH_LENGTH];
        buf.get(at + ModuleEntryDescriptor.HASH_OFFSET, hash);
        return new Entry(getAscii(buf, at + ModuleEntryDescriptor.NAME_OFFSET, where + ".name"),
                getUuid(buf, at + ModuleEntryDescriptor.UUID_OFFSET),
                buf.getInt(at + ModuleEntryDescriptor.TYPE_OFFSET), HEX.formatHex(hash),
                buf.getInt(at + ModuleEntryDescriptor.ENTRY_POINT_OFFSET), cfgOffset, cfgCount,
                buf.getInt(at + ModuleEntryDescriptor.AFFINITY_MASK_OFFSET),
                u16(buf, at + ModuleEntryDescriptor.INSTANCE_MAX_COUNT_OFFSET),
                u16(buf, at + ModuleEntryDescriptor.INSTANCE_BSS_SIZE_OFFSET), segments,
                readConfig(buf, configOffset(n, i)));
    }

    private static Config readConfig(ByteBuffer buf, int at) {
        final int[] w = new int[11];
        for (int k = 0; k < w.length; k++) {
            w[k] = buf.getInt(at + 4 * k);
        }
        return new Config(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8], w[9], w[10]);
    }

    /**
     * A name in its 8-byte field: printable ASCII without spaces, as {@link #getAscii} reads it
     * back; anything else is refused rather than replaced ({@code getBytes} would write '?').
     */
    private static void putAscii(ByteBuffer buf, int at, String text, String field) {
        if (text.length() > FwHeaderDescriptor.NAME_LENGTH) {
            throw new IllegalArgumentException(field + ": name=\"" + text + "\" is longer than "
                    + FwHeaderDescriptor.NAME_LENGTH + " bytes");
        }
        for (int k = 0; k < text.length(); k++) {
            final char c = text.charAt(k);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException(field + ": name=\"" + text + "\" character "
                        + k + " (U+" + String.format("%04X", (int) c)
                        + ") is not printable ASCII");
            }
        }
        buf.put(at, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A {@code uint16_t} field: refused, not cut to 16 bits, when the value does not fit. */
    private static void putU16(ByteBuffer buf, int at, int value, String field) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException(field + "=" + value
                    + " does not fit a uint16_t (0..65535)");
        }
        buf.putShort(at, (short) value);
    }

    private static String getAscii(ByteBuffer buf, int at, String field) {
        final StringBuilder sb = new StringBuilder(FwHeaderDescriptor.NAME_LENGTH);
        for (int k = 0; k < FwHeaderDescriptor.NAME_LENGTH; k++) {
            final int c = buf.get(at + k) & 0xFF;
            if (c == 0) {
                for (int z = k + 1; z < FwHeaderDescriptor.NAME_LENGTH; z++) {
                    if (buf.get(at + z) != 0) {
                        // rimage's strncpy pads the field with NUL to its end
                        throw invalid(field + " byte " + z + "=0x"
                                + Integer.toHexString(buf.get(at + z) & 0xFF)
                                + " follows its NUL terminator at byte " + k);
                    }
                }
                break;
            }
            if (c < 0x21 || c > 0x7E) {
                throw invalid(field + " byte " + k + "=0x" + Integer.toHexString(c)
                        + " is not printable ASCII");
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static void expectId(ByteBuffer buf, int at, String id, String field) {
        final byte[] b = new byte[4];
        buf.get(at, b);
        final String got = new String(b, StandardCharsets.ISO_8859_1);
        if (!got.equals(id)) {
            // its bytes, not its characters: a NUL or a line feed must not reach the message
            final boolean printable = got.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
            throw invalid(field + "=" + (printable ? "\"" + got + "\""
                    : "bytes " + HEX.formatHex(b)) + " must be \"" + id + "\"");
        }
    }

    private static void putUuid(ByteBuffer buf, int at, UUID uuid) {
        final long msb = uuid.getMostSignificantBits();
        buf.putInt(at, (int) (msb >>> 32));
        buf.putShort(at + 4, (short) (msb >>> 16));
        buf.putShort(at + 6, (short) msb);
        buf.order(ByteOrder.BIG_ENDIAN).putLong(at + 8, uuid.getLeastSignificantBits());
        buf.order(ByteOrder.LITTLE_ENDIAN);
    }

    private static UUID getUuid(ByteBuffer buf, int at) {
        final long msb = (buf.getInt(at) & 0xFFFF_FFFFL) << 32
                | (long) u16(buf, at + 4) << 16 | u16(buf, at + 6);
        final long lsb = buf.order(ByteOrder.BIG_ENDIAN).getLong(at + 8);
        buf.order(ByteOrder.LITTLE_ENDIAN);
        return new UUID(msb, lsb);
    }

    private static int u16(ByteBuffer buf, int at) {
        return buf.getShort(at) & 0xFFFF;
    }

    private static LibraryLoadException invalid(String message) {
        return new LibraryLoadException(-Errno.EINVAL, "manifest.bin: " + message);
    }
}
