package org.sofj.llext;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.sofj.api.Errno;
import org.sofj.api.LibraryLoadException;
import org.sofj.llext.internal.manifest.FwHeaderDescriptor;
import org.sofj.llext.internal.manifest.ModConfigDescriptor;
import org.sofj.llext.internal.manifest.ModuleEntryDescriptor;

/**
 * What a real SOF image holds, for {@code sofj inspect}: a {@code .ri} firmware or library image
 * or an {@code .llext} file as rimage writes them. sofj cannot load such an image (it holds DSP
 * code); it only reads the manifest.
 *
 * <p>Layout, as the Linux driver finds it ({@code sound/soc/sof/ipc4-loader.c}): an optional
 * {@code $AE1} extended manifest ({@code struct sof_ext_manifest4_hdr}: id, len, version major and
 * minor, module count) whose {@code len} is skipped; then the image base, the {@code $CPD}
 * partition directory (rimage {@code cse.h}); then {@code struct sof_man_fw_desc} at
 * {@code MAN_DESC_OFFSET_V1_8} (0x2000) from the base ({@code MAN_DESC_OFFSET_V1_5}, 0x284, on
 * cAVS 1.5 images). Segment {@code file_offset}s count from the base. The reader needs only the
 * bytes up to the last config record.
 *
 * @param fileBytes      the file's length
 * @param extHeader      the {@code $AE1} header, or null if the file has none
 * @param cpd            the {@code $CPD} directory
 * @param manifestOffset where {@code $AM1} starts in the file
 * @param header         the {@code sof_man_fw_header}
 * @param modules        every {@code sof_man_module}, in index order
 * @param configs        every {@code sof_man_mod_config} the modules refer to, in order
 */
public record SofImage(long fileBytes, ExtHeader extHeader, Cpd cpd, int manifestOffset,
        BinaryManifest.Header header, List<Module> modules, List<BinaryManifest.Config> configs) {

    private static final int EXT_MAGIC = 0x31454124; // "$AE1", SOF_MAN_EXT_HEADER_MAGIC
    private static final int CPD_MAGIC = 0x44504324; // "$CPD", CSE_HEADER_MAKER
    private static final int CPD_ENTRY_LENGTH = 24; // sizeof(struct CsePartitionDirEntry)
    private static final int MAX_CPD_ENTRIES = 64;
    private static final int MAX_MODULES = 256;

    /**
     * Copies the lists.
     *
     * @param fileBytes the file's length
     * @param extHeader the {@code $AE1} header, or null if the file has none
     * @param cpd the {@code $CPD} directory
     * @param manifestOffset where {@code $AM1} starts in the file
     * @param header the {@code sof_man_fw_header}
     * @param modules every {@code sof_man_module}, in index order
     * @param configs every {@code sof_man_mod_config} the modules refer to, in order
     */
    public SofImage {
        Objects.requireNonNull(cpd, "cpd");
        Objects.requireNonNull(header, "header");
        modules = List.copyOf(modules);
        configs = List.copyOf(configs);
    }

    /**
     * {@code struct sof_ext_manifest4_hdr}.
     *
     * @param length         bytes to skip to the image base
     * @param versionMajor   its version
     * @param versionMinor   its version
     * @param moduleEntries  the module count it states
     */
    public record ExtHeader(int length, int versionMajor, int versionMinor, int moduleEntries) {
    }

    /**
     * The {@code $CPD} partition directory.
     *
     * @param offset        where it starts in the file (the image base)
     * @param partitionName its partition name, e.g. {@code ADSP}
     * @param entries       its entries
     */
    public record Cpd(int offset, String partitionName, List<CpdEntry> entries) {
        /**
         * Copies the list.
         *
         * @param offset where it starts in the file (the image base)
         * @param partitionName its partition name, e.g. {@code ADSP}
         * @param entries its entries
         */
        public Cpd {
            entries = List.copyOf(entries);
        }
    }

    /**
     * A {@code struct CsePartitionDirEntry}.
     *
     * @param name   its name, e.g. {@code ADSP.man}
     * @param offset its offset from the image base
     * @param length its length
     */
    public record CpdEntry(String name, int offset, int length) {
    }

    /**
     * One {@code sof_man_module} as it is in the file.
     *
     * @param name             its name
     * @param uuid             its UUID, from {@code struct sof_man_uuid} (a, b, c little-endian)
     * @param type             the {@code sof_man_module_type} word
     * @param entryPoint       the DSP address of its entry
     * @param cfgOffset        index of its first config record
     * @param cfgCount         number of its config records (0 for llext_aux modules)
     * @param affinityMask     the cores it may run on (0 for llext_aux modules)
     * @param instanceMaxCount the most instances at once
     * @param instanceBssSize  BSS per instance, pages
     * @param segments         TEXT, RODATA, BSS
     */
    public record Module(String name, UUID uuid, int type, int entryPoint, int cfgOffset,
            int cfgCount, long affinityMask, int instanceMaxCount, int instanceBssSize,
            List<BinaryManifest.Segment> segments) {

        /**
         * Copies the list.
         *
         * @param name its name
         * @param uuid its UUID, from {@code struct sof_man_uuid} (a, b, c little-endian)
         * @param type the {@code sof_man_module_type} word
         * @param entryPoint the DSP address of its entry
         * @param cfgOffset index of its first config record
         * @param cfgCount number of its config records (0 for llext_aux modules)
         * @param affinityMask the cores it may run on (0 for llext_aux modules)
         * @param instanceMaxCount the most instances at once
         * @param instanceBssSize BSS per instance, pages
         * @param segments TEXT, RODATA, BSS
         */
        public Module {
            segments = List.copyOf(segments);
        }

        /** {@return bits 0-3: 0 builtin, 1 module, 2 llext, 3 llext_aux} */
        public int loadType() {
            return type & 0xF;
        }

        /** {@return {@code load_type} as a word, or its number if SOF defines no name for it} */
        public String loadTypeName() {
            return switch (loadType()) {
                case 0 -> "builtin";
                case 1 -> "module";
                case 2 -> "llext";
                case 3 -> "llext_aux";
                default -> Integer.toString(loadType());
            };
        }

        /** {@return bit 4} */
        public boolean autoStart() {
            return bit(4);
        }

        /** {@return bit 5, {@code domain_ll}} */
        public boolean domainLl() {
            return bit(5);
        }

        /** {@return bit 6, {@code domain_dp}} */
        public boolean domainDp() {
            return bit(6);
        }

        /** {@return bit 7, {@code lib_code}} */
        public boolean libCode() {
            return bit(7);
        }

        /** {@return bits 8-11, {@code init_config}} */
        public int initConfig() {
            return type >>> 8 & 0xF;
        }

        /** {@return bit 17, {@code user_mode}} */
        public boolean userMode() {
            return bit(17);
        }

        private boolean bit(int n) {
            return (type >>> n & 1) != 0;
        }
    }

    /**
     * Tells a SOF image from other files by its magic number alone, without parsing it.
     *
     * @param bytes the first bytes of a file
     * @return whether they start as a SOF image ({@code $AE1} or {@code $CPD})
     */
    public static boolean looksLikeSofImage(byte[] bytes) {
        if (bytes.length < 4) {
            return false;
        }
        final int magic = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        return magic == EXT_MAGIC || magic == CPD_MAGIC;
    }

    /**
     * Reads a SOF firmware image or llext library file.
     *
     * @param file a {@code .ri} or {@code .llext} file
     * @return what it holds
     * @throws LibraryLoadException {@code -ENOENT} if it does not exist; {@code -EINVAL} naming the
     *     structure, field and value if it is not a readable SOF image
     */
    public static SofImage read(Path file) {
        try {
            return read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new LibraryLoadException(-Errno.ENOENT, file + ": no such file", e);
        } catch (IOException e) {
            throw new LibraryLoadException(-Errno.EINVAL, file + ": unreadable: " + e, e);
        }
    }

    /**
     * Reads a SOF firmware image or llext library from memory.
     *
     * @param bytes the file's bytes (a prefix that ends after the last config record will do)
     * @return what it holds
     * @throws LibraryLoadException {@code -EINVAL} naming the structure, field and value if it is
     *     not a readable SOF image
     */
    public static SofImage read(byte[] bytes) {
        final ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        need(bytes, 0, 4, "file");
        ExtHeader ext = null;
        int base = 0;
        if (buf.getInt(0) == EXT_MAGIC) {
            need(bytes, 0, 16, "$AE1 header");
            final int len = buf.getInt(4);
            if (len < 16 || len >= bytes.length) {
                throw invalid("$AE1 header len=" + Integer.toUnsignedString(len) + " must be in [16, "
                        + bytes.length + ") (the file's length)");
            }
            ext = new ExtHeader(len, u16(buf, 8), u16(buf, 10), buf.getInt(12));
            base = len;
        }
        final Cpd cpd = readCpd(bytes, buf, base);
        final int at = findManifest(bytes, buf, base);
        final BinaryManifest.Header header = readHeader(bytes, buf, at);
        final int n = buf.getInt(at + FwHeaderDescriptor.NUM_MODULE_ENTRIES_OFFSET);
        if (n < 0 || n > MAX_MODULES) {
            throw invalid("sof_man_fw_header.num_module_entries=" + Integer.toUnsignedString(n)
                    + " must be in [0, " + MAX_MODULES + "]");
        }
        final int first = at + FwHeaderDescriptor.LENGTH;
        need(bytes, first, n * ModuleEntryDescriptor.LENGTH, n + " sof_man_module entries");
        final List<Module> modules = new ArrayList<>(n);
        int cfgEnd = 0;
        for (int i = 0; i < n; i++) {
            final Module m = readModule(bytes, buf, first + i * ModuleEntryDescriptor.LENGTH, i);
            modules.add(m);
            cfgEnd = Math.max(cfgEnd, m.cfgOffset() + m.cfgCount());
        }
        final int cfgAt = first + n * ModuleEntryDescriptor.LENGTH;
        need(bytes, cfgAt, cfgEnd * ModConfigDescriptor.LENGTH, cfgEnd + " sof_man_mod_config records");
        final List<BinaryManifest.Config> configs = new ArrayList<>(cfgEnd);
        for (int j = 0; j < cfgEnd; j++) {
            final int c = cfgAt + j * ModConfigDescriptor.LENGTH;
            final int[] w = new int[11];
            for (int k = 0; k < w.length; k++) {
                w[k] = buf.getInt(c + 4 * k);
            }
            configs.add(new BinaryManifest.Config(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7],
                    w[8], w[9], w[10]));
        }
        return new SofImage(bytes.length, ext, cpd, at, header, modules, configs);
    }

    private static Cpd readCpd(byte[] bytes, ByteBuffer buf, int base) {
        need(bytes, base, 16, "$CPD header");
        if (buf.getInt(base) != CPD_MAGIC) {
            throw invalid("no $CPD partition directory at offset 0x" + Integer.toHexString(base)
                    + ": found \"" + ascii(bytes, base, 4) + "\"");
        }
        final int count = buf.getInt(base + 4);
        final int headerLength = bytes[base + 10] & 0xFF;
        if (count < 0 || count > MAX_CPD_ENTRIES || headerLength < 16) {
            throw invalid("$CPD nb_entries=" + Integer.toUnsignedString(count) + " header_length="
                    + headerLength + ": need at most " + MAX_CPD_ENTRIES
                    + " entries and a header of at least 16 bytes");
        }
        need(bytes, base + headerLength, count * CPD_ENTRY_LENGTH, count + " $CPD entries");
        final List<CpdEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int e = base + headerLength + i * CPD_ENTRY_LENGTH;
            entries.add(new CpdEntry(ascii(bytes, e, 12), buf.getInt(e + 12), buf.getInt(e + 16)));
        }
        return new Cpd(base, ascii(bytes, base + 12, 4), entries);
    }

    private static int findManifest(byte[] bytes, ByteBuffer buf, int base) {
        for (int offset : new int[] {FwHeaderDescriptor.MANIFEST_OFFSET_V1_8,
            FwHeaderDescriptor.MANIFEST_OFFSET_V1_5}) {
            final int at = base + offset;
            if (at + FwHeaderDescriptor.LENGTH <= bytes.length
                    && FwHeaderDescriptor.HEADER_ID.equals(ascii(bytes, at, 4))) {
                return at;
            }
        }
        throw invalid("no $AM1 manifest at 0x" + Integer.toHexString(
                FwHeaderDescriptor.MANIFEST_OFFSET_V1_8) + " or 0x"
                + Integer.toHexString(FwHeaderDescriptor.MANIFEST_OFFSET_V1_5)
                + " from the image base 0x" + Integer.toHexString(base) + " (file length "
                + bytes.length + ")");
    }

    private static BinaryManifest.Header readHeader(byte[] bytes, ByteBuffer buf, int at) {
        final int len = buf.getInt(at + FwHeaderDescriptor.HEADER_LEN_OFFSET);
        if (len != FwHeaderDescriptor.LENGTH) {
            throw invalid("sof_man_fw_header.header_len=" + Integer.toUnsignedString(len)
                    + " must be " + FwHeaderDescriptor.LENGTH);
        }
        return new BinaryManifest.Header(ascii(bytes, at + FwHeaderDescriptor.NAME_OFFSET, 8),
                buf.getInt(at + FwHeaderDescriptor.PRELOAD_PAGE_COUNT_OFFSET),
                buf.getInt(at + FwHeaderDescriptor.FW_IMAGE_FLAGS_OFFSET),
                buf.getInt(at + FwHeaderDescriptor.FEATURE_MASK_OFFSET),
                u16(buf, at + FwHeaderDescriptor.MAJOR_VERSION_OFFSET),
                u16(buf, at + FwHeaderDescriptor.MINOR_VERSION_OFFSET),
                u16(buf, at + FwHeaderDescriptor.HOTFIX_VERSION_OFFSET),
                u16(buf, at + FwHeaderDescriptor.BUILD_VERSION_OFFSET),
                buf.getInt(at + FwHeaderDescriptor.FW_COMPAT_OFFSET),
                buf.getInt(at + FwHeaderDescriptor.HW_BUF_LENGTH_OFFSET),
                buf.getInt(at + FwHeaderDescriptor.LOAD_OFFSET_OFFSET));
    }

    private static Module readModule(byte[] bytes, ByteBuffer buf, int at, int index) {
        if (!ModuleEntryDescriptor.STRUCT_ID.equals(ascii(bytes, at, 4))) {
            throw invalid("sof_man_module[" + index + "].struct_id=\"" + ascii(bytes, at, 4)
                    + "\" must be \"" + ModuleEntryDescriptor.STRUCT_ID + "\"");
        }
        final int u = at + ModuleEntryDescriptor.UUID_OFFSET;
        final long msb = (buf.getInt(u) & 0xFFFF_FFFFL) << 32 | (long) u16(buf, u + 4) << 16
                | u16(buf, u + 6);
        final long lsb = ByteBuffer.wrap(bytes, u + 8, 8).order(ByteOrder.BIG_ENDIAN).getLong();
        final List<BinaryManifest.Segment> segments = new ArrayList<>(3);
        for (int s = 0; s < ModuleEntryDescriptor.SEGMENT_COUNT; s++) {
            final int so = at + ModuleEntryDescriptor.SEGMENT_OFFSET
                    + s * ModuleEntryDescriptor.SEGMENT_LENGTH;
            segments.add(new BinaryManifest.Segment(buf.getInt(so), buf.getInt(so + 4),
                    buf.getInt(so + 8)));
        }
        return new Module(ascii(bytes, at + ModuleEntryDescriptor.NAME_OFFSET, 8),
                new UUID(msb, lsb), buf.getInt(at + ModuleEntryDescriptor.TYPE_OFFSET),
                buf.getInt(at + ModuleEntryDescriptor.ENTRY_POINT_OFFSET),
                u16(buf, at + ModuleEntryDescriptor.CFG_OFFSET_OFFSET),
                u16(buf, at + ModuleEntryDescriptor.CFG_COUNT_OFFSET),
                buf.getInt(at + ModuleEntryDescriptor.AFFINITY_MASK_OFFSET) & 0xFFFF_FFFFL,
                u16(buf, at + ModuleEntryDescriptor.INSTANCE_MAX_COUNT_OFFSET),
                u16(buf, at + ModuleEntryDescriptor.INSTANCE_BSS_SIZE_OFFSET), segments);
    }

    private static void need(byte[] bytes, int at, long length, String what) {
        if (at < 0 || at + length > bytes.length) {
            throw invalid(what + " at offset 0x" + Integer.toHexString(at) + " needs " + length
                    + " bytes; the file has " + bytes.length);
        }
    }

    /** Printable ASCII up to the first NUL; other bytes as {@code \xNN}. */
    private static String ascii(byte[] bytes, int at, int len) {
        final StringBuilder sb = new StringBuilder(len);
        for (int k = 0; k < len && at + k < bytes.length; k++) {
            final int c = bytes[at + k] & 0xFF;
            if (c == 0) {
                break;
            }
            if (c < 0x20 || c > 0x7E) {
                sb.append(String.format("\\x%02x", c));
            } else {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    private static int u16(ByteBuffer buf, int at) {
        return buf.getShort(at) & 0xFFFF;
    }

    private static LibraryLoadException invalid(String why) {
        return new LibraryLoadException(-Errno.EINVAL, "SOF image: " + why);
    }
}
